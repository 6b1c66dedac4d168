"""CLI command, chart builders with their tables, message keys and engine hygiene."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import plotly.graph_objects as go
import pytest

from appraisal.charts import economics as ch
from appraisal.cli import main
from appraisal.economics import appraise, heckman_curve, monte_carlo, need, tornado
from appraisal.economics.assumptions import GLOBAL_NAMES, OPTION_PARAMS, PRESET_KEYS, REGION_PARAMS
from appraisal.economics.heckman import LATER_LIFE
from appraisal.i18n import catalogue

ROOT = Path(__file__).resolve().parents[2]


def test_cli_table_output(capsys):
    assert main(["economics", "--region", "powys", "--draws", "300", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "Powys" in out and "NPSV" in out and "P(BCR > 1)" in out and "Switching value" in out


def test_cli_json_output_is_valid_and_seeded(capsys):
    args = [
        "economics",
        "--region",
        "all",
        "--draws",
        "200",
        "--seed",
        "5",
        "--format",
        "json",
        "--horizon",
        "40",
    ]
    assert main(args) == 0
    first = capsys.readouterr().out
    doc = json.loads(first)
    assert doc["choices"]["horizon"] == 40 and len(doc["regions"]) == 7
    assert {"need", "appraisal", "monte_carlo", "switching"} <= set(doc["regions"][0])
    assert main(args) == 0
    assert capsys.readouterr().out == first  # same seed, same output


def test_cli_can_skip_the_monte_carlo(capsys):
    assert main(["economics", "--region", "gwent", "--draws", "0", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["regions"][0]["monte_carlo"] is None


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


def test_every_chart_builds_with_a_table(ds, assumptions):
    r = appraise(ds, assumptions, "cardiff_vale")
    mc = monte_carlo(ds, assumptions, "cardiff_vale", draws=300)
    tr = tornado(ds, assumptions, "cardiff_vale")
    curve = heckman_curve(assumptions)
    needs = [need(x, assumptions) for x in ds.regions]
    cases = [
        (ch.cumulative_chart(r, "heckman"), ch.cumulative_table(r, "heckman")),
        (ch.heckman_chart(curve), ch.heckman_table(curve)),
        (ch.tornado_chart(tr, "local_authority"), ch.tornado_table(tr, "local_authority")),
        (ch.fan_chart(mc, "camhs", "bottom_up"), ch.fan_table(mc, "camhs", "bottom_up")),
        (ch.blind_spot_chart(needs, regions=ds.regions), ch.blind_spot_table(needs, regions=ds.regions)),
    ]
    for fig, (headers, rows) in cases:
        assert isinstance(fig, go.Figure) and fig.data and fig.layout.title.text
        assert "econ." not in fig.layout.title.text  # every key resolved
        assert headers and rows and all(len(row) == len(headers) for row in rows)
    # break-even markers appear where the result has a break-even year
    n_be = sum(y is not None for y in r.heckman.breakeven_year)
    fig = ch.cumulative_chart(r, "heckman")
    assert sum(1 for tr_ in fig.data if tr_.mode == "markers") == n_be


def test_every_message_key_used_exists():
    cat = catalogue("en")
    files = [
        *(ROOT / "appraisal" / "economics").glob("*.py"),
        ROOT / "appraisal" / "cli" / "economics.py",
        ROOT / "appraisal" / "charts" / "economics.py",
    ]
    used = set()
    for f in files:
        used |= set(re.findall(r'"(econ\.[a-z0-9_.]+[a-z0-9_])"', f.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in cat)
    assert not missing, missing
    # keys built at run time
    names = {*GLOBAL_NAMES, *PRESET_KEYS.values(), *REGION_PARAMS, "life_course_share", "discount_rate"}
    names |= {n for v in OPTION_PARAMS.values() for n in v} | {
        "pay",
        "wte",
        "need_prevalence",
        "coverage_share",
    }
    dynamic = {f"econ.param.{n}" for n in names}
    dynamic |= {f"econ.later.{k}" for k, _ in LATER_LIFE}
    dynamic |= {f"econ.preset.{p}" for p in ("abc_care", "perry", "flat")}
    dynamic |= {f"econ.mode.{m}" for m in ("bottom_up", "heckman")} | {
        f"econ.mode.short.{m}" for m in ("bottom_up", "heckman")
    }
    dynamic |= {
        f"econ.assumption.{k}" for k in ("effect_size", "benefit_per_child", "r0", "k", "cost_per_team")
    }
    from appraisal.economics.need import NeedResult

    dynamic |= {
        f"econ.need.{r}"
        for r in (f for f in NeedResult.__dataclass_fields__)
        if r not in ("region_id", "region_name", "direct_work_share", "clinical_wte_per_team", "wte_per_team")
    }
    assert not sorted(k for k in dynamic if k not in cat)


def test_the_engine_does_not_import_streamlit():
    code = (
        "import sys; import appraisal.economics, appraisal.charts.economics, appraisal.cli.economics; "
        "sys.exit('streamlit' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
