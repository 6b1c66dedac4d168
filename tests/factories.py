"""Small hand-made problems for tests (no data files needed)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from appraisal.model import (
    Anchor,
    Criterion,
    Group,
    Option,
    Problem,
    Provision,
    Quantity,
    Region,
    Score,
    ValueFunction,
    build_problem,
)

LINEAR_0_10 = ValueFunction((0.0, 10.0), (0.0, 100.0), Anchor(0, "worst"), Anchor(10, "best"))


def q(value: float, unit: str = "points") -> Quantity:
    return Quantity(value, unit, "test", "illustrative")


def make_region(rid: str = "test_region") -> Region:
    return Region(
        id=rid,
        name="Test region",
        name_cy="Rhanbarth prawf",
        health_board="Test HB",
        health_board_cy="",
        local_authorities=(),
        births=q(1000, "live births per year"),
        need_prevalence=q(0.15, "share of births"),
        provision=Provision("none", "", "none", q(0.0, "share"), "none", "test", "illustrative"),
        overrides=(),
    )


def make_problem(
    scores: Sequence[Sequence[float]],
    weights: Sequence[float] | None = None,
    *,
    low: Sequence[Sequence[float]] | None = None,
    high: Sequence[Sequence[float]] | None = None,
    groups: Sequence[str] | None = None,
    option_ids: Sequence[str] | None = None,
    criterion_ids: Sequence[str] | None = None,
) -> Problem:
    """A problem whose raw scores are on 0-10 with linear value functions (value = 10 x score)."""
    s = np.asarray(scores, dtype=float)
    n, m = s.shape
    lo = np.asarray(low, dtype=float) if low is not None else s
    hi = np.asarray(high, dtype=float) if high is not None else s
    w = list(weights) if weights is not None else [1.0] * m
    oids = list(option_ids) if option_ids else [f"o{i + 1}" for i in range(n)]
    cids = list(criterion_ids) if criterion_ids else [f"c{j + 1}" for j in range(m)]
    gids = list(groups) if groups else ["g1"] * m
    group_objs = tuple(Group(g, g, "", g, "") for g in dict.fromkeys(gids))
    criteria = tuple(
        Criterion(
            id=cids[j],
            group=gids[j],
            name=cids[j].upper(),
            name_cy="",
            description="",
            description_cy="",
            direction="benefit",
            scale_min=0.0,
            scale_max=10.0,
            unit="score",
            value_function=LINEAR_0_10,
            weight=q(w[j]),
            paper_section="test",
        )
        for j in range(m)
    )
    options = tuple(
        Option(o, o.upper(), "", "hosting" if i else "comparator", "", "", "", "", "", "", "")
        for i, o in enumerate(oids)
    )
    cells = tuple(
        tuple(
            Score(
                oids[i], cids[j], float(s[i, j]), float(lo[i, j]), float(hi[i, j]), "r", "e", "illustrative"
            )
            for j in range(m)
        )
        for i in range(n)
    )
    return build_problem(make_region(), options, criteria, group_objs, cells)
