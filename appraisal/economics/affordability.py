"""Affordability: the financial case's cash cost of an option, by funder and year.

HM Treasury (2018) *Guide to developing the project business case*, the financial case:
the cost a board must find, in cash (nominal) terms, year by year over the service, capital
apart from revenue, split between the funders, and the funding gap left after what they have
committed. The economic case's costs are real 2025/26 prices (``EconomicsResult.costs``);
here the cost over business as usual in year ``y`` (year 0 is 2026/27) becomes cash by
``(1 + cash_inflation) ** (y + 1)``, the one-off set-up cost is split into capital
(``capital_share``) and revenue, and each funder pays its share of the arrangement the
option implies (``assumptions/funding.yaml``). The funding gap is the cash requirement less
the committed sums, never below zero for a funder (an over-commitment by one funder does
not fill another's gap).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Option roles -> arrangement when the option has no host of its own.
_ROLE_ARRANGEMENT = {"bau": "none", "do_minimum": "national"}


@dataclass(frozen=True)
class Affordability:
    """One option's cash requirement over business as usual, by year and funder."""

    option: str
    arrangement: str  # a funding.yaml arrangement id, or "none" (business as usual)
    funders: tuple[str, ...]
    years: np.ndarray  # (Y,) 0 .. service_years - 1
    first_year: int  # calendar year in which year 0 starts (2026: 2026/27)
    cash_inflation: float
    capital: np.ndarray  # (Y,) cash
    revenue: np.ndarray  # (Y,) cash
    shares: np.ndarray  # (F,) of the arrangement
    by_funder: np.ndarray  # (F, Y) cash each funder pays
    committed: np.ndarray  # (F,) cash a year already committed
    gap: np.ndarray  # (F, Y) what each funder has still to find

    @property
    def total(self) -> np.ndarray:
        """(Y,) capital plus revenue."""
        return self.capital + self.revenue

    @property
    def gap_total(self) -> np.ndarray:
        """(Y,) the funding gap over every funder."""
        return self.gap.sum(axis=0)

    def financial_year(self, y: int) -> str:
        """'2026/27' for year 0."""
        start = self.first_year + int(y)
        return f"{start}/{(start + 1) % 100:02d}"

    def rows(self) -> list[dict]:
        """One row a year, every number as it is in the arrays (the tables read these)."""
        out = []
        for k, y in enumerate(self.years):
            row = {
                "year": int(y),
                "financial_year": self.financial_year(int(y)),
                "capital": float(self.capital[k]),
                "revenue": float(self.revenue[k]),
                "total": float(self.total[k]),
            }
            for f, fid in enumerate(self.funders):
                row[fid] = float(self.by_funder[f, k])
            row["gap"] = float(self.gap_total[k])
            out.append(row)
        return out


def arrangement_for(option, host_of_region: str, funding) -> str:  # noqa: ANN001 - OptionEcon, Funding
    """The funding arrangement an option implies: its host's (the region's current host for
    "build on what exists"), or the do-minimum's national programme."""
    if option.role in _ROLE_ARRANGEMENT:
        return _ROLE_ARRANGEMENT[option.role]
    host = host_of_region if option.host == "existing" else option.host
    return funding.hosts.get(host, "none")


def affordability(econ, option_id: str, assumptions, first_year: int = 2026) -> Affordability | None:  # noqa: ANN001
    """The cash requirement of ``option_id`` in the region of ``econ`` (an
    ``EconomicsResult``), or None when the assumptions hold no ``funding.yaml``."""
    funding = assumptions.funding
    if funding is None:
        return None
    p = assumptions.params
    i = econ.index(option_id)
    bau = econ.roles.index("bau")
    spec = next(o for o in assumptions.options if o.id == option_id)
    arrangement = arrangement_for(spec, econ.region.provision.host, funding)
    years = np.arange(econ.service_years)
    inflation = float(p["cash_inflation"].value)
    cash = (1.0 + inflation) ** (years + 1)
    setup = (econ.costs_setup[i, years] - econ.costs_setup[bau, years]) * cash
    total = (econ.costs[i, years] - econ.costs[bau, years]) * cash
    cap_share = float(p["capital_share"].value)
    capital = setup * cap_share
    revenue = total - capital
    nf = len(funding.funders)
    if arrangement == "none":
        shares = np.zeros(nf)
    else:
        shares = np.array([float(p[f"funding_share.{arrangement}.{f}"].value) for f in funding.funders])
    by_funder = shares[:, None] * total[None, :]
    committed = np.array([float(p[f"committed_funding.{f}"].value) for f in funding.funders])
    gap = np.maximum(by_funder - committed[:, None], 0.0)
    return Affordability(
        option=option_id,
        arrangement=arrangement,
        funders=funding.funders,
        years=years,
        first_year=first_year,
        cash_inflation=inflation,
        capital=capital,
        revenue=revenue,
        shares=shares,
        by_funder=by_funder,
        committed=committed,
        gap=gap,
    )
