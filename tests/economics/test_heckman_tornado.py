"""Heckman-style benchmarks (never benefit estimates) and the tornado of economic inputs."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from appraisal.economics import annuity_per_pound, appraise, curve_rate, heckman_curve, tornado
from appraisal.economics.appraise import MODES
from appraisal.economics.assumptions import OPTION_PARAMS, REGION_PARAMS
from appraisal.economics.labels import param_label


def test_the_fitted_curve_runs_through_abc_care_and_perry_with_no_floor():
    # r(a) = 0.137 exp(-0.1364 a): r(0) = 13.7%, r(3.5) = 0.137 exp(-0.4774) = 8.50%;
    # with no floor it keeps falling (a floor at the discount rate would guarantee BCR >= 1)
    assert curve_rate(0.0, 0.137, 0.1364) == pytest.approx(0.137)
    assert curve_rate(3.5, 0.137, 0.1364) == pytest.approx(0.137 * math.exp(-0.4774))
    assert curve_rate(3.5, 0.137, 0.1364) == pytest.approx(0.085, abs=0.0002)
    assert curve_rate(30.0, 0.137, 0.1364) < 0.035


def test_each_benchmark_sits_at_the_ages_it_was_measured(assumptions):
    c = heckman_curve(assumptions)
    assert c.kinds == ("programme", "programme", "curve", "breakeven")
    assert c.rate_at("perry", 3.5) == pytest.approx(0.085)
    assert c.rate_at("perry", 0.0) is None  # Perry is not placed at age 0
    assert c.rate_at("abc_care", 2.0) == pytest.approx(0.137)
    assert c.rate_at("abc_care", 6.0) is None
    fitted = c.presets.index("fitted")
    assert np.all(np.diff(c.rates[fitted]) < 0)
    assert c.service_ages == (0.0, 2.0) and c.service_age == 1
    assert c.discount_rate == pytest.approx(0.035)
    rows = c.rows()
    assert rows[0]["age"] == 0 and rows[0]["perry"] is None


def test_the_flat_critique_sits_at_the_break_even_return_not_above_perry(ds, assumptions):
    # Rea & Burton (2020): no age gradient and, on average, benefits at least equal costs:
    # the line is drawn at the break-even return, which is about the STPR and below Perry
    r = appraise(ds, assumptions, "gwent")
    i = r.index("phn_early_years")
    assert r.breakeven_return[i] < assumptions.value("heckman_rate.perry")
    assert abs(r.breakeven_return[i] - 0.035) < 0.005


def test_the_annuity_turns_a_rate_into_a_level_payment_by_hand():
    # r = 13.7%, N = 40: b = 0.137 / (1 - 1.137^-40) = 0.137811
    assert annuity_per_pound(0.137, 40) == pytest.approx(0.137811, abs=1e-6)
    # a zero return repays the pound evenly: 1/N a year
    assert annuity_per_pound(0.0, 40) == pytest.approx(1 / 40)


def test_the_whatif_is_never_the_headline(ds, assumptions):
    # the benefit views are the chain and the published per-child figure; the what-if is
    # reported beside them and changes with the curve, the views do not
    abc = appraise(ds, assumptions, "powys", heckman="abc_care")
    perry = appraise(ds, assumptions, "powys", heckman="perry")
    i = abc.index("phn_early_years")
    assert "whatif" not in MODES and set(abc.modes) == set(MODES)
    assert perry.whatif.npsv[i] < abc.whatif.npsv[i]
    for m in MODES:
        assert perry.modes[m].npsv[i] == abc.modes[m].npsv[i]
    assert perry.irr[i] == abc.irr[i]


def test_tornado_bars_match_one_way_appraisals(ds, assumptions):
    tr = tornado(ds, assumptions, "powys", mode="outcome_chain")
    bars = tr.bars["phn_early_years"]
    assert bars and all(a.swing >= b.swing for a, b in zip(bars, bars[1:]))
    top = bars[0]
    lo = appraise(ds, assumptions.with_overrides({top.param_id: top.low}), "powys")
    hi = appraise(ds, assumptions.with_overrides({top.param_id: top.high}), "powys")
    i = lo.index("phn_early_years")
    assert top.npsv_low == pytest.approx(lo.outcome_chain.npsv[i])
    assert top.npsv_high == pytest.approx(hi.outcome_chain.npsv[i])
    ids = {b.param_id for b in bars}
    assert "effect_attachment_d" in ids and "reach.camhs" not in ids  # another host's reach does not move PHN
    assert "cmh_value_per_child_supported" not in ids  # the other view's figure does not move the chain
    assert tr.base_npsv["phn_early_years"] == pytest.approx(
        appraise(ds, assumptions, "powys").outcome_chain.npsv[i]
    )
    assert len(tornado(ds, assumptions, "powys", mode="per_child_supported", top=3).bars["camhs"]) == 3


SNAKE_ID = re.compile(r"[a-z0-9]+_[a-z0-9_]+")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_parameter_has_a_readable_label(assumptions, ds, lang):
    by_dataset = {*REGION_PARAMS, *(n for names in OPTION_PARAMS.values() for n in names)}
    for p in assumptions.params.values():
        label = param_label(
            p.id,
            lang,
            options=ds.options,
            regions=ds.regions,
            roles=assumptions.roles,
            domains=assumptions.domains,
        )
        assert not SNAKE_ID.search(label), (p.id, lang, label)
        assert p.name in by_dataset or label != p.id


def test_scoped_labels_are_readable_in_both_languages(assumptions):
    roles = assumptions.roles
    assert param_label("wte.specialist_practitioner", "en", roles=roles) == (
        "Team WTE: Specialist health visitor or mental health practitioner"
    )
    assert param_label("wte.specialist_practitioner", "cy", roles=roles) == (
        "WTE y tîm: Ymwelydd iechyd arbenigol neu ymarferydd iechyd meddwl"
    )
    assert param_label("pay.8a", "en") == "Agenda for Change pay, band 8a"
    assert param_label("pay.8a", "cy") == "Cyflog Agenda ar gyfer Newid, band 8a"
    dom = param_label("outcome_cost.youth_justice", "en", domains=assumptions.domains)
    assert dom.endswith(": Youth justice and police")
    assert param_label("outcome_cost.youth_justice", "cy", domains=assumptions.domains).endswith(
        ": Cyfiawnder ieuenctid a'r heddlu"
    )
