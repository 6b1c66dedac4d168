"""The financial case: cash requirement by funder and year (appraisal.economics.affordability).

HM Treasury (2018) Guide to developing the project business case, the financial case: cash
(nominal) terms, capital apart from revenue, per funder, and the funding gap. Every expected
number below is worked from the economic appraisal's own arrays by hand."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.economics import appraise
from appraisal.economics.affordability import affordability
from appraisal.errors import DataError
from appraisal.run import run


def test_cash_split_and_gap_by_hand(ds, assumptions):
    e = appraise(ds, assumptions, "powys")
    af = affordability(e, "regional_partnership", assumptions)
    i, b = e.index("regional_partnership"), e.index("bau")
    # year 0 is 2026/27: cash = real 2025/26 x (1 + 2.0%) ** (y + 1)
    y = 3
    real = e.costs[i, y] - e.costs[b, y]
    assert af.total[y] == pytest.approx(real * 1.02**4)
    # pooled budget: health board 25%, local authorities 25%, Welsh Government 50%
    assert af.arrangement == "pooled"
    assert list(af.shares) == [0.25, 0.25, 0.5]
    assert af.by_funder[:, y] == pytest.approx([0.25 * af.total[y], 0.25 * af.total[y], 0.5 * af.total[y]])
    # capital is 10% of the set-up cost (year 0 only); the rest is revenue
    setup0 = (e.costs_setup[i, 0] - e.costs_setup[b, 0]) * 1.02
    assert af.capital[0] == pytest.approx(0.1 * setup0) and af.capital[1:].sum() == 0
    assert af.revenue[0] == pytest.approx(af.total[0] - 0.1 * setup0)
    # nothing committed: the whole requirement is the gap
    assert af.gap_total == pytest.approx(af.total)
    assert len(af.years) == e.service_years and af.financial_year(0) == "2026/27"
    assert af.rows()[9]["financial_year"] == "2035/36"


def test_committed_money_reduces_only_that_funders_gap(ds, assumptions):
    a = assumptions.with_overrides({"committed_funding.welsh_government": 100_000})
    e = appraise(ds, a, "powys")
    af = affordability(e, "regional_partnership", a)
    wg = af.funders.index("welsh_government")
    expect = np.maximum(af.by_funder[wg] - 100_000, 0)
    assert af.gap[wg] == pytest.approx(expect)
    other = [k for k in range(len(af.funders)) if k != wg]
    assert af.gap[other] == pytest.approx(af.by_funder[other])


def test_build_on_existing_takes_the_regions_current_host(ds, assumptions):
    cardiff = appraise(ds, assumptions, "cardiff_vale")  # Parents Plus: a local-authority team
    assert affordability(cardiff, "build_on_existing", assumptions).arrangement == "council"
    gwent = appraise(ds, assumptions, "gwent")  # G-PIMHS: public health nursing
    assert affordability(gwent, "build_on_existing", assumptions).arrangement == "health"
    assert affordability(gwent, "do_minimum", assumptions).arrangement == "national"
    bau = affordability(gwent, "bau", assumptions)
    assert bau.arrangement == "none" and bau.total == pytest.approx(0) and bau.by_funder.sum() == 0


def test_shares_that_do_not_add_to_one_are_refused_where_they_enter(assumptions):
    with pytest.raises(DataError) as err:
        assumptions.with_overrides({"funding_share.pooled.welsh_government": 0.9})
    assert "funding_share.pooled" in str(err.value) and "1.400" in str(err.value)  # 0.25 + 0.25 + 0.9


def test_the_run_gives_the_preferred_options_affordability(ds):
    reg = run(ds).region("gwent")
    af = reg.affordability()
    assert af.option == reg.vfm_statement.preferred
    assert reg.affordability() is af  # computed once per run


def test_a_funding_file_with_bad_shares_names_file_row_and_field(data_copy):
    from appraisal.economics import collect_assumptions

    path = data_copy / "assumptions" / "funding.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("welsh_government: {value: 0.5", "welsh_government: {value: 0.6", 1), encoding="utf-8"
    )
    a, issues = collect_assumptions(data_copy)
    assert a is None
    msgs = [str(i) for i in issues]
    assert any(
        m.startswith("assumptions/funding.yaml, row 1, field 'shares'") and "1.100" in m for m in msgs
    ), msgs
