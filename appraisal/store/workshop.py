"""Workshop mode: several people in a room each give their weights at once.

A facilitator (who knows the facilitator secret) opens a session and gets a short join
code; participants join with it, give name, role and organisation, and submit weights
by points, swing or ranking (a participant may resubmit; the latest counts, earlier
ones are kept). The facilitator sees every submission, the aggregate (arithmetic mean,
normalised geometric mean, normalised median), the spread per criterion and each
participant's top option, and can feed the set into SMAA's mixture model. Participants
see the aggregate only, unless the facilitator reveals individual submissions; and in a
small group the aggregate would give individuals away (with two people, the mean, the
median, the minimum and the maximum each tell one participant the other's exact
weights), so a participant's view holds no group statistics until ``MIN_GROUP_MEAN``
people have submitted, and only the mean until ``MIN_GROUP_SPREAD`` have.

Each submission is a :class:`~appraisal.inputs.WeightInputs` (``Submission.weight_inputs``;
the aggregate as one: ``Aggregate.weight_inputs``). Rankings come from
:func:`appraisal.run.run` and the mixture from :func:`appraisal.run.mixture_acceptability`:
the workshop computes no appraisal itself.

The secret comes from the UI (Streamlit secrets) or ``$PAIR_FACILITATOR_SECRET`` and is
compared with ``hmac.compare_digest``. Guessing is limited by a :class:`SecretGuard`
(one per process, shared by every Workshop): ``MAX_SECRET_FAILURES`` wrong secrets from
one client (a browser session; ``"api"`` by default) lock that client out for
``LOCKOUT_SECONDS``, doubling with each further lockout, and more than
``GLOBAL_MAX_FAILURES`` wrong secrets within ``GLOBAL_WINDOW_SECONDS`` from all clients
together lock out every client that has not already given the right secret (so opening
new sessions does not buy more guesses). While locked out even the right secret is
refused, so a lockout cannot be used to test guesses.

Concurrency: a join locks the session's row and a submission the participant's row
(``SELECT ... FOR UPDATE``; SQLite's write transaction is exclusive already), so the
participant cap and the revision numbers are enforced by the database, not by a count
followed by an insert that another server can overtake. All text is validated and
length-limited.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from appraisal.checks import ID_RE, check_id, check_number, check_text
from appraisal.errors import WeightError
from appraisal.inputs import AppraisalInputs, WeightInputs
from appraisal.mcda.weights import normalise, rank_order_centroid, swing
from appraisal.run import mixture_acceptability as run_mixture
from appraisal.run import rank_many_inputs
from appraisal.store.db import Database
from appraisal.store.errors import StoreError
from appraisal.store.models import ParticipantRow, SubmissionRow, WorkshopSessionRow, utcnow
from appraisal.store.repository import append_audit

ENV_SECRET = "PAIR_FACILITATOR_SECRET"
MIN_SECRET_LEN = 8
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LEN = 6
TITLE_MAX = 120
PERSON_MAX = 80
ORG_MAX = 120
NONCE_MAX = 64
MAX_PARTICIPANTS = 200
MAX_REVISIONS = 50
POINTS_LIMIT = 100.0
PARTICIPANT_METHODS = ("points", "swing", "rank")
OPEN, CLOSED = "open", "closed"
#: Fewer submissions than this: a participant sees no group statistics (the mean of two
#: gives the other person's weights away: 2 x mean - mine).
MIN_GROUP_MEAN = 3
#: Fewer than this: a participant sees the mean only (the median, geometric mean, min,
#: max, SD and IQR are, or pin down, single people's weights in a small group).
MIN_GROUP_SPREAD = 5
MAX_SECRET_FAILURES = 5
LOCKOUT_SECONDS = 300.0
MAX_LOCKOUT_SECONDS = 3600.0
GLOBAL_MAX_FAILURES = 30
GLOBAL_WINDOW_SECONDS = 600.0
MAX_GUARD_CLIENTS = 10_000
_NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


# ----------------------------------------------------------------------------- secret


def facilitator_secret(configured: str | None = None) -> str | None:
    """The facilitator secret: ``configured`` (e.g. from st.secrets) else the environment."""
    val = configured if configured else os.environ.get(ENV_SECRET, "")
    val = (val or "").strip()
    return val or None


def _configured_secret(configured: str | None) -> str:
    secret = facilitator_secret(configured)
    if secret is None:
        raise StoreError("store.err.no_secret", env=ENV_SECRET)
    if len(secret) < MIN_SECRET_LEN:
        raise StoreError("store.err.weak_secret", env=ENV_SECRET, limit=MIN_SECRET_LEN)
    return secret


def check_facilitator(given: str | None, configured: str | None) -> None:
    """Raise StoreError unless ``given`` equals the configured secret (constant time).

    No rate limit: callers that take a secret from outside use ``SecretGuard.check``
    (every Workshop method does)."""
    secret = _configured_secret(configured)
    if not isinstance(given, str) or not hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8")):
        raise StoreError("store.err.bad_secret")


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


@dataclass
class _Client:
    failures: int = 0
    lockouts: int = 0
    locked_until: float = 0.0
    trusted: bool = False  # has given the right secret (and not a wrong one since)


class SecretGuard:
    """Rate limit and lockout for the facilitator secret (thread-safe; see the module
    docstring). ``clock`` is injectable for tests."""

    def __init__(
        self,
        *,
        max_failures: int = MAX_SECRET_FAILURES,
        lockout_seconds: float = LOCKOUT_SECONDS,
        max_lockout_seconds: float = MAX_LOCKOUT_SECONDS,
        global_max_failures: int = GLOBAL_MAX_FAILURES,
        global_window_seconds: float = GLOBAL_WINDOW_SECONDS,
        max_clients: int = MAX_GUARD_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.max_failures = max_failures
        self.lockout_seconds = lockout_seconds
        self.max_lockout_seconds = max_lockout_seconds
        self.global_max_failures = global_max_failures
        self.global_window_seconds = global_window_seconds
        self.max_clients = max_clients
        self.clock = clock
        self._lock = threading.Lock()
        self._clients: OrderedDict[str, _Client] = OrderedDict()
        self._recent: deque[float] = deque()

    def _client(self, key: str) -> _Client:
        c = self._clients.get(key)
        if c is None:
            c = self._clients[key] = _Client()
            while len(self._clients) > self.max_clients:  # bounded memory: forget the oldest
                self._clients.popitem(last=False)
        else:
            self._clients.move_to_end(key)
        return c

    def _refuse_if_locked(self, c: _Client, now: float) -> None:
        if c.trusted:
            return
        if c.locked_until > now:
            raise StoreError("store.err.secret_locked", minutes=_minutes(c.locked_until - now))
        while self._recent and self._recent[0] <= now - self.global_window_seconds:
            self._recent.popleft()
        if len(self._recent) >= self.global_max_failures:
            wait = self._recent[0] + self.global_window_seconds - now
            raise StoreError("store.err.secret_busy", minutes=_minutes(wait))

    def check(self, given: Any, configured: str | None, client: str = "api") -> None:
        """Raise StoreError unless ``given`` is the secret and ``client`` is not locked out."""
        secret = _configured_secret(configured)
        key = str(client)[:200] or "api"
        with self._lock:
            self._refuse_if_locked(self._client(key), self.clock())
        ok = isinstance(given, str) and hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8"))
        with self._lock:
            c = self._client(key)
            now = self.clock()
            if ok:
                c.failures, c.trusted = 0, True
                return
            c.trusted = False
            c.failures += 1
            self._recent.append(now)
            if c.failures >= self.max_failures:
                c.failures = 0
                span = min(self.lockout_seconds * 2**c.lockouts, self.max_lockout_seconds)
                c.lockouts += 1
                c.locked_until = now + span
                raise StoreError("store.err.secret_locked", minutes=_minutes(span))
        raise StoreError("store.err.bad_secret")

    def locked_out(self, client: str = "api") -> int | None:
        """Minutes left of ``client``'s lockout (None when it may try the secret)."""
        with self._lock:
            try:
                self._refuse_if_locked(self._client(str(client)[:200] or "api"), self.clock())
            except StoreError as exc:
                return int(exc.params.get("minutes", 1))
        return None


#: The guard every Workshop uses unless given its own (one per process).
GUARD = SecretGuard()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LEN))


def normalise_code(code: Any) -> str:
    """Upper-case, spaces and dashes removed; StoreError unless it can be a join code."""
    if not isinstance(code, str):
        raise StoreError("store.err.bad_code")
    c = re.sub(r"[\s-]", "", code).upper()
    if len(c) != CODE_LEN or any(ch not in CODE_ALPHABET for ch in c):
        raise StoreError("store.err.bad_code")
    return c


def new_nonce() -> str:
    """A fresh id for one submission form (resubmitting the same form stores it once)."""
    return secrets.token_urlsafe(16)


# ----------------------------------------------------------------------------- values


@dataclass(frozen=True)
class SessionInfo:
    code: str
    title: str
    region: str
    facilitator: str
    created_at: datetime
    status: str
    reveal_individual: bool

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


@dataclass(frozen=True)
class Participant:
    id: int
    code: str
    name: str
    role: str
    organisation: str
    joined_at: datetime


@dataclass(frozen=True)
class Submission:
    participant: Participant
    revision: int
    method: str
    inputs: Mapping[str, Any]
    weights: Mapping[str, float]  # normalised, sums to one
    submitted_at: datetime

    def vector(self, criterion_ids: Sequence[str]) -> np.ndarray:
        return np.array([self.weights.get(c, 0.0) for c in criterion_ids], dtype=float)

    @property
    def weight_inputs(self) -> WeightInputs:
        """The submission as the weights of a run (normalised points, method, raw inputs)."""
        return WeightInputs(self.method, dict(self.weights), dict(self.inputs))

    def weights_for(self, criterion_ids: Sequence[str]) -> WeightInputs:
        """``weight_inputs`` on these criteria (one the participant did not weigh counts 0)."""
        return WeightInputs(
            self.method, {c: float(self.weights.get(c, 0.0)) for c in criterion_ids}, dict(self.inputs)
        )


@dataclass(frozen=True)
class Spread:
    minimum: float
    maximum: float
    sd: float
    iqr: float


@dataclass(frozen=True)
class Aggregate:
    """Group weights per criterion from the latest submission of each participant."""

    criterion_ids: tuple[str, ...]
    n: int
    arithmetic: np.ndarray
    geometric: np.ndarray | None  # None when every criterion has a zero weight somewhere
    median: np.ndarray | None  # None when every median is zero
    spread: tuple[Spread, ...] | None  # None when withheld
    withheld: bool = False  # True: only the mean is given (a small group; see mean_only)

    def mean_only(self) -> Aggregate:
        """This aggregate without the statistics that give individuals away in a small
        group (median, geometric mean, min, max, SD, IQR)."""
        return replace(self, geometric=None, median=None, spread=None, withheld=True)

    def weight_inputs(self, code: str) -> WeightInputs:
        """The arithmetic mean as the weights of a run or a scenario (method ``workshop``;
        percentage points; the session, the aggregate and the number of participants kept)."""
        return WeightInputs(
            "workshop",
            {c: round(100 * float(v), 6) for c, v in zip(self.criterion_ids, self.arithmetic)},
            {"session": code, "aggregate": "arithmetic mean", "participants": self.n},
        )

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for j, c in enumerate(self.criterion_ids):
            sp = None if self.spread is None else self.spread[j]
            out.append(
                {
                    "criterion": c,
                    "arithmetic": float(self.arithmetic[j]),
                    "geometric": None if self.geometric is None else float(self.geometric[j]),
                    "median": None if self.median is None else float(self.median[j]),
                    "min": None if sp is None else sp.minimum,
                    "max": None if sp is None else sp.maximum,
                    "sd": None if sp is None else sp.sd,
                    "iqr": None if sp is None else sp.iqr,
                }
            )
        return out


@dataclass(frozen=True)
class FacilitatorView:
    session: SessionInfo
    participants: tuple[Participant, ...]
    submissions: tuple[Submission, ...]
    aggregate: Aggregate | None


@dataclass(frozen=True)
class ParticipantView:
    session: SessionInfo
    me: Participant
    mine: Submission | None
    n_participants: int
    n_submitted: int
    aggregate: Aggregate | None  # None before MIN_GROUP_MEAN submissions (unless revealed)
    others: tuple[Submission, ...] | None  # only when the facilitator reveals them
    #: "all" (no group statistics yet), "spread" (mean only) or None (nothing withheld)
    withheld: str | None = None


def participant_aggregate(
    subs: Sequence[Submission], criterion_ids: Sequence[str], reveal: bool
) -> tuple[Aggregate | None, str | None]:
    """What a participant may see of the group: everything once the facilitator reveals
    individual submissions or ``MIN_GROUP_SPREAD`` people have submitted; the mean only
    from ``MIN_GROUP_MEAN``; nothing below that. Returns the aggregate and what is withheld."""
    agg = aggregate(subs, criterion_ids)
    if agg is None or reveal or len(subs) >= MIN_GROUP_SPREAD:
        return agg, None
    if len(subs) < MIN_GROUP_MEAN:
        return None, "all"
    return agg.mean_only(), "spread"


# ----------------------------------------------------------------------------- pure maths


def weights_from_inputs(method: str, inputs: Any, criterion_ids: Sequence[str]) -> tuple[np.ndarray, dict]:
    """Validate a participant's raw inputs and turn them into normalised weights.

    - ``points``: ``{criterion: 0..100}``, at least one above zero;
    - ``swing``: ``{criterion: 0..100}``, the most important swing set to 100;
    - ``rank``: ``{criterion: position}`` with 1 = most important (equal = tied),
      turned into rank-order-centroid weights.
    """
    ids = list(criterion_ids)
    if method not in PARTICIPANT_METHODS:
        raise StoreError(
            "store.err.choice", field="method", value=str(method)[:32], known=", ".join(PARTICIPANT_METHODS)
        )
    if not isinstance(inputs, Mapping):
        raise StoreError("store.err.type_object", field="inputs", got=type(inputs).__name__)
    unknown = [k for k in inputs if k not in ids]
    if unknown:
        raise StoreError(
            "store.err.unknown_ref", field="inputs", kind="criterion", value=str(unknown[0])[:64]
        )
    missing = [c for c in ids if c not in inputs]
    if missing:
        raise StoreError("store.err.required", field=f"inputs.{missing[0]}")
    try:
        if method == "rank":
            pos = {}
            for c in ids:
                v = check_number(inputs[c], f"inputs.{c}", minimum=1, maximum=len(ids))
                if v != int(v):
                    raise StoreError("store.err.whole_number", field=f"inputs.{c}")
                pos[c] = int(v)
            tiers = [[c for c in ids if pos[c] == p] for p in sorted(set(pos.values()))]
            ws = rank_order_centroid(tiers, ids)
            return np.array(ws.values), {c: pos[c] for c in ids}
        vals = {c: check_number(inputs[c], f"inputs.{c}", minimum=0.0, maximum=POINTS_LIMIT) for c in ids}
        if method == "swing":
            return np.array(swing(vals, ids).values), vals
        return normalise(vals, ids, source="points"), vals
    except WeightError as exc:
        raise StoreError("store.err.weights", problem=str(exc)) from None


def aggregate(submissions: Sequence[Submission], criterion_ids: Sequence[str]) -> Aggregate | None:
    """Arithmetic mean, normalised geometric mean and median, and spread per criterion."""
    if not submissions:
        return None
    ids = tuple(criterion_ids)
    w = np.array([s.vector(ids) for s in submissions], dtype=float)
    return aggregate_matrix(w, ids)


def aggregate_matrix(w: np.ndarray, criterion_ids: tuple[str, ...]) -> Aggregate:
    """``aggregate`` on a (participants x criteria) matrix whose rows each sum to one."""
    n = w.shape[0]
    arith = w.mean(axis=0)
    with np.errstate(divide="ignore"):
        geo_raw = np.where(np.all(w > 0, axis=0), np.exp(np.log(np.where(w > 0, w, 1.0)).mean(axis=0)), 0.0)
    geo = geo_raw / geo_raw.sum() if geo_raw.sum() > 0 else None
    med_raw = np.median(w, axis=0)
    med = med_raw / med_raw.sum() if med_raw.sum() > 0 else None
    q25, q75 = np.percentile(w, [25, 75], axis=0)
    sd = w.std(axis=0, ddof=1) if n > 1 else np.zeros(w.shape[1])
    spread = tuple(
        Spread(float(w[:, j].min()), float(w[:, j].max()), float(sd[j]), float(q75[j] - q25[j]))
        for j in range(w.shape[1])
    )
    return Aggregate(criterion_ids, n, arith, geo, med, spread)


def participant_winners(
    submissions: Sequence[Submission], dataset: Any, inputs: AppraisalInputs, region: str
) -> list[tuple[Participant, tuple[str, ...]]]:
    """Each participant's best option(s) in ``region``: the run of ``inputs`` (score edits
    and all) with that participant's weights."""
    ids = dataset.criterion_ids
    runs = rank_many_inputs(
        dataset, [inputs.with_changes(weights=s.weights_for(ids)) for s in submissions], region
    )
    return [(s.participant, res.winners) for s, res in zip(submissions, runs)]


def stakeholder_weights(
    submissions: Sequence[Submission], criterion_ids: Sequence[str]
) -> list[dict[str, float]]:
    """The submissions as weight vectors for ``appraisal.run.mixture_acceptability``."""
    return [{c: float(s.weights.get(c, 0.0)) for c in criterion_ids} for s in submissions]


def stakeholder_mixture(
    dataset: Any, inputs: AppraisalInputs, region: str, submissions: Sequence[Submission]
):
    """SMAA-2 with each draw taking one participant's weights, on the run of ``inputs``
    in ``region`` (draws, seed, spread and score uncertainty from ``inputs``)."""
    if not submissions:
        raise StoreError("store.err.no_submissions")
    return run_mixture(dataset, inputs, region, stakeholder_weights(submissions, dataset.criterion_ids))


# ----------------------------------------------------------------------------- storage


def _info(row: WorkshopSessionRow) -> SessionInfo:
    return SessionInfo(
        row.code,
        row.title,
        row.region,
        row.facilitator,
        row.created_at,
        row.status,
        bool(row.reveal_individual),
    )


def _participant(row: ParticipantRow, code: str) -> Participant:
    return Participant(row.id, code, row.name, row.role, row.organisation, row.joined_at)


class Workshop:
    """Workshop sessions stored in a ``Database``.

    Every method that takes the facilitator secret checks it through ``guard`` (the
    process's ``GUARD`` by default) for ``client`` (the caller's browser session; ``"api"``
    when not given)."""

    def __init__(self, db: Database, guard: SecretGuard | None = None):
        self.db = db
        self.guard = guard or GUARD

    def check_secret(self, secret: Any, configured_secret: str | None = None, *, client: str = "api") -> None:
        """The facilitator secret, checked with the rate limit and lockout."""
        self.guard.check(secret, configured_secret, client)

    # ------------------------------------------------------------ facilitator

    def open_session(
        self,
        *,
        secret: str | None,
        configured_secret: str | None = None,
        title: str,
        facilitator: str,
        region: str,
        client: str = "api",
    ) -> SessionInfo:
        """Start a session with a fresh join code (facilitator secret required)."""
        self.check_secret(secret, configured_secret, client=client)
        title = check_text(title, "title", TITLE_MAX, required=True)
        facilitator = check_text(facilitator, "facilitator", PERSON_MAX, required=True)
        region = check_id(region, "region")
        for _ in range(20):
            code = new_code()
            try:
                with self.db.write() as s:
                    if s.scalar(select(WorkshopSessionRow.id).where(WorkshopSessionRow.code == code)):
                        continue
                    row = WorkshopSessionRow(
                        code=code,
                        title=title,
                        region=region,
                        facilitator=facilitator,
                        created_at=utcnow(),
                        status=OPEN,
                        reveal_individual=False,
                    )
                    s.add(row)
                    s.flush()
                    append_audit(
                        s, actor=facilitator, action="workshop", subject=f"workshop:{code}", comment="open"
                    )
                    return _info(row)
            except IntegrityError:
                continue
        raise StoreError("store.err.no_code")  # pragma: no cover - 31^6 codes

    def _session_row(self, s: Session, code: str, *, lock: bool = False) -> WorkshopSessionRow:
        q = select(WorkshopSessionRow).where(WorkshopSessionRow.code == normalise_code(code))
        if lock:
            q = q.with_for_update().execution_options(populate_existing=True)
        row = s.scalar(q)
        if row is None:
            raise StoreError("store.err.no_session")
        return row

    def _set(self, code: str, *, secret, configured_secret, client, comment: str, **values) -> SessionInfo:
        self.check_secret(secret, configured_secret, client=client)
        with self.db.write() as s:
            row = self._session_row(s, code, lock=True)
            for k, v in values.items():
                setattr(row, k, v)
            append_audit(
                s, actor=row.facilitator, action="workshop", subject=f"workshop:{row.code}", comment=comment
            )
            s.flush()
            return _info(row)

    def set_reveal(
        self, code: str, reveal: bool, *, secret, configured_secret=None, client: str = "api"
    ) -> SessionInfo:
        """Let participants see each other's submissions (or hide them again)."""
        return self._set(
            code,
            secret=secret,
            configured_secret=configured_secret,
            client=client,
            comment="reveal individual submissions" if reveal else "show aggregate only",
            reveal_individual=bool(reveal),
        )

    def close(
        self, code: str, *, secret, configured_secret=None, reopen: bool = False, client: str = "api"
    ) -> SessionInfo:
        """Stop (or restart) accepting joins and submissions."""
        return self._set(
            code,
            secret=secret,
            configured_secret=configured_secret,
            client=client,
            comment="reopen" if reopen else "close",
            status=OPEN if reopen else CLOSED,
        )

    def sessions(self, *, secret, configured_secret=None, client: str = "api") -> list[SessionInfo]:
        """Every session, newest first (facilitator only)."""
        self.check_secret(secret, configured_secret, client=client)
        with self.db.read() as s:
            rows = s.scalars(select(WorkshopSessionRow).order_by(WorkshopSessionRow.id.desc())).all()
            return [_info(r) for r in rows]

    def facilitator_view(
        self, code: str, criterion_ids: Sequence[str], *, secret, configured_secret=None, client: str = "api"
    ) -> FacilitatorView:
        self.check_secret(secret, configured_secret, client=client)
        with self.db.read() as s:
            row = self._session_row(s, code)
            parts = s.scalars(
                select(ParticipantRow).where(ParticipantRow.session_id == row.id).order_by(ParticipantRow.id)
            ).all()
            subs = self._latest(s, row)
            return FacilitatorView(
                _info(row),
                tuple(_participant(p, row.code) for p in parts),
                subs,
                aggregate(subs, criterion_ids),
            )

    # ------------------------------------------------------------ participants

    def session(self, code: str) -> SessionInfo:
        with self.db.read() as s:
            return _info(self._session_row(s, code))

    def join(self, code: str, *, name: str, role: str, organisation: str) -> tuple[Participant, str]:
        """Join an open session; returns the participant and their private token."""
        name = check_text(name, "name", PERSON_MAX, required=True)
        role = check_text(role, "role", PERSON_MAX, required=True)
        organisation = check_text(organisation, "organisation", ORG_MAX, required=True)
        key = " ".join(name.casefold().split())
        token = secrets.token_urlsafe(24)
        try:
            with self.db.write() as s:
                # the session's row is locked until commit: joins to one session queue
                # here, so the count below cannot be overtaken by another server's insert
                row = self._session_row(s, code, lock=True)
                if row.status != OPEN:
                    raise StoreError("store.err.session_closed")
                count = s.scalar(select(func.count()).where(ParticipantRow.session_id == row.id)) or 0
                if count >= MAX_PARTICIPANTS:
                    raise StoreError("store.err.session_full", limit=MAX_PARTICIPANTS)
                if s.scalar(
                    select(ParticipantRow.id).where(
                        ParticipantRow.session_id == row.id, ParticipantRow.name_key == key
                    )
                ):
                    raise StoreError("store.err.name_in_use", name=name)
                p = ParticipantRow(
                    session_id=row.id,
                    token_hash=_hash_token(token),
                    name=name,
                    name_key=key,
                    role=role,
                    organisation=organisation,
                    joined_at=utcnow(),
                )
                s.add(p)
                s.flush()
                return _participant(p, row.code), token
        except IntegrityError:
            raise StoreError("store.err.name_in_use", name=name) from None

    def _me(self, s: Session, token: str, *, lock: bool = False) -> tuple[ParticipantRow, WorkshopSessionRow]:
        if not isinstance(token, str) or not 10 <= len(token) <= 100:
            raise StoreError("store.err.not_joined")
        q = select(ParticipantRow).where(ParticipantRow.token_hash == _hash_token(token))
        if lock:
            q = q.with_for_update().execution_options(populate_existing=True)
        p = s.scalar(q)
        if p is None:
            raise StoreError("store.err.not_joined")
        row = s.get(WorkshopSessionRow, p.session_id)
        assert row is not None
        return p, row

    def participant(self, token: str) -> Participant:
        with self.db.read() as s:
            p, row = self._me(s, token)
            return _participant(p, row.code)

    def submit(
        self,
        token: str,
        method: str,
        inputs: Mapping[str, Any],
        criterion_ids: Sequence[str],
        *,
        nonce: str | None = None,
    ) -> Submission:
        """Store a participant's weights; the same ``nonce`` twice stores them once."""
        for c in criterion_ids:
            check_id(c, "criterion", pattern=ID_RE)
        weights, clean = weights_from_inputs(method, inputs, criterion_ids)
        wmap = {c: float(v) for c, v in zip(criterion_ids, weights)}
        WeightInputs(method, wmap, clean)  # what a run will take it as: checked now
        nonce = nonce or new_nonce()
        if not _NONCE_RE.match(nonce):
            raise StoreError("store.err.bad_id", field="nonce", value=nonce[:NONCE_MAX], limit=NONCE_MAX)
        for attempt in range(3):
            try:
                with self.db.write() as s:
                    # the participant's row is locked until commit: their submissions
                    # queue here, so each takes the next revision number
                    p, row = self._me(s, token, lock=True)
                    if row.status != OPEN:
                        raise StoreError("store.err.session_closed")
                    same = s.scalar(
                        select(SubmissionRow).where(
                            SubmissionRow.participant_id == p.id, SubmissionRow.nonce == nonce
                        )
                    )
                    if same is not None:
                        return self._submission(same, _participant(p, row.code))
                    last = s.scalar(
                        select(func.max(SubmissionRow.revision)).where(SubmissionRow.participant_id == p.id)
                    )
                    revision = (last or 0) + 1
                    if revision > MAX_REVISIONS:
                        raise StoreError("store.err.too_many_submissions", limit=MAX_REVISIONS)
                    sub = SubmissionRow(
                        session_id=row.id,
                        participant_id=p.id,
                        revision=revision,
                        nonce=nonce,
                        method=method,
                        inputs=json.dumps(clean, allow_nan=False),
                        weights=json.dumps(wmap, allow_nan=False),
                        submitted_at=utcnow(),
                    )
                    s.add(sub)
                    s.flush()
                    return self._submission(sub, _participant(p, row.code))
            except IntegrityError:  # a constraint refused the row (the lock above makes it rare)
                if attempt == 2:
                    raise StoreError("store.err.conflict", name="workshop") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def participant_view(self, token: str, criterion_ids: Sequence[str]) -> ParticipantView:
        with self.db.read() as s:
            p, row = self._me(s, token)
            me = _participant(p, row.code)
            subs = self._latest(s, row)
            mine = next((x for x in subs if x.participant.id == p.id), None)
            n_part = s.scalar(select(func.count()).where(ParticipantRow.session_id == row.id)) or 0
            reveal = bool(row.reveal_individual)
            agg, withheld = participant_aggregate(subs, criterion_ids, reveal)
            return ParticipantView(
                _info(row),
                me,
                mine,
                int(n_part),
                len(subs),
                agg,
                subs if reveal else None,
                withheld,
            )

    def latest_submissions(self, code: str) -> tuple[Submission, ...]:
        """The latest submission of each participant, in joining order (no secret: engine use)."""
        with self.db.read() as s:
            return self._latest(s, self._session_row(s, code))

    def all_submissions(self, code: str) -> tuple[Submission, ...]:
        """Every submission including earlier revisions, oldest first."""
        with self.db.read() as s:
            row = self._session_row(s, code)
            q = (
                select(SubmissionRow, ParticipantRow)
                .join(ParticipantRow, SubmissionRow.participant_id == ParticipantRow.id)
                .where(SubmissionRow.session_id == row.id)
                .order_by(SubmissionRow.id)
            )
            return tuple(self._submission(sub, _participant(p, row.code)) for sub, p in s.execute(q).all())

    # ------------------------------------------------------------ helpers

    @staticmethod
    def _submission(row: SubmissionRow, p: Participant) -> Submission:
        return Submission(
            participant=p,
            revision=row.revision,
            method=row.method,
            inputs=json.loads(row.inputs),
            weights=json.loads(row.weights),
            submitted_at=row.submitted_at,
        )

    def _latest(self, s: Session, row: WorkshopSessionRow) -> tuple[Submission, ...]:
        latest = (
            select(SubmissionRow.participant_id, func.max(SubmissionRow.revision).label("rev"))
            .where(SubmissionRow.session_id == row.id)
            .group_by(SubmissionRow.participant_id)
            .subquery()
        )
        q = (
            select(SubmissionRow, ParticipantRow)
            .join(
                latest,
                (SubmissionRow.participant_id == latest.c.participant_id)
                & (SubmissionRow.revision == latest.c.rev),
            )
            .join(ParticipantRow, SubmissionRow.participant_id == ParticipantRow.id)
            .order_by(ParticipantRow.id)
        )
        return tuple(self._submission(sub, _participant(p, row.code)) for sub, p in s.execute(q).all())
