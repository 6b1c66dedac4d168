"""``python -m appraisal economics``: what it prints, per region and option, and that the
same seed gives the same bytes."""

from __future__ import annotations

import json

import pytest

from appraisal.cli import main

VIEWS = ("outcome_chain", "per_child_supported")


def test_cli_table_output(capsys):
    assert main(["economics", "--region", "powys", "--draws", "300", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "Powys" in out and "NPSV" in out and "P(BCR > 1)" in out and "IRR" in out
    assert "EVPI" in out and "EVPPI" in out


def _json(capsys, *extra):
    args = ["economics", "--region", "all", "--draws", "400", "--seed", "5", "--format", "json", *extra]
    assert main(args) == 0
    return capsys.readouterr().out


def test_cli_json_carries_the_chain_returns_and_value_of_information_per_region_and_option(capsys):
    text = _json(capsys, "--horizon", "40")
    doc = json.loads(text)
    assert doc["choices"]["horizon"] == 40 and doc["choices"]["discount"] == "stpr"
    assert doc["prices"].startswith("real")
    assert {"consultation", "deadweight", "optimism_bias", "real_pay_uplift"} <= set(doc["treatments"])
    assert len(doc["regions"]) == 7
    for reg in doc["regions"]:
        assert {"need", "options", "monte_carlo", "switching", "evpi", "evppi"} <= set(reg)
        assert set(reg["evpi"]) == set(VIEWS) and all(v >= 0 for v in reg["evpi"].values())
        top = reg["evppi"]["outcome_chain"]
        assert 0 < len(top) <= 10
        assert [r["evppi"] for r in top] == sorted((r["evppi"] for r in top), reverse=True)
        for row in reg["options"]:
            assert {"chain", "views", "irr", "breakeven_return", "inc_pv_costs", "whatif"} <= set(row)
            for v in VIEWS:
                view = row["views"][v]
                assert {"npsv", "bcr", "prob_bcr_gt_1", "prob_npsv_gt_0"} <= set(view)
            if row["role"] == "hosting":
                steps = [s["step"] for s in row["chain"]]
                assert steps == ["target", "reached", "engaged", "improved", "value_per_child", "pv_benefits"]
                assert row["irr"] is not None and row["breakeven_return"] is not None
                assert 0 <= row["views"]["outcome_chain"]["prob_bcr_gt_1"] <= 1
                assert {s["step"] for s in row["waterfall"]} >= {"per_child_supported", "outcome_chain"}
                assert row["cost_reconciliation"][0] == {"step": "reference", "value": 1860.0}
            if row["role"] == "bau":
                assert row["chain"] == [] and row["views"]["outcome_chain"]["bcr"] is None


def test_cli_json_is_byte_identical_for_the_same_seed(capsys):
    first = _json(capsys)
    assert _json(capsys) == first
    assert main(["economics", "--region", "all", "--draws", "400", "--seed", "6", "--format", "json"]) == 0
    assert capsys.readouterr().out != first


def test_cli_json_headline_matches_the_engine(capsys, ds, assumptions):
    from appraisal.economics import appraise

    doc = json.loads(_json(capsys))
    gwent = next(r for r in doc["regions"] if r["region"] == "gwent")
    base = appraise(ds, assumptions, "gwent")
    for row in gwent["options"]:
        i = base.index(row["option"])
        assert row["views"]["outcome_chain"]["npsv"] == pytest.approx(float(base.outcome_chain.npsv[i]))
        assert row["inc_pv_costs"] == pytest.approx(float(base.inc_pv_costs[i]))


def test_cli_can_skip_the_monte_carlo(capsys):
    assert main(["economics", "--region", "gwent", "--draws", "0", "--format", "json"]) == 0
    reg = json.loads(capsys.readouterr().out)["regions"][0]
    assert "monte_carlo" not in reg and "evpi" not in reg


@pytest.mark.parametrize(
    "args",
    [
        ["economics", "--region", "atlantis"],
        ["economics", "--region", "powys", "--coverage", "-0.1"],
        ["economics", "--region", "powys", "--draws", "1"],
    ],
)
def test_cli_errors_are_one_line(capsys, args):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_cli_reports_broken_assumptions(capsys, data_copy):
    (data_copy / "assumptions" / "options.yaml").write_text("options: 3\n", encoding="utf-8")
    assert main(["economics", "--region", "powys", "--data-dir", str(data_copy), "--draws", "0"]) == 2
    assert "assumptions/options.yaml" in capsys.readouterr().err


def test_the_health_rate_is_no_longer_a_choice_for_the_whole_appraisal(capsys):
    # the Green Book health rate applies to health effects only (costs and fiscal benefits
    # stay on the STPR), so --discount offers the STPR only and says so
    with pytest.raises(SystemExit) as exc:
        main(["economics", "--region", "powys", "--discount", "health"])
    assert exc.value.code == 2
    assert "'stpr'" in capsys.readouterr().err
