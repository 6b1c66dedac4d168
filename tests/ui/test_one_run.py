"""One appraisal run (issue 11): every choice made on a page reaches every report format.

Each test drives the app in AppTest as a user would (widgets, not session keys, except
the data editors, whose edit state AppTest sets through their keys), then builds the
files exactly as the Report page's download buttons do (``report_downloads.build_file``
on the plan the page holds) and looks for each choice's value in the document: read back
from the DOCX with python-docx, the PDF with pypdf, the XLSX with openpyxl and the HTML
as text.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from appraisal.data import load_dataset
from appraisal.i18n import t
from appraisal.report import FORMATS
from appraisal.ui import state
from appraisal.ui.pages import economics as econ_page
from appraisal.ui.pages import robustness as rob_page
from appraisal.ui.pages import scores as scores_page
from appraisal.ui.pages import weights as weights_page
from appraisal.ui.report_downloads import CACHE, K_PLAN, build_file
from tests.ui.conftest import inputs, points_view, problems, switch_to

DS = load_dataset()
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _clear() -> None:
    CACHE.clear()


def document_text(fmt: str, data: bytes) -> str:
    """Every piece of text a reader of the file sees, whitespace collapsed."""
    if fmt == "docx":
        doc = Document(io.BytesIO(data))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        text = "\n".join(parts)
    elif fmt == "pdf":
        text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    elif fmt == "xlsx":
        wb = load_workbook(io.BytesIO(data))
        text = "\n".join(
            str(v)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for v in row
            if v is not None
        )
    else:
        text = html.unescape(re.sub(r"<[^>]+>", " ", data.decode("utf-8")))
    return " ".join(text.split())


def build_all(at, fmts=FORMATS) -> dict[str, str]:
    """Open the Report page and build each format as its buttons do; the documents' text."""
    switch_to(at, "report")
    assert not problems(at), problems(at)
    assert len(at.get("download_button")) == 4
    plan = at.session_state[K_PLAN]
    assert plan.inputs.same_appraisal(inputs(at))  # the page reports the session's own run
    return {fmt: document_text(fmt, build_file(plan, fmt)) for fmt in fmts}


def assert_in_every(docs: dict[str, str], *needles: str) -> None:
    for fmt, text in docs.items():
        for n in needles:
            assert " ".join(n.split()) in text, f"{n!r} is not in the {fmt} report"


def _small(at) -> None:
    """Fewer draws keep the test quick; the draws and seed are choices the report records."""
    at.session_state[state.K_INPUTS] = inputs(at).with_changes(draws=400, seed=777)


@pytest.mark.slow
@pytest.mark.parametrize("method", ["points", "swing", "rank", "ahp", "hierarchical"])
def test_each_weighting_method_reaches_the_report(open_page, method: str) -> None:
    at = open_page("weights", {"region": "powys"})
    _small(at)
    at.run()
    at.segmented_control(key=weights_page.W_VIEW).set_value(method).run()
    assert not problems(at), problems(at)
    crit = DS.criterion_ids
    if method == "points":
        at.slider(key=state.W_POINTS + crit[0]).set_value(19.5).run()
    elif method == "swing":
        for c in crit:
            at.slider(key=weights_page.W_SWING + c).set_value(100.0 if c == crit[1] else 30.0)
        at.run()
    elif method == "rank":
        at.session_state["w_rank_editor_0"] = {
            "edited_rows": {len(crit) - 1: {"rank": 1}},
            "added_rows": [],
            "deleted_rows": [],
        }
        at.run()
    elif method == "ahp":
        g = [x.id for x in DS.groups]
        for i, a in enumerate(g):
            for b in g[i + 1 :]:
                at.select_slider(key=weights_page._pair_key("groups", a, b)).set_value(3)
        at.run()
    else:
        at.slider(key=weights_page.W_GROUP + DS.groups[0].id).set_value(0.0).run()
    assert not problems(at), problems(at)
    w = inputs(at).weights
    assert w.method == method
    docs = build_all(at, ("xlsx", "html"))
    assert_in_every(docs, t(f"report.method.{method}"))
    # the weights table of the report holds the session's normalised weights
    share = dict(zip(crit, w.normalised(crit)))
    top = max(share, key=share.get)
    assert_in_every({"html": docs["html"]}, f"{100 * share[top]:.1f}%")


@pytest.mark.slow
def test_every_choice_on_every_page_reaches_every_format(open_page) -> None:
    at = open_page("scores", {"region": "gwent"})
    _small(at)
    at.run()
    # Scores: one edit, with its reason
    crit = "equitable_coverage"
    at.selectbox(key=scores_page.W_CRIT).set_value(crit).run()
    reason = "Outreach vans already visit every valley"
    at.text_input(key=scores_page.reason_key("gwent", crit)).set_value(reason).run()
    at.session_state[scores_page.editor_key("gwent", crit)] = {
        "edited_rows": {0: {"score": 2}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not problems(at), problems(at)
    assert inputs(at).reasons_for("gwent") == {(DS.option_ids[0], crit): reason}
    # Weights: points
    switch_to(at, "weights")
    points_view(at)
    at.slider(key=state.W_POINTS + "clinical_leadership").set_value(18.0).run()
    # Robustness: the SMAA weight model
    switch_to(at, "robustness")
    at.segmented_control(key=rob_page.W_MODEL).set_value("uniform").run()
    # Economics: every control (coverage, the headline view, the what-if's curve; there is
    # no discount control: the Green Book STPR, with its health rate for health effects)
    switch_to(at, "economics")
    assert not at.get("segmented_control") or all(
        w.key != econ_page.W_PREFIX + "discount" for w in at.segmented_control
    )
    at.slider(key=econ_page.W_PREFIX + "coverage").set_value(60).run()
    at.segmented_control(key=econ_page.W_PREFIX + "mode").set_value("per_child_supported").run()
    at.selectbox(key=econ_page.W_PREFIX + "heckman").set_value("perry").run()
    ids = [r["id"] for r in econ_page.engine.assumptions_base().rows()]
    at.session_state["w_econ_assumptions_0"] = {
        "edited_rows": {ids.index("effect_attachment_d"): {"value": 0.41}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not problems(at), problems(at)
    e = inputs(at).economics
    assert (e.coverage, e.benefit_view, e.discount, e.heckman) == (0.6, "per_child_supported", None, "perry")
    assert dict(e.overrides) == {"effect_attachment_d": 0.41}
    assert inputs(at).smaa_model == "uniform"

    docs = build_all(at)
    assert_in_every(
        docs,
        reason,  # the score edit's reason
        "60%",  # coverage
        t("report.choice.discount_value"),  # the Green Book's discounting, stated
        t("econ.preset.perry"),  # the what-if's curve
        t("econ.mode.per_child_supported"),  # the headline view
        # the summary's columns follow the headline view and show the other view's BCR
        t("report.col.npsv_preferred", view=t("econ.mode.short.per_child_supported")),
        t("report.col.bcr_view", view=t("econ.mode.short.outcome_chain")),
        t("report.choice.smaa.uniform"),
        t("report.fact.samples_value", n="400", seed=777),
        t("report.method.points"),
        t("report.scenario_default"),
    )
    # the override: its readable name and value in the choices section
    label = econ_page.label("effect_attachment_d")
    assert_in_every({f: d for f, d in docs.items() if f != "xlsx"}, label, "0.41")
    wb = load_workbook(io.BytesIO(build_file(at.session_state[K_PLAN], "xlsx")))
    cells = [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    assert label in cells and 0.41 in cells and 7.0 in cells


# ----------------------------------------------------------------------------- a loaded scenario


@pytest.fixture()
def store_env(tmp_path, monkeypatch):
    from appraisal.store.db import close_all

    url = f"sqlite:///{tmp_path / 'one_run.sqlite'}"
    monkeypatch.setenv("PAIR_DATABASE_URL", url)
    yield url
    close_all()


def _saved_scenario(url: str):
    """A scenario with a weight change, a score edit with its reason and economic choices."""
    from appraisal.inputs import ScoreEdit, WeightInputs
    from appraisal.run import default_inputs
    from appraisal.store.repository import Repository
    from appraisal.store.scenario import Scenario

    base = default_inputs(DS, draws=400, seed=4242)
    pts = dict(base.weights.points)
    pts["clinical_leadership"] = 18.0
    inputs = base.with_changes(
        weights=WeightInputs("points", pts),
        score_edits=(ScoreEdit("powys", "bau", "equitable_coverage", 2.0, "mobile clinics run weekly"),),
        regions=("powys",),
    ).with_economics(
        coverage=0.45,
        heckman="perry",
        benefit_view="per_child_supported",
        overrides={"effect_attachment_d": 0.38},
    )
    sc = Scenario.from_inputs("Powys board, spring", inputs, author="Gwen Ellis", notes="for the May board")
    repo = Repository.open(url)
    repo.save(sc, actor="Gwen Ellis", comment="agreed at the April workshop")
    return repo, repo.load(sc.name)


def _load_in_app(open_page, name: str):
    at = open_page("scenarios", {"region": "powys"})
    at.selectbox(key="scn_pick").set_value(name)
    at.button(key="scn_load_btn").click().run()
    assert not problems(at), problems(at)
    return at


@pytest.mark.slow
def test_loaded_scenario_name_author_reason_reach_every_format(open_page, store_env) -> None:
    repo, sc = _saved_scenario(store_env)
    at = _load_in_app(open_page, sc.name)
    assert inputs(at).same_appraisal(sc.inputs.with_changes(regions=()))
    # what is active is shown: the sidebar names the scenario and says nothing is unsaved
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "Powys board, spring" in captions and "version 1" in captions and "unsaved" not in captions
    docs = build_all(at)
    assert_in_every(
        docs,
        "Powys board, spring",
        "Gwen Ellis",
        "agreed at the April workshop",
        "mobile clinics run weekly",
        "45%",
        t("econ.preset.perry"),
        t("econ.mode.per_child_supported"),
    )
    # a change after loading is flagged as unsaved, in the app and in the report
    switch_to(at, "weights")
    points_view(at)
    at.slider(key=state.W_POINTS + "clinical_leadership").set_value(2.0).run()
    assert "unsaved" in " ".join(c.value for c in at.sidebar.caption)
    assert_in_every(build_all(at, ("html",)), t("report.choice.unsaved_value"))


@pytest.mark.slow
def test_cli_and_app_give_identical_figures_for_one_scenario(open_page, store_env, tmp_path) -> None:
    """``python -m appraisal report --scenario FILE`` and the app's Report page, given the
    same scenario (and so the same seed), write the same numbers in every XLSX cell."""
    import datetime as dt
    import subprocess
    import sys

    repo, sc = _saved_scenario(store_env)
    path = tmp_path / "scenario.json"
    path.write_text(repo.export_json(sc.name), encoding="utf-8")
    today = dt.date.today().isoformat()
    cmd = [sys.executable, "-m", "appraisal", "report", "--scenario", str(path), "--region", "powys"]
    cmd += ["--format", "xlsx", "--date", today, "--out", str(tmp_path / "cli")]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    cli = load_workbook(res.stdout.strip())

    at = _load_in_app(open_page, sc.name)
    switch_to(at, "report")
    plan = at.session_state[K_PLAN]
    assert plan.region_ids == ("powys",)
    app = load_workbook(io.BytesIO(build_file(plan, "xlsx")))

    def numbers(wb):
        """Every number of each sheet in reading order (the app's choices table has one
        more text row, 'saved', than a file's, so cell positions may shift)."""
        return {
            ws.title: [
                c.value
                for row in ws.iter_rows()
                for c in row
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
            ]
            for ws in wb.worksheets
        }

    a, b = numbers(cli), numbers(app)
    assert sum(len(v) for v in a.values()) > 500
    # the app's report adds the saved scenario's audit trail (the file has none): the
    # version number it lists is the only extra number
    audit_cli, audit_app = a.pop("Audit"), b.pop("Audit")
    assert audit_app[: len(audit_cli)] == audit_cli and audit_app[len(audit_cli) :] == [1]
    assert a == b
