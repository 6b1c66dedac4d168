"""Ways to set criterion weights; each returns a normalised WeightSet keeping its inputs.

Methods and sources:
- direct points and swing weights: DCLG (2009) *Multi-criteria analysis: a manual*,
  sections 5.4 and 6.2.10 (swing weighting as in Hiview: largest swing = 100).
- rank-order centroid: Barron & Barrett (1996), *Decision quality using ranked attribute
  weights*, Management Science 42(11): ``w_k = (1/n) * sum_{i=k..n} 1/i``.
- AHP: Saaty (1980; 2008, Int J Services Sciences 1(1):83-98): principal eigenvector,
  CI = (lambda_max - n)/(n - 1), CR = CI/RI; group judgements aggregated by the
  element-wise geometric mean (Forman & Peniwati 1998, EJOR 108:165-169).
- hierarchical: group weight x normalised within-group weight (DCLG 2009, 6.2.11).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from appraisal.errors import WeightError
from appraisal.i18n import t

#: Saaty's random consistency index by matrix size (n = 1..15).
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CR_THRESHOLD = 0.10
METHODS = ("points", "swing", "rank", "ahp", "hierarchical")


@dataclass(frozen=True)
class WeightSet:
    """Normalised weights (sum 1) in criterion order, with the inputs that produced them."""

    criterion_ids: tuple[str, ...]
    values: np.ndarray
    method: str
    inputs: Mapping = field(default_factory=dict)
    ahp: AHPResult | None = None

    def __post_init__(self) -> None:
        """Refuse weights that are not one finite, non-negative weight per criterion
        summing to one (the ways to set weights below normalise them first)."""
        ids = tuple(self.criterion_ids)
        v = np.array(self.values, dtype=float)
        if v.shape != (len(ids),):
            raise WeightError(t("weights.count", n=len(ids), got=v.size), source=t("weights.src.weights"))
        if not np.all(np.isfinite(v)) or np.any(v < 0):
            bad = next(c for c, x in zip(ids, v) if not np.isfinite(x) or x < 0)
            raise WeightError(t("weights.negative", got=f"{v[ids.index(bad)]:g}"), field=bad)
        if abs(float(v.sum()) - 1.0) > 1e-9:
            raise WeightError(
                t("weights.not_normalised", total=f"{v.sum():g}"), source=t("weights.src.weights")
            )
        v.setflags(write=False)
        object.__setattr__(self, "criterion_ids", ids)
        object.__setattr__(self, "values", v)

    def as_dict(self) -> dict[str, float]:
        return {c: float(w) for c, w in zip(self.criterion_ids, self.values)}


@dataclass(frozen=True)
class AHPResult:
    """Principal-eigenvector priorities and Saaty's consistency ratio."""

    matrix: np.ndarray
    weights: np.ndarray
    lambda_max: float
    ci: float
    ri: float
    cr: float

    @property
    def consistent(self) -> bool:
        return self.cr < CR_THRESHOLD


def normalise(
    raw: Mapping[str, float] | Sequence[float],
    criterion_ids: Sequence[str],
    *,
    source: str | None = None,
) -> np.ndarray:
    """Check and scale non-negative weights to sum to one, in ``criterion_ids`` order.

    Raises WeightError naming the criterion for a missing, unknown, negative or
    non-numeric weight, and when every weight is zero.
    """
    ids = list(criterion_ids)
    source = source or t("weights.src.weights")
    if isinstance(raw, Mapping):
        unknown = [k for k in raw if k not in ids]
        if unknown:
            raise WeightError(
                t("weights.unknown_criterion", id=unknown[0], known=", ".join(ids)),
                source=source,
                field=unknown[0],
            )
        missing = [c for c in ids if c not in raw]
        if missing:
            raise WeightError(t("weights.missing"), source=source, field=missing[0])
        items = [(c, raw[c]) for c in ids]
    else:
        vals = list(raw)
        if len(vals) != len(ids):
            raise WeightError(t("weights.count", n=len(ids), got=len(vals)), source=source)
        items = list(zip(ids, vals))
    out = np.empty(len(ids))
    for k, (cid, v) in enumerate(items):
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise WeightError(t("data.expected_number", got=repr(v)), source=source, field=cid) from None
        if not np.isfinite(f):
            raise WeightError(t("data.expected_finite", got=repr(v)), source=source, field=cid)
        if f < 0:
            raise WeightError(t("weights.negative", got=f"{f:g}"), source=source, field=cid)
        out[k] = f
    total = out.sum()
    if total <= 0:
        raise WeightError(t("weights.all_zero"), source=source)
    return out / total


def points(raw: Mapping[str, float], criterion_ids: Sequence[str]) -> WeightSet:
    """Direct points (any non-negative numbers), normalised."""
    return WeightSet(tuple(criterion_ids), normalise(raw, criterion_ids), "points", dict(raw))


def swing(swings: Mapping[str, float], criterion_ids: Sequence[str]) -> WeightSet:
    """Swing weights: the criterion whose worst-to-best swing matters most gets 100 and
    each other swing is judged relative to it (0-100). Normalised to sum one."""
    w = normalise(swings, criterion_ids, source=t("weights.src.swing"))
    for c in criterion_ids:
        if float(swings[c]) > 100:
            raise WeightError(t("weights.swing_range"), source=t("weights.src.swing"), field=c)
    if max(float(swings[c]) for c in criterion_ids) != 100:
        raise WeightError(
            t("weights.swing_top"),
            source=t("weights.src.swing"),
        )
    return WeightSet(tuple(criterion_ids), w, "swing", dict(swings))


def roc_vector(n: int) -> np.ndarray:
    """Rank-order centroid weights for ranks 1..n (Barron & Barrett 1996)."""
    if n < 1:
        raise WeightError(t("weights.rank_empty"), source=t("weights.src.ranking"))
    inv = 1.0 / np.arange(1, n + 1)
    return np.cumsum(inv[::-1])[::-1] / n


def rank_order_centroid(ranking: Sequence[str | Sequence[str]], criterion_ids: Sequence[str]) -> WeightSet:
    """Weights from a ranking, most important first. A tie is given as a list of ids;
    tied criteria share the mean of the centroid weights of the positions they take."""
    ids = list(criterion_ids)
    tiers = [[t] if isinstance(t, str) else list(t) for t in ranking]
    flat = [c for tier in tiers for c in tier]
    for c in flat:
        if c not in ids:
            raise WeightError(t("weights.unknown_item", id=c), source=t("weights.src.ranking"), field=c)
    dup = sorted({c for c in flat if flat.count(c) > 1})
    if dup:
        raise WeightError(t("weights.rank_twice"), source=t("weights.src.ranking"), field=dup[0])
    missing = [c for c in ids if c not in flat]
    if missing:
        raise WeightError(t("weights.rank_missing"), source=t("weights.src.ranking"), field=missing[0])
    base = roc_vector(len(ids))
    out = dict.fromkeys(ids, 0.0)
    pos = 0
    for tier in tiers:
        share = base[pos : pos + len(tier)].mean()
        for c in tier:
            out[c] = float(share)
        pos += len(tier)
    vec = np.array([out[c] for c in ids])
    return WeightSet(tuple(ids), vec / vec.sum(), "rank", {"ranking": [list(t) for t in tiers]})


def _check_pairwise(m: np.ndarray, source: str) -> np.ndarray:
    m = np.asarray(m, dtype=float)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise WeightError(t("weights.ahp_square", shape=str(m.shape)), source=source)
    if not np.all(np.isfinite(m)) or np.any(m <= 0):
        raise WeightError(t("weights.ahp_positive"), source=source)
    if not np.allclose(m * m.T, 1.0, rtol=1e-6):
        raise WeightError(t("weights.ahp_reciprocal"), source=source)
    return m


def ahp_priorities(matrix: np.ndarray, *, source: str | None = None) -> AHPResult:
    """Principal right eigenvector of a positive reciprocal matrix and Saaty's CR."""
    m = _check_pairwise(matrix, source or t("weights.src.ahp"))
    n = m.shape[0]
    eigvals, eigvecs = np.linalg.eig(m)
    k = int(np.argmax(eigvals.real))
    lam = float(eigvals[k].real)
    w = np.abs(eigvecs[:, k].real)
    w = w / w.sum()
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ci = max(ci, 0.0)
    ri = RANDOM_INDEX.get(n, 1.59)
    cr = ci / ri if ri > 0 else 0.0
    return AHPResult(matrix=m, weights=w, lambda_max=lam, ci=ci, ri=ri, cr=cr)


def pairwise_matrix(
    judgements: Mapping[tuple[str, str], float], ids: Sequence[str], *, source: str | None = None
) -> np.ndarray:
    """Build a reciprocal matrix from judgements ``(a, b) -> how many times a beats b``.

    Pairs not given are taken as equal (1). Judgements are on Saaty's 1/9..9 scale.
    """
    source = source or t("weights.src.ahp")
    idx = {c: k for k, c in enumerate(ids)}
    m = np.ones((len(ids), len(ids)))
    for (a, b), v in judgements.items():
        for c in (a, b):
            if c not in idx:
                raise WeightError(t("weights.unknown_item", id=c), source=source, field=c)
        f = float(v)
        if not np.isfinite(f) or not (1 / 9 - 1e-9) <= f <= 9 + 1e-9:
            raise WeightError(t("weights.ahp_scale", got=repr(v)), source=source, field=f"{a} vs {b}")
        if a == b:
            continue
        m[idx[a], idx[b]] = f
        m[idx[b], idx[a]] = 1.0 / f
    return m


def ahp(matrix: np.ndarray, criterion_ids: Sequence[str]) -> WeightSet:
    res = ahp_priorities(matrix)
    if res.weights.shape[0] != len(criterion_ids):
        raise WeightError(t("weights.ahp_size"), source=t("weights.src.ahp"))
    return WeightSet(tuple(criterion_ids), res.weights, "ahp", {"matrix": res.matrix.tolist()}, res)


def geometric_mean_matrix(matrices: Sequence[np.ndarray]) -> np.ndarray:
    """Aggregate individual judgements (AIJ) by the element-wise geometric mean, which
    keeps the group matrix reciprocal (Forman & Peniwati 1998)."""
    if not matrices:
        raise WeightError(t("weights.ahp_none"), source=t("weights.src.ahp_group"))
    stack = np.stack([_check_pairwise(m, t("weights.src.ahp_group")) for m in matrices])
    return np.exp(np.log(stack).mean(axis=0))


def ahp_group(matrices: Sequence[np.ndarray], criterion_ids: Sequence[str]) -> WeightSet:
    g = geometric_mean_matrix(matrices)
    res = ahp_priorities(g, source=t("weights.src.ahp_group"))
    return WeightSet(
        tuple(criterion_ids), res.weights, "ahp", {"group_size": len(matrices), "matrix": g.tolist()}, res
    )


def hierarchical(
    group_weights: Mapping[str, float],
    within: Mapping[str, float],
    criterion_groups: Mapping[str, str],
) -> WeightSet:
    """Global weight = normalised group weight x criterion's share within its group.

    ``criterion_groups`` maps criterion id -> group id, in criterion order.
    """
    ids = list(criterion_groups)
    groups = list(dict.fromkeys(criterion_groups.values()))
    gw = normalise(group_weights, groups, source=t("weights.src.groups"))
    gmap = dict(zip(groups, gw))
    within_all = {c: within.get(c) for c in ids}
    out = np.zeros(len(ids))
    for g in groups:
        members = [c for c in ids if criterion_groups[c] == g]
        w = normalise({c: within_all[c] for c in members}, members, source=t("weights.src.within", group=g))
        for c, v in zip(members, w):
            out[ids.index(c)] = gmap[g] * v
    return WeightSet(
        tuple(ids), out / out.sum(), "hierarchical", {"groups": dict(group_weights), "within": dict(within)}
    )


def group_totals(weights: np.ndarray, group_index: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum criterion weights by group."""
    return np.bincount(group_index, weights=weights, minlength=n_groups)
