"""Chart builders with their tables, message keys and engine hygiene (the CLI command is
tested in test_cli_economics.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import plotly.graph_objects as go

from appraisal.charts import economics as ch
from appraisal.economics import appraise, heckman_curve, monte_carlo, need, tornado
from appraisal.economics.assumptions import _BOUNDS, GLOBAL_NAMES, OPTION_PARAMS, REGION_PARAMS
from appraisal.i18n import catalogue

ROOT = Path(__file__).resolve().parents[2]


def test_every_chart_builds_with_a_table(ds, assumptions):
    r = appraise(ds, assumptions, "cardiff_vale")
    mc = monte_carlo(ds, assumptions, "cardiff_vale", draws=300)
    tr = tornado(ds, assumptions, "cardiff_vale")
    curve = heckman_curve(assumptions)
    needs = [need(x, assumptions) for x in ds.regions]
    cases = [
        (ch.cumulative_chart(r, "per_child_supported"), ch.cumulative_table(r, "per_child_supported")),
        (ch.cumulative_chart(r), ch.cumulative_table(r)),
        (ch.heckman_chart(curve), ch.heckman_table(curve)),
        (ch.heckman_chart(curve, econ=r), ch.heckman_table(curve, econ=r)),
        (ch.waterfall_chart(r, "camhs"), ch.waterfall_table(r, "camhs")),
        (
            ch.tornado_chart(tr, "local_authority", domains=assumptions.domains),
            ch.tornado_table(tr, "local_authority", domains=assumptions.domains),
        ),
        (ch.fan_chart(mc, "camhs", "outcome_chain"), ch.fan_table(mc, "camhs", "outcome_chain")),
        (ch.evppi_chart(mc), ch.evppi_table(mc)),
        (ch.ceac_chart(mc, econ=r), ch.ceac_table(mc, econ=r)),
        (ch.blind_spot_chart(needs, regions=ds.regions), ch.blind_spot_table(needs, regions=ds.regions)),
    ]
    for fig, (headers, rows) in cases:
        assert isinstance(fig, go.Figure) and fig.data and fig.layout.title.text
        assert "econ." not in fig.layout.title.text  # every key resolved
        assert headers and rows and all(len(row) == len(headers) for row in rows)
    # break-even markers appear where the result has a break-even year
    n_be = sum(y is not None for y in r.per_child_supported.breakeven_year)
    fig = ch.cumulative_chart(r, "per_child_supported")
    assert sum(1 for tr_ in fig.data if tr_.mode == "markers") == n_be


def assumptions_presets() -> tuple[str, ...]:
    from appraisal.economics import load_assumptions

    return load_assumptions().presets


def test_every_message_key_used_exists():
    cat = catalogue("en")
    files = [
        *(ROOT / "appraisal" / "economics").glob("*.py"),
        ROOT / "appraisal" / "cli" / "economics.py",
        ROOT / "appraisal" / "charts" / "economics.py",
        ROOT / "appraisal" / "charts" / "build.py",
        ROOT / "appraisal" / "ui" / "pages" / "economics.py",
        ROOT / "appraisal" / "report" / "sections" / "economics.py",
    ]
    used = set()
    for f in files:
        used |= set(re.findall(r'"(econ\.[a-z0-9_.]+[a-z0-9_])"', f.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in cat)
    assert not missing, missing
    # keys built at run time: every parameter name (labels.param_label), the views, the
    # Heckman-style curves, the chain, waterfall and reconciliation steps, payers, kinds
    names = {*GLOBAL_NAMES, *_BOUNDS, *REGION_PARAMS, "need_prevalence", "coverage_share", "outcomes"}
    names |= {n for v in OPTION_PARAMS.values() for n in v}
    dynamic = {f"econ.param.{n}" for n in names}
    dynamic |= {f"econ.preset.{p}" for p in assumptions_presets()} | {
        f"econ.preset.short.{p}" for p in assumptions_presets()
    }
    dynamic |= {f"econ.mode.{m}" for m in ("outcome_chain", "per_child_supported", "whatif")} | {
        f"econ.mode.short.{m}" for m in ("outcome_chain", "per_child_supported", "whatif")
    }
    dynamic |= {f"econ.kind.{k}" for k in ("programme", "curve", "breakeven", "option", "cost")}
    from appraisal.economics.appraise import WATERFALL_STEPS
    from appraisal.economics.assumptions import OUTCOME_KINDS, OUTCOME_PAYERS

    steps = ("target", "reached", "engaged", "improved", "value_per_child", "pv_benefits", "dm_helped")
    dynamic |= {f"econ.step.{s}" for s in steps} | {f"econ.step_note.{s}" for s in steps}
    dynamic |= {f"econ.waterfall.{s}" for s in (*WATERFALL_STEPS, "per_child_supported", "outcome_chain")}
    recon = ("reference", "direct_caseload", "cost_per_team", "setup", "model")
    dynamic |= {f"econ.recon.{s}" for s in recon} | {f"econ.recon_note.{s}" for s in recon}
    dynamic |= {f"econ.payer.{p}" for p in OUTCOME_PAYERS} | {f"econ.outcome_kind.{k}" for k in OUTCOME_KINDS}
    switching = ("effect_size", "value_per_child", "persistence", "families_per_team", "cost_per_team")
    dynamic |= {f"econ.assumption.{k}" for k in (*switching, "value_per_child_supported")}
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
