"""Heckman curve presets and the tornado of economic inputs."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from appraisal.charts import economics as ch
from appraisal.economics import annuity_per_pound, appraise, heckman_curve, heckman_rate, implied_bcr, tornado
from appraisal.economics.appraise import MODES
from appraisal.economics.assumptions import OPTION_PARAMS, REGION_PARAMS
from appraisal.economics.labels import param_label


def test_k_zero_gives_a_flat_return_curve(assumptions):
    ages = np.linspace(0, 60, 121)
    assert np.all(heckman_rate(ages, 0.137, 0.0, 0.035) == 0.137)
    curve = heckman_curve(assumptions)
    flat = curve.presets.index("flat")
    assert np.ptp(curve.rates[flat]) == 0


def test_the_curve_declines_from_r0_towards_the_floor(assumptions):
    # ABC/CARE: r(0) = 13.7%; r(3.5) = 0.035 + 0.102 exp(-0.7) = 8.57% (about Perry's 8.5%)
    assert heckman_rate(0.0, 0.137, 0.2, 0.035) == pytest.approx(0.137)
    assert heckman_rate(3.5, 0.137, 0.2, 0.035) == pytest.approx(0.035 + 0.102 * math.exp(-0.7))
    assert heckman_rate(3.5, 0.137, 0.2, 0.035) == pytest.approx(0.085, abs=0.001)
    assert heckman_rate(200.0, 0.137, 0.2, 0.035) == pytest.approx(0.035)
    curve = heckman_curve(assumptions)
    abc = curve.presets.index("abc_care")
    assert np.all(np.diff(curve.rates[abc]) < 0)
    assert curve.service_rates[abc] > curve.later_rates[abc].max()


def test_the_annuity_turns_a_rate_into_a_bcr_by_hand():
    # r = 13.7%, N = 40: b = 0.137 / (1 - 1.137^-40) = 0.137811; at a flat 3.5% the
    # annuity factor is (1 - 1.035^-40) / 0.035 = 21.355072, so BCR = 2.942958
    assert annuity_per_pound(0.137, 40) == pytest.approx(0.137811, abs=1e-6)
    assert implied_bcr(0.137, 40, [(0, 200, 0.035)]) == pytest.approx(2.942958, abs=1e-6)
    # when the return equals the discount rate the BCR is exactly 1
    assert implied_bcr(0.035, 40, [(0, 200, 0.035)]) == pytest.approx(1.0)
    # a zero return repays the pound evenly: 1/N a year
    assert annuity_per_pound(0.0, 40) == pytest.approx(1 / 40)


def test_presets_change_the_heckman_mode_only(ds, assumptions):
    abc = appraise(ds, assumptions, "powys", heckman="abc_care")
    perry = appraise(ds, assumptions, "powys", heckman="perry")
    i = abc.index("phn_early_years")
    assert perry.heckman.npsv[i] < abc.heckman.npsv[i]
    assert perry.bottom_up.npsv[i] == abc.bottom_up.npsv[i]


def test_tornado_bars_match_one_way_appraisals(ds, assumptions):
    tr = tornado(ds, assumptions, "powys", mode="bottom_up")
    bars = tr.bars["phn_early_years"]
    assert bars and all(a.swing >= b.swing for a, b in zip(bars, bars[1:]))
    top = bars[0]
    lo = appraise(ds, assumptions.with_overrides({top.param_id: top.low}), "powys")
    hi = appraise(ds, assumptions.with_overrides({top.param_id: top.high}), "powys")
    i = lo.index("phn_early_years")
    assert top.npsv_low == pytest.approx(lo.bottom_up.npsv[i])
    assert top.npsv_high == pytest.approx(hi.bottom_up.npsv[i])
    ids = {b.param_id for b in bars}
    assert "effect_size_d" in ids and "reach.camhs" not in ids  # another host's reach does not move PHN
    assert tr.base_npsv["phn_early_years"] == pytest.approx(
        appraise(ds, assumptions, "powys").bottom_up.npsv[i]
    )
    assert tornado(ds, assumptions, "powys", mode="heckman", top=3).bars["camhs"].__len__() == 3


SNAKE_ID = re.compile(r"[a-z0-9]+_[a-z0-9_]+")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_tornado_labels_hold_no_raw_ids(ds, assumptions, lang):
    seen = set()
    for rid in ds.region_ids:
        for mode in MODES:
            tr = tornado(ds, assumptions, rid, mode=mode)
            for oid, bars in tr.bars.items():
                labels = [row[0] for row in ch.tornado_table(tr, oid, lang)[1]]
                labels += list(ch.tornado_chart(tr, oid, lang, top=len(bars)).data[0].y)
                for b, label in zip([*bars, *bars[::-1]], labels):
                    seen.add(b.param_id.partition(".")[0])
                    _, _, scope = b.param_id.partition(".")
                    assert not SNAKE_ID.search(label), (b.param_id, label)
                    assert not (scope and label.endswith(f": {scope}")), (b.param_id, label)
    assert {"wte", "pay", "reach", "effect_size_d"} <= seen  # the test saw scoped inputs


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
    assert param_label("discount_rate.stpr.0_30", "en") == (
        "Discount rate, Green Book STPR (3.5% declining), years 0 to 30"
    )
    assert param_label("life_course_share.adulthood", "cy") == "Cyfran o'r budd oes: Oedolaeth"
    assert (
        param_label("heckman_r0.perry", "en") == "Return at age 0 (r0): Perry Preschool (Heckman et al. 2010)"
    )
    # every scope the assumptions define is named (options and regions come from the dataset)
    by_dataset = {*REGION_PARAMS, *(n for names in OPTION_PARAMS.values() for n in names)}
    for p in assumptions.params.values():
        for lang in ("en", "cy"):
            label = param_label(p.id, lang, roles=roles)
            assert p.name in by_dataset or not SNAKE_ID.search(label), (p.id, lang, label)
