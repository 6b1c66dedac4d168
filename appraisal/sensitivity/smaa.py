"""SMAA-2: stochastic multicriteria acceptability analysis (Lahdelma & Salminen 2001,
*SMAA-2: Stochastic multicriteria acceptability analysis for group decision making*,
Operations Research 49(3):444-454).

Weights and scores are drawn together many times; each draw ranks the options with the
additive model. Reported per option:

- **rank acceptability** ``b[i, r]``: share of draws in which option ``i`` takes rank
  ``r + 1``. Every draw gives each option exactly one rank and each rank exactly one
  option, so every row and every column sums to one.
- **central weight vector**: the mean of the weights over the draws in which the option is
  first (the "typical" weights that favour it); NaN when it is never first.
- **confidence factor**: the share of score draws in which the option is first when the
  weights are fixed at its own central weight vector (NaN when it has none). As in
  Tervonen & Lahdelma (2007, *Implementing stochastic multicriteria acceptability
  analysis*, EJOR 178(2):500-513) it is a second simulation after the first: the score
  draws come from a stream of their own, so nothing of the first pass is kept.
  Without score uncertainty it is 1 or 0.

Weight models (``model``):

- ``"uniform"``: no preference information; weights uniform on the simplex, i.e.
  Dirichlet(1, ..., 1) (``numpy.random.Generator.dirichlet``).
- ``"ranking"``: only a ranking of criteria; each uniform draw is sorted so that a more
  important criterion never gets less weight. Tied criteria share their positions in a
  random order, which gives the uniform distribution on the weights consistent with the
  ranking. Without ``ranking`` the order of the given weights is used (equal = tied).
- ``"stated"``: each stated weight is multiplied by an independent factor uniform on
  ``[1 - spread, 1 + spread]``, then the weights are rescaled to sum to one.
- ``"mixture"``: each draw picks one stakeholder's weight set at random (equal chance),
  then perturbs it as ``"stated"`` (use ``spread=0`` for the sets as given).

Score uncertainty is drawn directly in **value space** (0-100): each cell is drawn from a
triangular (or PERT) distribution with minimum ``Problem.values_low``, mode
``Problem.values`` and maximum ``Problem.values_high`` (the raw low/score/high mapped
through the criterion's value function). Triangular draws use Stein & Keblis (2009):
``x = low + (high - mode) * min(U1, U2) + (mode - low) * max(U1, U2)``; PERT uses
``low + (high - low) * Beta(1 + 4 (mode - low)/(high - low), 1 + 4 (high - mode)/(high - low))``.
Cells with ``low == high`` stay fixed. Cells are independent of each other and of weights.

Ties: within a draw options are ranked as ``appraisal.mcda.evaluate`` ranks them
(``appraisal.mcda.order_of``/``top_of``, the kernels of ``rank_many``): an option is
ahead of another only when its total is higher by more than ``TIE_TOLERANCE`` (1e-9);
tied options take their places in data order (the earlier option ranks higher).

Everything is seeded (``numpy.random.SeedSequence(seed)`` spawns separate streams for
weights, scores, the extra choices and the confidence pass's scores), so the same seed
and sample count give the same result, and switching score uncertainty on or off leaves
the weight draws unchanged. Work is streamed: weights and scores are drawn ``BLOCK``
draws at a time and each block is reduced at once to running counts and sums (rank
counts, sums of the weights where each option is first, confidence hits), in pieces of
at most ``PIECE_CELLS`` numbers, so memory is bounded by the piece, not by the number of
draws or the square of the options; the random numbers, and so the results, do not
depend on the piece size. A Python loop runs over blocks, never over draws. With ``n``
draws the 95% half-width of an acceptability ``p`` is ``1.96 * sqrt(p (1 - p) / n)``
(about 0.01 at ``n = 10,000``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from appraisal.errors import WeightError
from appraisal.mcda.additive import TIE_TOLERANCE, order_of, top_of
from appraisal.mcda.weights import WeightSet, normalise, rank_order_centroid
from appraisal.model import Problem
from appraisal.sensitivity._common import plain

MODELS = ("uniform", "ranking", "stated", "mixture")
SCORE_UNCERTAINTY = ("triangular", "pert", "none")
#: Draws per block of every random stream: a block's numbers are laid out as one
#: ``(2, BLOCK, n_opt, n_crit)`` array for triangular scores, so the block size fixes the
#: draws; 2,048 was the fastest block size measured for 6 x 14 (about 2.8 MB a block).
BLOCK = 2048
#: Largest piece of a block reduced at once, in float64 numbers per array (2 MB): with
#: many options a block is split into pieces, drawn from the same stream positions.
PIECE_CELLS = 2**18
#: Upper limit on samples, to keep a mistyped command from filling memory.
MAX_SAMPLES = 5_000_000
Z95 = 1.959963984540054


@dataclass(frozen=True)
class SMAAResult:
    problem: Problem
    option_ids: tuple[str, ...]
    criterion_ids: tuple[str, ...]
    rank_acceptability: np.ndarray  # (n_opt, n_opt) [option, rank - 1]
    central_weights: np.ndarray  # (n_opt, n_crit), NaN rows for options never first
    confidence: np.ndarray  # (n_opt,), NaN for options never first
    samples: int
    seed: int
    model: str
    score_uncertainty: str
    spread: float | None
    weights: np.ndarray | None  # the stated weights the model used (None for uniform)
    tiers: np.ndarray | None = None  # ranking model: tier per criterion (0 = most important)
    stakeholders: np.ndarray | None = None  # mixture model: one weight set per row

    def first_rank(self, option_id: str) -> float:
        return float(self.rank_acceptability[self.option_ids.index(option_id), 0])

    @property
    def half_width(self) -> np.ndarray:
        """95% half-width of each acceptability (normal approximation)."""
        p = self.rank_acceptability
        return Z95 * np.sqrt(p * (1.0 - p) / self.samples)

    @property
    def most_acceptable(self) -> str:
        """The option with the largest first-rank acceptability (ties: earlier option)."""
        return self.option_ids[int(np.argmax(self.rank_acceptability[:, 0]))]

    def rows(self) -> list[dict]:
        """One row per option (data order): acceptability of each rank and confidence."""
        names = {o.id: o.name for o in self.problem.options}
        out = []
        for i, oid in enumerate(self.option_ids):
            row: dict = {"option": oid, "name": names[oid]}
            for r in range(len(self.option_ids)):
                row[f"rank_{r + 1}"] = float(self.rank_acceptability[i, r])
            row["first_rank_half_width"] = float(self.half_width[i, 0])
            row["confidence"] = plain(self.confidence[i])
            out.append(row)
        return out

    def central_weight_rows(self) -> list[dict]:
        """One row per option x criterion (options never first are left out)."""
        out = []
        for i, oid in enumerate(self.option_ids):
            if not np.all(np.isfinite(self.central_weights[i])):
                continue
            for k, cid in enumerate(self.criterion_ids):
                out.append({"option": oid, "criterion": cid, "weight": float(self.central_weights[i, k])})
        return out


# ----------------------------------------------------------------------------- weights


def _ranking_tiers(
    ranking: Sequence[str | Sequence[str]] | None, stated: np.ndarray, criterion_ids: tuple[str, ...]
) -> np.ndarray:
    """Tier number per criterion (0 = most important); checks the ranking names each once."""
    if ranking is None:
        # order of the stated weights; equal weights (to 1e-12) share a tier
        vals = np.round(stated, 12)
        distinct = np.unique(vals)[::-1]
        return np.searchsorted(-distinct, -vals)
    ws = rank_order_centroid(ranking, criterion_ids)  # validates: each criterion ranked once
    tiers = ws.inputs["ranking"]
    tier_of = {c: n for n, tier in enumerate(tiers) for c in tier}
    return np.array([tier_of[c] for c in criterion_ids])


def _stakeholder_matrix(
    stakeholder_weights: Sequence[WeightSet | Mapping[str, float] | Sequence[float]] | Mapping | None,
    criterion_ids: tuple[str, ...],
) -> np.ndarray:
    if stakeholder_weights is None:
        raise WeightError("the mixture model needs stakeholder_weights (two or more weight sets)")
    items = (
        list(stakeholder_weights.values())
        if isinstance(stakeholder_weights, Mapping)
        else list(stakeholder_weights)
    )
    if not items:
        raise WeightError("the mixture model needs at least one stakeholder weight set")
    rows = []
    for n, ws in enumerate(items):
        src = f"stakeholder weight set {n + 1}"
        if isinstance(ws, WeightSet):
            rows.append(normalise(ws.as_dict(), criterion_ids, source=src))
        else:
            rows.append(normalise(ws, criterion_ids, source=src))
    return np.vstack(rows)


def _perturb(base: np.ndarray, spread: float, rng: np.random.Generator) -> np.ndarray:
    """Multiply by factors uniform on [1 - spread, 1 + spread] and rescale to sum one."""
    if spread > 0:
        w = base * rng.uniform(1.0 - spread, 1.0 + spread, size=base.shape)
    else:
        w = np.array(base, dtype=float, copy=True)
    w /= w.sum(axis=1, keepdims=True)
    return w


def draw_weights(
    model: str,
    n: int,
    m: int,
    rng: np.random.Generator,
    extra: np.random.Generator,
    *,
    stated: np.ndarray | None = None,
    tiers: np.ndarray | None = None,
    spread: float = 0.0,
    stakeholders: np.ndarray | None = None,
) -> np.ndarray:
    """Kernel: ``n`` weight vectors (n, m) under one of the weight models."""
    if model == "uniform" or model == "ranking":
        w = rng.dirichlet(np.ones(m), n)
        if model == "uniform":
            return w
        assert tiers is not None
        w.sort(axis=1)
        desc = w[:, ::-1]  # largest first
        if len(np.unique(tiers)) == m:  # strict ranking: one fixed assignment
            out = np.empty_like(w)
            out[:, np.argsort(tiers, kind="stable")] = desc
            return out
        keys = tiers[None, :] + extra.random((n, m))  # random order within each tier
        crit_order = np.argsort(keys, axis=1)
        out = np.empty_like(w)
        np.put_along_axis(out, crit_order, desc, axis=1)
        return out
    if model == "stated":
        assert stated is not None
        return _perturb(np.broadcast_to(stated, (n, m)), spread, rng)
    if model == "mixture":
        assert stakeholders is not None
        pick = extra.integers(0, stakeholders.shape[0], size=n)
        return _perturb(stakeholders[pick], spread, rng)
    raise ValueError(f"unknown weight model '{model}'; choose from {', '.join(MODELS)}")


# ----------------------------------------------------------------------------- scores


class _ScoreSampler:
    """Draws value matrices (c, n_opt, n_crit) block by block from one seeded stream."""

    def __init__(self, kind: str, low: np.ndarray, mode: np.ndarray, high: np.ndarray):
        self.kind = kind
        self.low = low
        self.up = high - mode  # weight of min(U1, U2)
        self.down = mode - low  # weight of max(U1, U2)
        width = high - low
        safe = np.where(width > 0, width, 1.0)
        self.width = width
        self.alpha = np.where(width > 0, 1.0 + 4.0 * (mode - low) / safe, 3.0)
        self.beta = np.where(width > 0, 1.0 + 4.0 * (high - mode) / safe, 3.0)

    def draw(self, rng: np.random.Generator, c: int) -> np.ndarray:
        """One block of ``c`` draws (c, n_opt, n_crit)."""
        if self.kind == "triangular":
            u = rng.random((2, c, *self.low.shape))
            return self._triangular(u[0], u[1])
        return self._pert(rng, c)

    def _triangular(self, u1: np.ndarray, u2: np.ndarray) -> np.ndarray:
        small = np.minimum(u1, u2)
        np.maximum(u1, u2, out=u2)
        small *= self.up
        u2 *= self.down
        small += u2
        small += self.low
        return small

    def _pert(self, rng: np.random.Generator, c: int) -> np.ndarray:
        x = rng.beta(self.alpha, self.beta, size=(c, *self.low.shape))
        x *= self.width
        x += self.low
        return x

    def pieces(self, rng: np.random.Generator, n: int, piece: int) -> Iterator[tuple[int, np.ndarray]]:
        """``(first draw, draws)`` covering ``n`` draws in pieces of at most ``piece``
        draws: the numbers ``draw(rng, BLOCK)`` gives block after block, whatever the
        piece size. A triangular block is ``U1`` for the whole block, then ``U2``, so a
        piece reads both halves through two cursors (a copy of the generator advanced by
        the block's ``U1`` numbers); beta draws are sequential already."""
        cells = self.low.size
        for s in range(0, n, BLOCK):
            c = min(BLOCK, n - s)
            if piece >= c:
                yield s, self.draw(rng, c)
                continue
            if self.kind != "triangular":
                for a in range(0, c, piece):
                    yield s + a, self._pert(rng, min(piece, c - a))
                continue
            first, second = _cursor(rng), _cursor(rng)
            second.bit_generator.advance(c * cells)  # one 64-bit step per double
            for a in range(0, c, piece):
                k = min(piece, c - a)
                yield (
                    s + a,
                    self._triangular(first.random((k, *self.low.shape)), second.random((k, *self.low.shape))),
                )
            rng.bit_generator.state = second.bit_generator.state


def _cursor(rng: np.random.Generator) -> np.random.Generator:
    """An independent copy of ``rng`` at its current position."""
    bg = type(rng.bit_generator)()
    bg.state = rng.bit_generator.state
    return np.random.Generator(bg)


# ----------------------------------------------------------------------------- kernel


def _piece(n_opt: int, width: int) -> int:
    """Draws per piece so that an array of ``n_opt x width`` numbers a draw stays within
    ``PIECE_CELLS``."""
    return max(1, PIECE_CELLS // max(1, n_opt * width))


def smaa_kernel(
    values: np.ndarray,
    weights_for: Callable[[int], np.ndarray],
    n: int,
    sampler: _ScoreSampler | None,
    score_rng: np.random.Generator | None,
    confidence_rng: np.random.Generator | None,
    tol: float = TIE_TOLERANCE,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bare streaming SMAA-2 over ``n`` draws: (rank acceptability, central weights,
    confidence). ``weights_for(c)`` returns the next ``c`` weight draws (c, n_crit);
    ``sampler is None`` keeps the scores fixed at ``values``.

    Pass 1 reduces each block to rank counts and, per option, the sum of the weights of
    the draws it wins; pass 2 (confidence) draws scores again from ``confidence_rng``
    and ranks every option under the central weights of the options ever first (not of
    every option), with the weight sets as rows so each ranking runs along contiguous
    memory. Memory: a few arrays of at most ``PIECE_CELLS`` numbers.
    """
    n_opt, m = values.shape
    offsets = np.arange(n_opt)
    opts = offsets[:, None]
    counts = np.zeros(n_opt * n_opt, dtype=np.int64)
    cw_sum = np.zeros((n_opt, m))

    def reduce(totals: np.ndarray, w: np.ndarray) -> None:
        order = order_of(totals, tol)  # order[s, r] = option at rank r
        first = order[:, 0].copy()
        order *= n_opt  # in place: cell index option * n_opt + rank for one bincount
        order += offsets
        counts[:] += np.bincount(order.ravel(), minlength=n_opt * n_opt)
        cw_sum[:] += (opts == first).astype(float) @ w

    if sampler is None:
        vt = np.ascontiguousarray(values.T)
        for s in range(0, n, BLOCK):
            w = weights_for(min(BLOCK, n - s))
            reduce(w @ vt, w)
    else:
        assert score_rng is not None
        w_block = np.empty((0, m))
        for s, x in sampler.pieces(score_rng, n, _piece(n_opt, m)):
            a = s % BLOCK
            if a == 0:  # weights are drawn a block at a time, like the scores
                w_block = weights_for(min(BLOCK, n - s))
            w = w_block[a : a + x.shape[0]]
            reduce(np.einsum("sik,sk->si", x, w), w)
    acc = counts.reshape(n_opt, n_opt)
    first_counts = acc[:, 0]
    has_cw = first_counts > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        central = cw_sum / first_counts[:, None]
    central[~has_cw] = np.nan
    # confidence factors: scores drawn again, weights fixed at each winner's central weights
    sel = np.flatnonzero(has_cw)
    cw = central[sel]  # (k, m): only options that were ever first have central weights
    confidence = np.full(n_opt, np.nan)
    if sampler is None:
        confidence[sel] = (top_of(cw @ values.T, tol) == sel).astype(float)
    else:
        assert confidence_rng is not None
        k = sel.size
        hits = np.zeros(k, dtype=np.int64)
        for _s, x in sampler.pieces(confidence_rng, n, _piece(n_opt, max(m, k))):
            c = x.shape[0]
            t = (cw @ x.reshape(c * n_opt, m).T).reshape(k, c, n_opt)  # [weight set, draw, option]
            hits += (top_of(t, tol) == sel[:, None]).sum(axis=1)
        confidence[sel] = hits / n
    return acc / n, central, confidence


def smaa(
    problem: Problem,
    weights: WeightSet | np.ndarray | Sequence[float] | None = None,
    *,
    model: str = "uniform",
    samples: int = 10_000,
    seed: int = 0,
    score_uncertainty: str = "triangular",
    ranking: Sequence[str | Sequence[str]] | None = None,
    spread: float = 0.2,
    stakeholder_weights: Sequence | Mapping | None = None,
) -> SMAAResult:
    """SMAA-2 for one region (see the module docstring for the models and conventions).

    ``weights`` are the stated weights for ``"stated"`` and the source of the ranking for
    ``"ranking"`` when ``ranking`` is not given (default: the data's weights); ``"uniform"``
    ignores them.
    """
    if model not in MODELS:
        raise ValueError(f"unknown weight model '{model}'; choose from {', '.join(MODELS)}")
    if score_uncertainty not in SCORE_UNCERTAINTY:
        raise ValueError(
            f"unknown score uncertainty '{score_uncertainty}'; choose from {', '.join(SCORE_UNCERTAINTY)}"
        )
    n = int(samples)
    if n < 1 or n > MAX_SAMPLES:
        raise ValueError(f"samples must be between 1 and {MAX_SAMPLES:,}; got {samples}")
    spread_f = float(spread)
    if not 0.0 <= spread_f < 1.0:
        raise ValueError(f"spread must be at least 0 and below 1 (a relative change); got {spread}")
    seed_i = int(seed)
    if seed_i < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed}")
    cids = problem.criterion_ids
    m = len(cids)
    if weights is None:
        stated = np.array(problem.default_weights)
    elif isinstance(weights, WeightSet):
        stated = normalise(weights.as_dict(), cids)
    else:
        stated = normalise(list(np.asarray(weights, dtype=float)), cids)
    tiers = _ranking_tiers(ranking, stated, cids) if model == "ranking" else None
    stakeholders = _stakeholder_matrix(stakeholder_weights, cids) if model == "mixture" else None

    # streams: weights, scores, extra choices (ties, stakeholder picks), confidence scores
    w_rng, s_rng, x_rng, c_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed_i).spawn(4))

    def weights_for(c: int) -> np.ndarray:
        return draw_weights(
            model, c, m, w_rng, x_rng, stated=stated, tiers=tiers, spread=spread_f, stakeholders=stakeholders
        )

    sampler = None
    if score_uncertainty != "none" and np.any(problem.values_high > problem.values_low):
        sampler = _ScoreSampler(score_uncertainty, problem.values_low, problem.values, problem.values_high)
    acc, central, conf = smaa_kernel(problem.values, weights_for, n, sampler, s_rng, c_rng)
    for a in (acc, central, conf):
        a.setflags(write=False)
    return SMAAResult(
        problem=problem,
        option_ids=problem.option_ids,
        criterion_ids=cids,
        rank_acceptability=acc,
        central_weights=central,
        confidence=conf,
        samples=n,
        seed=seed_i,
        model=model,
        score_uncertainty=score_uncertainty,
        spread=spread_f if model in ("stated", "mixture") else None,
        weights=None if model == "uniform" else stated,
        tiers=tiers,
        stakeholders=stakeholders,
    )
