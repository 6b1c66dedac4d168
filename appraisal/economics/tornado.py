"""Tornado of economic inputs: NPSV of each option with one input at its low and its high.

Every uncertain parameter (role ``uncertain``, low < high, used in this region) is moved on
its own to its low and to its high value, all others at the base case; the bars are sorted
by the swing in NPSV (largest first). All 2P + 1 cases run as columns of one kernel call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from appraisal.economics.appraise import MODES, prepare_run
from appraisal.economics.assumptions import Assumptions, TemplateRole
from appraisal.economics.kernel import components, increments, present_values, weights
from appraisal.economics.layout import ChoiceError
from appraisal.model import Option, Region


@dataclass(frozen=True)
class EconTornadoBar:
    param_id: str
    low: float
    high: float
    npsv_low: float  # NPSV with the parameter at its low value
    npsv_high: float

    @property
    def swing(self) -> float:
        return abs(self.npsv_high - self.npsv_low)


@dataclass(frozen=True)
class EconTornadoResult:
    region: Region
    options: tuple[Option, ...]
    mode: str
    base_npsv: Mapping[str, float]  # option -> NPSV at the base case
    bars: Mapping[str, tuple[EconTornadoBar, ...]]  # option -> bars, largest swing first
    roles: tuple[TemplateRole, ...] = ()  # the team template's roles (to label wte.<role>)

    def rows(self, option: str | None = None) -> list[dict]:
        out = []
        for oid, bars in self.bars.items():
            if option is not None and oid != option:
                continue
            for rank, b in enumerate(bars, start=1):
                out.append(
                    {
                        "region": self.region.id,
                        "option": oid,
                        "mode": self.mode,
                        "rank": rank,
                        "param_id": b.param_id,
                        "low": b.low,
                        "high": b.high,
                        "npsv_low": b.npsv_low,
                        "npsv_high": b.npsv_high,
                        "base_npsv": self.base_npsv[oid],
                        "swing": b.swing,
                    }
                )
        return out


def tornado(
    dataset,
    assumptions: Assumptions,
    region_id: str,
    *,
    mode: str = "outcome_chain",
    top: int | None = None,
    **choices,
) -> EconTornadoResult:
    """One-way sensitivity of every option's NPSV (``mode``: 'outcome_chain' or 'per_child_supported')."""
    if mode not in MODES:
        raise ChoiceError(f"mode must be one of {', '.join(MODES)}; got {mode!r}")
    run = prepare_run(dataset, assumptions, region_id, **choices)
    rows = np.flatnonzero(run.uncertain)
    n = rows.size
    X = np.repeat(run.base[:, None], 2 * n + 1, axis=1)
    X[rows, 1 + np.arange(n)] = run.low[rows]
    X[rows, 1 + n + np.arange(n)] = run.high[rows]
    L = run.layout
    inc = increments(present_values(components(X, L), L, weights(L, np.array([0]))), L.bau_index)
    npsv = inc[mode] - inc["costs"]  # (2n + 1, O)
    base = {oid: float(npsv[0, i]) for i, oid in enumerate(run.option_ids)}
    bars = {}
    for i, (oid, role) in enumerate(zip(run.option_ids, run.roles)):
        if role == "bau":
            continue
        lo, hi = npsv[1 : n + 1, i], npsv[n + 1 :, i]
        swing = np.abs(hi - lo)
        tol = 1e-9 * max(1.0, abs(base[oid]))
        order = [j for j in np.argsort(-swing, kind="stable") if swing[j] > tol]
        if top is not None:
            order = order[:top]
        bars[oid] = tuple(
            EconTornadoBar(
                param_id=run.ids[rows[j]],
                low=float(run.low[rows[j]]),
                high=float(run.high[rows[j]]),
                npsv_low=float(lo[j]),
                npsv_high=float(hi[j]),
            )
            for j in order
        )
    return EconTornadoResult(
        region=run.region,
        options=run.options,
        mode=mode,
        base_npsv=MappingProxyType(base),
        bars=MappingProxyType(bars),
        roles=assumptions.roles,
    )
