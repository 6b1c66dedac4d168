"""Weighted additive value model (DCLG 2009 MCA manual, ch. 6; Keeney & Raiffa 1976).

``V_a = sum_k w_k v_ak`` with ``v_ak`` on 0-100 from fixed-anchor value functions and
weights summing to one. The kernel (``additive_totals``) is bare numpy with no checks,
so it also serves SMAA over many weight draws; ``evaluate`` validates and packages a
result that keeps every intermediate (pymcdm style) for charts and reports.

Batches: ``rank_many(values[k, options, criteria], weights[k, criteria])`` ranks ``k``
problems at once with exactly ``evaluate``'s tie rule (competition ranks '1224' with a
tolerance of ``TIE_TOLERANCE``; the best-first order by rank, then data order), sorting
each row once instead of building ``k`` Problems; ``rank_totals``, ``order_of`` and
``top_of`` are its kernels on totals already computed (SMAA uses them on every draw), and
``evaluate_many`` packages one ``AdditiveResult`` per weight set for re-solves (scenario
comparison, workshops), each identical to ``evaluate``'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from appraisal.mcda.weights import WeightSet, normalise
from appraisal.model import Problem

#: Totals closer than this (on the 0-100 scale) are treated as tied.
TIE_TOLERANCE = 1e-9


def additive_totals(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Totals for options: ``values (..., n_opt, n_crit) @ weights``.

    ``weights`` may be one vector (n_crit,) or a batch (n_draws, n_crit), giving totals
    of shape (n_opt,) or (n_draws, n_opt).
    """
    if weights.ndim == 1:
        return values @ weights
    return weights @ values.T if values.ndim == 2 else np.einsum("sij,sj->si", values, weights)


def rank_with_ties(totals: np.ndarray, tol: float = TIE_TOLERANCE) -> np.ndarray:
    """Standard competition ranking ('1224'): 1 + number of options strictly better."""
    t = np.asarray(totals, dtype=float)
    better = t[None, :] > t[:, None] + tol
    return 1 + better.sum(axis=1)


@dataclass(frozen=True)
class AdditiveResult:
    """Everything the additive model computed for one region and one weight set."""

    problem: Problem
    weights: WeightSet
    values: np.ndarray  # n_opt x n_crit, 0-100
    weighted: np.ndarray  # values * weights: the contribution of each criterion
    totals: np.ndarray  # n_opt
    ranks: np.ndarray  # n_opt, 1 = best, ties share a rank
    order: tuple[int, ...]  # option indices best first (stable for ties)
    group_contributions: np.ndarray  # n_opt x n_groups
    group_weights: np.ndarray  # n_groups

    @property
    def option_ids(self) -> tuple[str, ...]:
        return self.problem.option_ids

    @property
    def top(self) -> tuple[str, ...]:
        """Ids of the option(s) ranked first (more than one when tied)."""
        return tuple(self.option_ids[i] for i in range(len(self.ranks)) if self.ranks[i] == 1)

    def rows(self) -> list[dict]:
        """Ranking rows best first, for tables, JSON and CSV."""
        p = self.problem
        out = []
        for i in self.order:
            out.append(
                {
                    "rank": int(self.ranks[i]),
                    "option": p.options[i].id,
                    "name": p.options[i].name,
                    "total": float(self.totals[i]),
                    "contributions": {c.id: float(self.weighted[i, j]) for j, c in enumerate(p.criteria)},
                    "group_contributions": {
                        g.id: float(self.group_contributions[i, k]) for k, g in enumerate(p.groups)
                    },
                }
            )
        return out


def evaluate(problem: Problem, weights: WeightSet | np.ndarray | None = None) -> AdditiveResult:
    """Score every option of ``problem`` under ``weights`` (default: the data's weights)."""
    ws = _weight_set(problem, weights)
    w = ws.values
    weighted = problem.values * w
    totals = weighted.sum(axis=1)
    ranks = rank_with_ties(totals)
    # best first; options tied within TIE_TOLERANCE keep their order in the data
    order = tuple(int(i) for i in np.lexsort((np.arange(len(totals)), ranks)))
    n_groups = len(problem.groups)
    gc = np.zeros((len(totals), n_groups))
    for k in range(n_groups):
        gc[:, k] = weighted[:, problem.group_index == k].sum(axis=1)
    gw = np.bincount(problem.group_index, weights=w, minlength=n_groups)
    for a in (weighted, totals, ranks, gc, gw):
        a.setflags(write=False)
    return AdditiveResult(problem, ws, problem.values, weighted, totals, ranks, order, gc, gw)


# ----------------------------------------------------------------------------- batches


def _sort_desc(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(indices best first, totals in that order); a stable sort keeps data order on
    exact ties."""
    idx = np.argsort(-t, axis=-1, kind="stable")
    return idx, np.take_along_axis(t, idx, axis=-1)


def _near_counts(s: np.ndarray, tol: float) -> np.ndarray | None:
    """For rows sorted best first, how many earlier entries are within ``tol`` of each
    (``s_j <= s_p + tol`` for ``j < p``: not better, so not counted in the rank); None
    when no row has any, the usual case. Those entries are the run just before ``p``
    (the row is sorted), so offsets are tried 1, 2, ... until none is within ``tol``."""
    n = s.shape[-1]
    if n < 2:
        return None
    close = s[:, :-1] <= s[:, 1:] + tol
    if not close.any():
        return None
    near = np.zeros(s.shape, dtype=np.int64)
    near[:, 1:] = close
    for d in range(2, n):
        close = s[:, :-d] <= s[:, d:] + tol
        if not close.any():
            break
        near[:, d:] += close
    return near


def _ranks_sorted(near: np.ndarray) -> np.ndarray:
    """Competition ranks by sorted position: 1 + (options strictly better) = 1 + p - near."""
    return np.arange(1, near.shape[-1] + 1) - near


def rank_totals(totals: np.ndarray, tol: float = TIE_TOLERANCE) -> tuple[np.ndarray, np.ndarray]:
    """Kernel: ``(ranks, order)`` for many rows of totals (k, n_opt) at once.

    Row by row exactly ``rank_with_ties`` and ``evaluate``'s ``order``: an option's rank
    is 1 + the number of options whose total is higher by more than ``tol`` (standard
    competition ranking, '1224'); ``order`` lists option indices by rank, then data order.
    One sort per row (O(n log n)) instead of the pairwise comparison (O(n^2)).
    """
    t = np.asarray(totals, dtype=float)
    k, n = t.shape
    idx, s = _sort_desc(t)
    near = _near_counts(s, tol)
    ranks = np.empty((k, n), dtype=np.int64)
    if near is None:
        np.put_along_axis(ranks, idx, np.broadcast_to(np.arange(1, n + 1), (k, n)), axis=1)
        return ranks, idx
    np.put_along_axis(ranks, idx, _ranks_sorted(near), axis=1)
    rows = np.flatnonzero(near.any(axis=1))
    idx[rows] = np.argsort(ranks[rows] * n + np.arange(n), axis=1)
    return ranks, idx


def order_of(totals: np.ndarray, tol: float = TIE_TOLERANCE) -> np.ndarray:
    """Kernel: ``rank_totals(totals, tol)[1]`` (the best-first order only), without
    building ranks for the rows that have no near ties (SMAA's rank acceptabilities)."""
    t = np.asarray(totals, dtype=float)
    n = t.shape[1]
    idx, s = _sort_desc(t)
    near = _near_counts(s, tol)
    if near is None:
        return idx
    rows = np.flatnonzero(near.any(axis=1))
    ranks = np.empty((rows.size, n), dtype=np.int64)
    np.put_along_axis(ranks, idx[rows], _ranks_sorted(near[rows]), axis=1)
    idx[rows] = np.argsort(ranks * n + np.arange(n), axis=1)
    return idx


def top_of(totals: np.ndarray, tol: float = TIE_TOLERANCE) -> np.ndarray:
    """Kernel: the option first in ``order`` for each row of totals (any leading shape):
    the earliest option that no other beats by more than ``tol``. Linear in options."""
    t = np.asarray(totals, dtype=float)
    best = t.max(axis=-1, keepdims=True)
    return np.argmax(t + tol >= best, axis=-1)


@dataclass(frozen=True)
class BatchRanking:
    """``k`` problems ranked at once: row ``r`` is what ``evaluate`` gives problem ``r``."""

    totals: np.ndarray  # (k, n_opt)
    ranks: np.ndarray  # (k, n_opt), 1 = best, ties share a rank
    order: np.ndarray  # (k, n_opt) option indices best first (ties in data order)

    @property
    def top(self) -> np.ndarray:
        """(k,) the first option of each problem (ties: the earlier option)."""
        return self.order[:, 0]

    def __len__(self) -> int:
        return int(self.totals.shape[0])


def _batch_totals(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Totals (k, n_opt) by matrix products (one BLAS call for shared values). They agree
    with ``evaluate``'s row sums to floating-point rounding (about 1e-13 on the 0-100
    scale), far inside the tie tolerance, so ranks and order follow the same rule."""
    if values.ndim == 2:
        return weights @ values.T
    return np.matmul(values, weights[:, :, None])[:, :, 0]


def rank_many(values: np.ndarray, weights: np.ndarray, *, tol: float = TIE_TOLERANCE) -> BatchRanking:
    """Rank ``k`` problems at once: ``values`` (k, n_opt, n_crit), or (n_opt, n_crit)
    shared by every problem, under ``weights`` (k, n_crit), one weight vector per problem.

    Ties as ``evaluate`` (totals within ``tol`` share a rank; the order puts them in
    data order). Weights are used as given (normalise them first; ``evaluate_many``
    does, and also returns ``evaluate``'s exact totals). Raises ValueError when the
    shapes do not match.
    """
    v = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    if w.ndim != 2:
        raise ValueError(f"weights must be (problems, criteria); got shape {w.shape}")
    if v.ndim not in (2, 3) or v.shape[-1] != w.shape[1] or (v.ndim == 3 and v.shape[0] != w.shape[0]):
        raise ValueError(f"values of shape {v.shape} do not match weights of shape {w.shape}")
    totals = _batch_totals(v, w)
    ranks, order = rank_totals(totals, tol)
    for a in (totals, ranks, order):
        a.setflags(write=False)
    return BatchRanking(totals, ranks, order)


def evaluate_many(
    problem: Problem | Sequence[Problem],
    weights: Sequence[WeightSet | np.ndarray | Sequence[float]] | np.ndarray,
) -> tuple[AdditiveResult, ...]:
    """``evaluate`` for many weight sets at once (re-solves: the same region under each
    participant's or scenario's weights). ``problem``: one Problem for every weight set,
    or one Problem per weight set (same options and criteria, e.g. with score edits).

    Returns one ``AdditiveResult`` per weight set, equal to ``evaluate(problem_i,
    weights_i)`` (same weights validation, same totals to the bit, ranks and order), with
    the arithmetic done once for the whole batch (``rank_totals`` ranks every row).
    """
    items = list(weights) if not isinstance(weights, np.ndarray) else list(np.atleast_2d(weights))
    problems = [problem] * len(items) if isinstance(problem, Problem) else list(problem)
    if len(problems) != len(items):
        raise ValueError(f"{len(problems)} problems for {len(items)} weight sets")
    if not items:
        return ()
    first = problems[0]
    cids = first.criterion_ids
    for p in problems[1:]:
        if p.criterion_ids != cids or p.option_ids != first.option_ids:
            raise ValueError("evaluate_many needs problems with the same options and criteria")
    sets = _weight_sets(first, items)
    w = np.vstack([ws.values for ws in sets])
    same = all(p is first for p in problems)
    values = first.values if same else np.stack([p.values for p in problems])
    # products, then row sums: evaluate's arithmetic, so every total is the same float
    weighted_all = values[None, :, :] * w[:, None, :] if same else values * w[:, None, :]
    totals_all = weighted_all.sum(axis=2)
    ranks_all, order_all = rank_totals(totals_all)
    n_groups = len(first.groups)
    gi = first.group_index
    gc_all = np.stack([weighted_all[:, :, gi == g].sum(axis=2) for g in range(n_groups)], axis=2)
    out = []
    for r, (p, ws) in enumerate(zip(problems, sets)):
        weighted = weighted_all[r].copy()
        totals = totals_all[r].copy()
        ranks = ranks_all[r].copy()
        gc = gc_all[r].copy()
        gw = np.bincount(gi, weights=ws.values, minlength=n_groups)
        for a in (weighted, totals, ranks, gc, gw):
            a.setflags(write=False)
        order = tuple(int(i) for i in order_all[r])
        out.append(AdditiveResult(p, ws, p.values, weighted, totals, ranks, order, gc, gw))
    return tuple(out)


def _weight_sets(problem: Problem, items: list) -> list[WeightSet]:
    """``_weight_set`` for each item; plain weight vectors are checked and normalised for
    the whole batch at once (the same arithmetic as ``normalise``: each row divided by
    its sum), and any row ``normalise`` would refuse goes through it, to raise its error."""
    m = len(problem.criterion_ids)
    plain = [k for k, w in enumerate(items) if not isinstance(w, WeightSet) and w is not None]
    out: list[WeightSet | None] = [None] * len(items)
    if plain:
        try:
            raw = np.array([np.asarray(items[k], dtype=float) for k in plain], dtype=float)
        except (TypeError, ValueError):
            raw = None
        if raw is not None and raw.shape == (len(plain), m):
            total = raw.sum(axis=1)
            good = np.isfinite(raw).all(axis=1) & (raw >= 0).all(axis=1) & (total > 0)
            scaled = raw / np.where(good, total, 1.0)[:, None]
            for k, row, ok in zip(plain, scaled, good):
                if ok:
                    out[k] = WeightSet(problem.criterion_ids, row, "points")
    return [ws if ws is not None else _weight_set(problem, w) for ws, w in zip(out, items)]


def _weight_set(problem: Problem, weights: WeightSet | np.ndarray | Sequence[float] | None) -> WeightSet:
    """The WeightSet ``evaluate`` would use for ``weights`` (normalised, checked)."""
    if weights is None:
        return WeightSet(
            problem.criterion_ids, problem.default_weights, "points", {"source": "data defaults"}
        )
    if isinstance(weights, WeightSet):
        if weights.criterion_ids != problem.criterion_ids:
            w = normalise(weights.as_dict(), problem.criterion_ids)
            return WeightSet(problem.criterion_ids, w, weights.method, weights.inputs, weights.ahp)
        return weights
    return WeightSet(problem.criterion_ids, normalise(list(weights), problem.criterion_ids), "points")
