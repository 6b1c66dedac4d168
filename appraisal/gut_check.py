"""Gut versus model: each participant's intuitive ranking of a region's options beside the
ranking the model gives with their own weights and with the group's.

A decision-conference check (Phillips 2007, "Decision conferencing", in Edwards, Miles &
von Winterfeldt (eds), *Advances in Decision Analysis*, CUP, ch. 19; DCLG 2009, *Multi-
criteria analysis: a manual*, 6.2.11-6.2.12 "examine the results"): where intuition and
model disagree, the group discusses why (a missing criterion, a weight or a score that does
not say what was meant, or a gut feel that changes on reflection). Neither is right by
default; the check only finds what to talk about.

Disagreements listed for discussion (:class:`Disagreement`):

- ``first``: the gut first choice is not (one of) the model's first;
- ``gap``: any other option whose gut rank and model rank differ by ``GAP`` (2) or more
  places (the gut first choice is listed once, as ``first``).

The model ranks are competition ranks ('1224': tied options share a rank) from
:func:`appraisal.mcda.rank_many`, ``evaluate``'s own tie rule; a gut ranking has no ties.
A participant who gave no weights is compared with the group's weights (``basis``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from appraisal.checks import check_list
from appraisal.errors import InputError
from appraisal.mcda import rank_many
from appraisal.model import Problem

#: Places between gut rank and model rank that make an option worth discussing.
GAP = 2
#: Longest ranking accepted (a region has far fewer options).
MAX_OPTIONS = 100
OWN, GROUP = "own", "group"
FIRST, RANK_GAP = "first", "gap"


@dataclass(frozen=True)
class Disagreement:
    """One point for discussion. ``kind`` is ``first`` (``option`` is the gut first
    choice, ``model_rank`` its rank in the model) or ``gap``; ``basis`` says whose weights
    the model used (``own`` or ``group``)."""

    kind: str
    option: str
    gut_rank: int
    model_rank: int
    basis: str

    @property
    def places(self) -> int:
        return abs(self.gut_rank - self.model_rank)


@dataclass(frozen=True)
class GutRow:
    """One participant: gut ranks and model ranks per option (in ``GutCheck.option_ids``
    order); ``model_ranks`` is None when they gave no weights."""

    name: str
    gut: tuple[str, ...]  # option ids, best first
    gut_ranks: tuple[int, ...]
    model_ranks: tuple[int, ...] | None
    model_first: tuple[str, ...]  # the model's first choice(s) on ``basis``
    disagreements: tuple[Disagreement, ...]
    basis: str


@dataclass(frozen=True)
class GutCheck:
    """Every participant's gut ranking against the model (see the module docstring)."""

    option_ids: tuple[str, ...]
    group_ranks: tuple[int, ...] | None  # None when nobody has given weights
    rows: tuple[GutRow, ...]

    @property
    def disagreements(self) -> tuple[tuple[str, Disagreement], ...]:
        """(participant, disagreement) for every row, in row order."""
        return tuple((r.name, d) for r in self.rows for d in r.disagreements)

    def row(self, name: str) -> GutRow:
        return next(r for r in self.rows if r.name == name)


# ----------------------------------------------------------------------------- input


def check_ranking(ranking: object, option_ids: Sequence[str], where: str = "gut_ranking") -> tuple[str, ...]:
    """A full ranking of ``option_ids`` (best first, each once); InputError otherwise."""
    ranking = check_list(ranking, where, MAX_OPTIONS)
    known = set(option_ids)
    seen: set[str] = set()
    for i, o in enumerate(ranking):
        if not isinstance(o, str) or o not in known:
            raise InputError("decision.err.gut_unknown", field=f"{where}[{i}]", value=str(o)[:64])
        if o in seen:
            raise InputError("decision.err.gut_duplicate", field=where, option=o)
        seen.add(o)
    missing = [o for o in option_ids if o not in seen]
    if missing:
        raise InputError("decision.err.gut_missing", field=where, option=missing[0])
    return tuple(ranking)


def ranking_from_positions(
    positions: Mapping[str, object],
    option_ids: Sequence[str],
    label: Callable[[str], str] = str,
) -> tuple[str, ...]:
    """A ranking from a rank number per option (1 = best), as a form gives it. Every
    option needs a different whole number from 1 to n: a blank is refused naming the
    option, a number given twice (a tie) naming both options. ``label`` names options."""
    n = len(option_ids)
    by_rank: dict[int, str] = {}
    for o in option_ids:
        v = positions.get(o)
        if v is None or v == "" or v == 0:
            raise InputError("decision.err.gut_missing", option=label(o))
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v != int(v) or not 1 <= v <= n:
            raise InputError("decision.err.gut_range", option=label(o), rank=str(v)[:12], n=n)
        r = int(v)
        if r in by_rank:
            raise InputError("decision.err.gut_tie", first=label(by_rank[r]), second=label(o), rank=r)
        by_rank[r] = o
    return tuple(by_rank[r] for r in sorted(by_rank))


def ranks_of(ranking: Sequence[str], option_ids: Sequence[str]) -> tuple[int, ...]:
    """Rank (1 = best) of each of ``option_ids`` in a full ranking."""
    pos = {o: k + 1 for k, o in enumerate(ranking)}
    return tuple(pos[o] for o in option_ids)


# ----------------------------------------------------------------------------- check


def disagreements(
    gut_ranks: Sequence[int], model_ranks: Sequence[int], option_ids: Sequence[str], basis: str
) -> tuple[Disagreement, ...]:
    """The points for discussion between one gut ranking and one model ranking: the first
    choice (when the gut's first is not ranked first by the model), then every option
    ``GAP`` or more places apart, in gut order."""
    out: list[Disagreement] = []
    order = sorted(range(len(option_ids)), key=lambda i: gut_ranks[i])
    top = order[0]
    first = model_ranks[top] != 1
    if first:
        out.append(Disagreement(FIRST, option_ids[top], 1, int(model_ranks[top]), basis))
    for i in order:
        if i == top and first:  # said already: the first choice differs
            continue
        if abs(gut_ranks[i] - model_ranks[i]) >= GAP:
            out.append(Disagreement(RANK_GAP, option_ids[i], int(gut_ranks[i]), int(model_ranks[i]), basis))
    return tuple(out)


def gut_check(
    problem: Problem,
    entries: Sequence[tuple[str, Sequence[str], np.ndarray | None]],
    group_weights: np.ndarray | None,
) -> GutCheck:
    """Compare each entry ``(name, gut ranking, own weights or None)`` with the model on
    ``problem`` (its values; weights in its criterion order, any positive scale): one
    ``rank_many`` call ranks every participant's weights and the group's at once."""
    ids = problem.option_ids
    rows_w = [w for _, _, w in entries if w is not None]
    if group_weights is not None:
        rows_w.append(group_weights)
    ranks = np.zeros((0, len(ids)), dtype=int)
    if rows_w:
        w = np.vstack([np.asarray(x, dtype=float) for x in rows_w])
        w = w / w.sum(axis=1, keepdims=True)
        ranks = rank_many(problem.values, w).ranks
    group = tuple(int(r) for r in ranks[-1]) if group_weights is not None else None
    out = []
    k = 0
    for name, gut, weights in entries:
        gut = check_ranking(gut, ids)
        g_ranks = ranks_of(gut, ids)
        own = None
        if weights is not None:
            own = tuple(int(r) for r in ranks[k])
            k += 1
        model, basis = (own, OWN) if own is not None else (group, GROUP)
        found = disagreements(g_ranks, model, ids, basis) if model is not None else ()
        first = tuple(o for o, r in zip(ids, model) if r == 1) if model is not None else ()
        out.append(GutRow(name, gut, g_ranks, own, first, found, basis))
    return GutCheck(ids, group, tuple(out))
