"""Decision-conference checks on a workshop session (issue 13; Phillips 2007, "Decision
conferencing", *Advances in Decision Analysis* ch. 19; DCLG 2009 MCA manual, ch. 6):

- **gut versus model**: each participant records an intuitive ranking of the session
  region's options; the facilitator sees it beside the model's ranking with that
  participant's weights and with the group's, and the disagreements to discuss
  (:mod:`appraisal.gut_check`);
- **scoring rounds**: the facilitator opens a round for chosen criteria; participants
  score the region's options on them by described level; the facilitator sees per cell
  the median, minimum, maximum and agreement, and the spread feeds the workshop's SMAA
  (:mod:`appraisal.scoring_round`).

Stored in the workshop tables (schema v5). A participant's gut ranking and round scores
are kept per revision (the latest counts), like weight submissions; each write locks the
participant's row, and opening or closing a round locks the session's row, so revision
and round numbers are taken in turn on every engine. Facilitator actions need the
facilitator secret (checked by the Workshop's guard) and are written to the audit trail.
The model ranks and SMAA come from :func:`appraisal.run.run`: nothing here computes an
appraisal itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from appraisal.checks import check_id, check_list
from appraisal.gut_check import GutCheck, check_ranking, gut_check
from appraisal.mcda import BatchRanking
from appraisal.scoring_round import CellSummary, check_sheet, ranks_with_medians, round_mixture, summarise
from appraisal.store.errors import StoreError
from appraisal.store.models import (
    GutRankingRow,
    ParticipantRow,
    RoundScoreRow,
    ScoringRoundRow,
    WorkshopSessionRow,
    utcnow,
)
from appraisal.store.repository import append_audit
from appraisal.store.workshop import (
    MAX_REVISIONS,
    OPEN,
    Participant,
    SessionInfo,
    Submission,
    Workshop,
    _info,
    _participant,
    aggregate,
    stakeholder_weights,
)

CLOSED = "closed"
MAX_ROUNDS = 50
MAX_ROUND_CRITERIA = 100


@dataclass(frozen=True)
class GutRanking:
    participant: Participant
    revision: int
    ranking: tuple[str, ...]  # option ids, best first
    submitted_at: datetime


@dataclass(frozen=True)
class ScoringRound:
    number: int
    criteria: tuple[str, ...]
    status: str
    opened_at: datetime
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


@dataclass(frozen=True)
class RoundSheet:
    participant: Participant
    round: int
    revision: int
    scores: Mapping[str, Mapping[str, float]]  # {option: {criterion: score}}
    submitted_at: datetime


@dataclass(frozen=True)
class ConferenceView:
    """What the facilitator sees of the checks (needs the secret)."""

    session: SessionInfo
    region: str
    gut: GutCheck
    rounds: tuple[ScoringRound, ...]
    sheets: tuple[RoundSheet, ...]  # latest of each participant in each round
    cells: tuple[CellSummary, ...]  # every scored cell (a later round replaces an earlier one)
    #: the group's ranks with the data's scores (row 0) and the rounds' medians (row 1);
    #: None without weights or scored cells
    round_ranks: BatchRanking | None = None

    @property
    def open_round(self) -> ScoringRound | None:
        return next((r for r in reversed(self.rounds) if r.is_open), None)


# ----------------------------------------------------------------------------- engine glue


def region_problem(dataset: Any, inputs: Any, region: str):
    """The region's problem in the run of ``inputs`` (score edits and all)."""
    from appraisal.run import run

    return run(dataset, inputs.with_changes(regions=(region,))).region(region).problem


def session_gut_check(
    problem: Any, submissions: Sequence[Submission], rankings: Sequence[GutRanking]
) -> GutCheck:
    """Each gut ranking against the model with its participant's latest weights (or the
    group's when they gave none) and with the group's (the arithmetic mean of everyone's
    latest weights). A ranking of other options than the problem's (the data has changed
    since it was recorded) is left out."""
    ids = problem.criterion_ids
    weights = {s.participant.id: s.vector(ids) for s in submissions}
    agg = aggregate(submissions, ids)
    entries = [
        (g.participant.name, g.ranking, weights.get(g.participant.id))
        for g in rankings
        if set(g.ranking) == set(problem.option_ids) and len(g.ranking) == len(problem.option_ids)
    ]
    return gut_check(problem, entries, None if agg is None else agg.arithmetic)


def session_cells(
    problem: Any, rounds: Sequence[ScoringRound], sheets: Sequence[RoundSheet]
) -> tuple[CellSummary, ...]:
    """Every scored cell of the session: each round summarised from its latest sheets, a
    later round replacing an earlier one cell by cell; cells of options or criteria the
    problem does not have are left out."""
    cells: dict[tuple[str, str], CellSummary] = {}
    crit = set(problem.criterion_ids)
    opts = set(problem.option_ids)
    for r in sorted(rounds, key=lambda r: r.number):
        mine = [
            {o: {c: v for c, v in row.items() if c in crit} for o, row in s.scores.items() if o in opts}
            for s in sheets
            if s.round == r.number
        ]
        for cell in summarise(problem, mine):
            cells[cell.cell] = cell
    order = {
        (o, c): k
        for k, (o, c) in enumerate((o, c) for o in problem.option_ids for c in problem.criterion_ids)
    }
    return tuple(sorted(cells.values(), key=lambda x: order[x.cell]))


def session_mixture(
    dataset: Any, inputs: Any, region: str, submissions: Sequence[Submission], cells: Sequence[CellSummary]
):
    """The workshop's SMAA mixture over the participants' weights with the scoring rounds'
    spread in the scored cells (``appraisal.scoring_round.round_mixture``)."""
    if not submissions:
        raise StoreError("store.err.no_submissions")
    return round_mixture(
        dataset, inputs, region, stakeholder_weights(submissions, dataset.criterion_ids), cells
    )


# ----------------------------------------------------------------------------- storage


def _round(row: ScoringRoundRow) -> ScoringRound:
    return ScoringRound(row.number, tuple(json.loads(row.criteria)), row.status, row.opened_at, row.closed_at)


def _latest(items: list, key) -> list:
    """The last item for each key, in the order of their first appearance."""
    out: dict[Any, Any] = {}
    for it in items:
        out[key(it)] = it
    return list(out.values())


class Conference:
    """Gut rankings and scoring rounds of the sessions of one ``Workshop``."""

    def __init__(self, workshop: Workshop):
        self.ws = workshop
        self.db = workshop.db

    # ------------------------------------------------------------ participants

    def record_gut(self, token: str, ranking: Sequence[str], option_ids: Sequence[str]) -> GutRanking:
        """Store a participant's gut ranking of ``option_ids`` (the session region's
        options; every one once, best first). Refused when the session is closed."""
        ranking = check_ranking(ranking, option_ids)
        with self.db.write() as s:
            p, row = self.ws._me(s, token, lock=True)
            if row.status != OPEN:
                raise StoreError("store.err.session_closed")
            rev = self._next_revision(s, GutRankingRow, GutRankingRow.participant_id == p.id)
            g = GutRankingRow(
                session_id=row.id,
                participant_id=p.id,
                revision=rev,
                ranking=json.dumps(list(ranking)),
                submitted_at=utcnow(),
            )
            s.add(g)
            s.flush()
            return GutRanking(_participant(p, row.code), rev, ranking, g.submitted_at)

    def my_gut(self, token: str) -> GutRanking | None:
        with self.db.read() as s:
            p, row = self.ws._me(s, token)
            g = s.scalar(
                select(GutRankingRow)
                .where(GutRankingRow.participant_id == p.id)
                .order_by(GutRankingRow.revision.desc())
                .limit(1)
            )
            me = _participant(p, row.code)
            return (
                None
                if g is None
                else GutRanking(me, g.revision, tuple(json.loads(g.ranking)), g.submitted_at)
            )

    def current_round(self, token: str) -> ScoringRound | None:
        """The open scoring round of the participant's session (None when none is open)."""
        with self.db.read() as s:
            _p, row = self.ws._me(s, token)
            r = s.scalar(
                select(ScoringRoundRow)
                .where(ScoringRoundRow.session_id == row.id, ScoringRoundRow.status == OPEN)
                .order_by(ScoringRoundRow.number.desc())
                .limit(1)
            )
            return None if r is None else _round(r)

    def submit_scores(self, token: str, number: int, sheet: Any, problem: Any) -> RoundSheet:
        """Store a participant's scores in round ``number``, checked against ``problem``
        (the session region's options) and the round's criteria."""
        with self.db.write() as s:
            p, row = self.ws._me(s, token, lock=True)
            if row.status != OPEN:
                raise StoreError("store.err.session_closed")
            r = s.scalar(
                select(ScoringRoundRow).where(
                    ScoringRoundRow.session_id == row.id, ScoringRoundRow.number == number
                )
            )
            if r is None:
                raise StoreError("decision.err.no_round", n=number)
            if r.status != OPEN:
                raise StoreError("decision.err.round_closed", n=number)
            clean = check_sheet(sheet, problem, json.loads(r.criteria))
            rev = self._next_revision(
                s, RoundScoreRow, (RoundScoreRow.participant_id == p.id) & (RoundScoreRow.round_id == r.id)
            )
            x = RoundScoreRow(
                round_id=r.id,
                participant_id=p.id,
                revision=rev,
                scores=json.dumps(clean, allow_nan=False),
                submitted_at=utcnow(),
            )
            s.add(x)
            s.flush()
            return RoundSheet(_participant(p, row.code), number, rev, clean, x.submitted_at)

    def my_sheet(self, token: str, number: int) -> RoundSheet | None:
        with self.db.read() as s:
            p, row = self.ws._me(s, token)
            mine = [x for x in self._sheets(s, row.id) if x.participant.id == p.id and x.round == number]
            return mine[-1] if mine else None

    # ------------------------------------------------------------ reads (engine use)

    def gut_rankings(self, code: str) -> tuple[GutRanking, ...]:
        """The latest gut ranking of each participant, in joining order."""
        with self.db.read() as s:
            return self._guts(s, self.ws._session_row(s, code).id)

    def rounds(self, code: str) -> tuple[ScoringRound, ...]:
        with self.db.read() as s:
            return self._rounds(s, self.ws._session_row(s, code).id)

    def round_sheets(self, code: str) -> tuple[RoundSheet, ...]:
        """The latest sheet of each participant in each round (round, then joining order)."""
        with self.db.read() as s:
            return self._sheets(s, self.ws._session_row(s, code).id)

    # ------------------------------------------------------------ facilitator

    def open_round(
        self,
        code: str,
        criteria: Sequence[str],
        known: Sequence[str],
        *,
        secret: Any,
        configured_secret: str | None = None,
        client: str = "api",
    ) -> ScoringRound:
        """Open a scoring round for ``criteria`` (among ``known``); an open round is
        closed first. Facilitator secret required; audited."""
        self.ws.check_secret(secret, configured_secret, client=client)
        chosen = check_list(criteria, "criteria", MAX_ROUND_CRITERIA)
        if not chosen:
            raise StoreError("decision.err.round_criteria", field="criteria")
        for i, c in enumerate(chosen):
            check_id(c, f"criteria[{i}]")
            if c not in known:
                raise StoreError("store.err.unknown_ref", field=f"criteria[{i}]", kind="criterion", value=c)
        if len(set(chosen)) != len(chosen):
            raise StoreError(
                "store.err.duplicate", field="criteria", value=next(c for c in chosen if chosen.count(c) > 1)
            )
        with self.db.write() as s:
            row = self.ws._session_row(s, code, lock=True)
            now = utcnow()
            self._close_open(s, row, now)
            last = s.scalar(
                select(func.max(ScoringRoundRow.number)).where(ScoringRoundRow.session_id == row.id)
            )
            number = (last or 0) + 1
            if number > MAX_ROUNDS:
                raise StoreError("decision.err.too_many_rounds", limit=MAX_ROUNDS)
            r = ScoringRoundRow(
                session_id=row.id,
                number=number,
                criteria=json.dumps(list(chosen)),
                status=OPEN,
                opened_at=now,
            )
            s.add(r)
            s.flush()
            append_audit(
                s,
                actor=row.facilitator,
                action="workshop",
                subject=f"workshop:{row.code}",
                comment=f"open scoring round {number}: {', '.join(chosen)}",
            )
            return _round(r)

    def close_round(
        self, code: str, *, secret: Any, configured_secret: str | None = None, client: str = "api"
    ) -> ScoringRound | None:
        """Close the open scoring round (None when none is open). Facilitator secret required."""
        self.ws.check_secret(secret, configured_secret, client=client)
        with self.db.write() as s:
            row = self.ws._session_row(s, code, lock=True)
            closed = self._close_open(s, row, utcnow())
            return None if closed is None else _round(closed)

    def facilitator_view(
        self,
        code: str,
        dataset: Any,
        inputs: Any,
        *,
        secret: Any,
        configured_secret: str | None = None,
        client: str = "api",
    ) -> ConferenceView:
        """Gut versus model and the scoring rounds of a session, on the run of ``inputs``
        in the session's region (facilitator secret required)."""
        self.ws.check_secret(secret, configured_secret, client=client)
        with self.db.read() as s:
            row = self.ws._session_row(s, code)
            info = _info(row)
            subs = self.ws._latest(s, row)
            guts = self._guts(s, row.id)
            rounds = self._rounds(s, row.id)
            sheets = self._sheets(s, row.id)
        region = info.region if info.region in dataset.region_ids else dataset.region_ids[0]
        problem = region_problem(dataset, inputs, region)
        cells = session_cells(problem, rounds, sheets)
        agg = aggregate(subs, problem.criterion_ids)
        ranks = ranks_with_medians(problem, cells, agg.arithmetic) if cells and agg is not None else None
        return ConferenceView(
            info, region, session_gut_check(problem, subs, guts), rounds, sheets, cells, ranks
        )

    # ------------------------------------------------------------ helpers

    @staticmethod
    def _next_revision(s: Session, table: Any, where: Any) -> int:
        last = s.scalar(select(func.max(table.revision)).where(where))
        rev = (last or 0) + 1
        if rev > MAX_REVISIONS:
            raise StoreError("store.err.too_many_submissions", limit=MAX_REVISIONS)
        return rev

    @staticmethod
    def _close_open(s: Session, row: Any, now: datetime) -> ScoringRoundRow | None:
        r = s.scalar(
            select(ScoringRoundRow).where(
                ScoringRoundRow.session_id == row.id, ScoringRoundRow.status == OPEN
            )
        )
        if r is None:
            return None
        r.status, r.closed_at = CLOSED, now
        s.flush()
        append_audit(
            s,
            actor=row.facilitator,
            action="workshop",
            subject=f"workshop:{row.code}",
            comment=f"close scoring round {r.number}",
        )
        return r

    @staticmethod
    def _people(s: Session, session_id: int, code: str) -> dict[int, Participant]:
        rows = s.scalars(select(ParticipantRow).where(ParticipantRow.session_id == session_id)).all()
        return {p.id: _participant(p, code) for p in rows}

    @staticmethod
    def _code(s: Session, session_id: int) -> str:
        row = s.get(WorkshopSessionRow, session_id)
        assert row is not None
        return row.code

    def _guts(self, s: Session, session_id: int) -> tuple[GutRanking, ...]:
        people = self._people(s, session_id, self._code(s, session_id))
        rows = s.scalars(
            select(GutRankingRow).where(GutRankingRow.session_id == session_id).order_by(GutRankingRow.id)
        ).all()
        latest = _latest(list(rows), lambda g: g.participant_id)
        latest.sort(key=lambda g: g.participant_id)
        return tuple(
            GutRanking(people[g.participant_id], g.revision, tuple(json.loads(g.ranking)), g.submitted_at)
            for g in latest
        )

    @staticmethod
    def _rounds(s: Session, session_id: int) -> tuple[ScoringRound, ...]:
        rows = s.scalars(
            select(ScoringRoundRow)
            .where(ScoringRoundRow.session_id == session_id)
            .order_by(ScoringRoundRow.number)
        ).all()
        return tuple(_round(r) for r in rows)

    def _sheets(self, s: Session, session_id: int) -> tuple[RoundSheet, ...]:
        people = self._people(s, session_id, self._code(s, session_id))
        q = (
            select(RoundScoreRow, ScoringRoundRow.number)
            .join(ScoringRoundRow, RoundScoreRow.round_id == ScoringRoundRow.id)
            .where(ScoringRoundRow.session_id == session_id)
            .order_by(RoundScoreRow.id)
        )
        latest = _latest(list(s.execute(q).all()), lambda rn: (rn[1], rn[0].participant_id))
        latest.sort(key=lambda rn: (rn[1], rn[0].participant_id))
        return tuple(
            RoundSheet(people[x.participant_id], n, x.revision, json.loads(x.scores), x.submitted_at)
            for x, n in latest
        )
