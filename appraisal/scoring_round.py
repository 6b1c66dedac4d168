"""Scoring workshop: participants score options on chosen criteria by choosing a described
level; per cell the median, minimum, maximum and how far they agree; and that spread as
the score uncertainty of the workshop's SMAA.

Scores are the group's judgements, made in the room on the criteria's constructed scales
(Phillips 2007, "Decision conferencing", in *Advances in Decision Analysis*, ch. 19; DCLG
2009, *Multi-criteria analysis: a manual*, 6.2.10 and 5.4 on constructed scales). A natural
scale (``time_to_service``, months) is scored in its own units.

Agreement per cell is the range (largest minus smallest score) as a share of the
criterion's scale, where one level of a five-level scale is 0.25: ``agree`` (everyone
gave the same score), ``close`` (a share of at most ``CLOSE_SHARE``: one level apart at
most) and ``differ`` (further apart: worth discussing before the scores are used).

SMAA (Lahdelma & Salminen 2001; Tervonen & Lahdelma 2007 on imprecise measurements):
each scored cell is drawn from a triangular distribution whose minimum, mode and maximum
are the smallest, the median and the largest of the participants' *values* (each score
through the criterion's value function); every other cell as the data has it
(:func:`with_spread`). The draws are :func:`appraisal.sensitivity.smaa`'s own (seeded),
on the problem of :func:`appraisal.run.run`; rankings under the round's medians come from
:func:`appraisal.mcda.rank_many`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from appraisal.checks import check_mapping, check_number
from appraisal.errors import InputError
from appraisal.mcda import BatchRanking, rank_many
from appraisal.model import Problem, Score

AGREE, CLOSE, DIFFER = "agree", "close", "differ"
#: Largest range, as a share of the scale, that still counts as ``close`` (one level of five).
CLOSE_SHARE = 0.25


@dataclass(frozen=True)
class CellSummary:
    """The participants' scores of one option on one criterion (raw units: level numbers
    on a constructed scale) and their values (0-100) for SMAA."""

    option: str
    criterion: str
    scores: tuple[float, ...]  # sorted
    median: float
    minimum: float
    maximum: float
    share: float  # (maximum - minimum) / scale range
    agreement: str
    value_low: float
    value_mode: float
    value_high: float

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def cell(self) -> tuple[str, str]:
        return (self.option, self.criterion)


def check_sheet(
    sheet: Any, problem: Problem, criteria: Sequence[str], where: str = "scores"
) -> dict[str, dict[str, float]]:
    """A participant's scores ``{option: {criterion: score}}`` checked against the region's
    options and the round's criteria: a constructed scale takes a level number (0 to the
    top level), a natural scale a number within it. At least one cell; InputError names it."""
    raw = check_mapping(sheet, where)
    crit = {c.id: c for c in problem.criteria if c.id in set(criteria)}
    out: dict[str, dict[str, float]] = {}
    for o, row in raw.items():
        if o not in problem.option_ids:
            raise InputError("store.err.unknown_ref", field=where, kind="option", value=str(o)[:64])
        for c, v in check_mapping(row, f"{where}.{o}").items():
            if c not in crit:
                raise InputError("decision.err.not_in_round", field=f"{where}.{o}", criterion=str(c)[:64])
            out.setdefault(o, {})[c] = check_score(v, crit[c], f"{where}.{o}.{c}")
    if not any(out.values()):
        raise InputError("decision.err.sheet_empty", field=where)
    return out


def check_score(value: Any, criterion: Any, where: str) -> float:
    """One score on ``criterion``'s scale (a level number when the scale has levels)."""
    levels = criterion.value_function.levels
    if levels:
        v = check_number(value, where, minimum=0, maximum=len(levels) - 1)
        if v != int(v):
            raise InputError("decision.err.level", field=where, top=len(levels) - 1, value=f"{v:g}")
        return v
    return check_number(value, where, minimum=criterion.scale_min, maximum=criterion.scale_max)


def summarise(
    problem: Problem, sheets: Sequence[Mapping[str, Mapping[str, float]]]
) -> tuple[CellSummary, ...]:
    """Median, minimum, maximum and agreement of every scored cell, in the problem's order
    (options, then criteria); cells nobody scored are left out."""
    out = []
    for o in problem.option_ids:
        for c in problem.criteria:
            xs = sorted(float(s[o][c.id]) for s in sheets if c.id in s.get(o, {}))
            if not xs:
                continue
            vs = np.asarray(c.value_function(np.array(xs)), dtype=float)
            width = c.scale_max - c.scale_min
            share = (xs[-1] - xs[0]) / width if width > 0 else 0.0
            agreement = AGREE if xs[-1] == xs[0] else CLOSE if share <= CLOSE_SHARE + 1e-12 else DIFFER
            out.append(
                CellSummary(
                    o,
                    c.id,
                    tuple(xs),
                    float(np.median(xs)),
                    xs[0],
                    xs[-1],
                    float(share),
                    agreement,
                    float(vs.min()),
                    float(np.median(vs)),
                    float(vs.max()),
                )
            )
    return tuple(out)


def with_spread(problem: Problem, cells: Sequence[CellSummary], *, others_fixed: bool = False) -> Problem:
    """``problem`` with each scored cell's values set to the participants' (minimum,
    median, maximum) values and its raw score, low and high to their median, minimum and
    maximum scores; ``others_fixed`` fixes every other cell at its value (no uncertainty)."""
    if not cells:
        return problem
    oi = {o: i for i, o in enumerate(problem.option_ids)}
    ci = {c: j for j, c in enumerate(problem.criterion_ids)}
    arr = {k: np.array(getattr(problem, k)) for k in ("scores", "low", "high", "values")}
    lo, hi = np.array(problem.values_low), np.array(problem.values_high)
    if others_fixed:
        lo, hi = arr["values"].copy(), arr["values"].copy()
    rows = [list(r) for r in problem.cells]
    for s in cells:
        i, j = oi[s.option], ci[s.criterion]
        arr["scores"][i, j], arr["low"][i, j], arr["high"][i, j] = s.median, s.minimum, s.maximum
        arr["values"][i, j], lo[i, j], hi[i, j] = s.value_mode, s.value_low, s.value_high
        rows[i][j] = replace(rows[i][j], score=s.median, low=s.minimum, high=s.maximum, origin="workshop")
    cells_t: tuple[tuple[Score, ...], ...] = tuple(tuple(r) for r in rows)
    return replace(problem, values_low=lo, values_high=hi, cells=cells_t, **arr)


def ranks_with_medians(problem: Problem, cells: Sequence[CellSummary], weights: np.ndarray) -> BatchRanking:
    """Ranks under ``weights`` with the data's values (row 0) and with the round's median
    values in the scored cells (row 1): one ``rank_many`` call."""
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    values = np.stack([problem.values, with_spread(problem, cells).values])
    return rank_many(values, np.vstack([w, w]))


def cells_key(cells: Sequence[CellSummary]) -> str:
    """Canonical text of the cells' value triples (memo keys)."""
    return json.dumps(
        [(c.option, c.criterion, c.value_low, c.value_mode, c.value_high) for c in cells],
        separators=(",", ":"),
    )


def round_mixture(
    dataset: Any,
    inputs: Any,
    region: str,
    stakeholders: list[dict[str, float]],
    cells: Sequence[CellSummary],
):
    """The workshop's SMAA-2 mixture (each draw one participant's weights, perturbed by
    ``inputs.smaa_spread``) on the run's problem for ``region`` with the round's spread in
    the scored cells (triangular draws; other cells triangular on the data's low/high, or
    fixed when ``inputs.score_uncertainty`` is ``none``). Seeded by ``inputs.seed``;
    memoised on the inputs, weights and cells."""
    from appraisal.run import MEMO, mixture_acceptability, run
    from appraisal.sensitivity import smaa

    if not cells:
        return mixture_acceptability(dataset, inputs, region, stakeholders)
    one = inputs.with_changes(regions=(region,))
    problem = run(dataset, one).region(region).problem
    spread = with_spread(problem, cells, others_fixed=inputs.score_uncertainty == "none")
    key = json.dumps(
        {
            "part": "round_mixture",
            "r": region,
            "i": one.compute_key(),
            "s": [sorted(w.items()) for w in stakeholders],
            "c": cells_key(cells),
        },
        sort_keys=True,
    )
    return MEMO.get(
        dataset,
        key,
        lambda: smaa(
            spread,
            model="mixture",
            stakeholder_weights=stakeholders,
            samples=inputs.draws,
            seed=inputs.seed,
            spread=inputs.smaa_spread,
            score_uncertainty="triangular",
        ),
    )
