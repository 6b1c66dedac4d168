"""The report model: missing parts said plainly, every text from the catalogue, Welsh
letters and dates, scenarios, score edits, workshop weights and the audit trail."""

from __future__ import annotations

import io

import numpy as np
import pytest
from pypdf import PdfReader

from appraisal.data import load_dataset
from appraisal.i18n.formatting import format_cell
from appraisal.report import Paragraph, Report, WorkshopInput, build_report, engines, render
from appraisal.store.scenario import Scenario, ScenarioWeights
from appraisal.store.workshop import aggregate_matrix
from tests.report.conftest import REPORT_DATE, copy_data, flat


def _texts(report: Report) -> list[str]:
    out = [report.title, report.subtitle, *(f.label for f in report.key_facts)]
    for s in report.sections:
        out.append(s.heading)
        for b in s.blocks:
            if isinstance(b, Paragraph):
                out.append(b.text)
            else:
                table = getattr(b, "table", b)
                out += [getattr(b, "caption", ""), getattr(b, "alt", ""), *table.headers, table.note]
    return out


def test_every_text_comes_from_the_catalogue(full_report: Report) -> None:
    leaked = [x for x in _texts(full_report) if x.startswith(("report.", "econ.")) or "{" in x]
    assert not leaked


def test_missing_economics_is_said_plainly(dataset) -> None:
    r = build_report(dataset, regions=["gwent"], report_date=REPORT_DATE, samples=200, economics=False)
    assert r.unavailable == ("economics",)
    sec = r.section("economics")
    assert not sec.available and not sec.tables
    warning = [b.text for b in sec.blocks if isinstance(b, Paragraph) and b.kind == "warning"]
    assert warning and "not available" in warning[0]
    assert "NPSV" not in " ".join(r.section("summary").tables[0].headers)


def test_data_folder_without_assumptions(tmp_path) -> None:
    ds = load_dataset(copy_data(tmp_path, assumptions=False))
    r = build_report(ds, regions=["powys"], report_date=REPORT_DATE, samples=200)
    assert r.unavailable == ("economics",)
    text = " ".join(_texts(r))
    assert "the data folder has no assumptions/ folder" in text
    assert r.section("assumptions").tables  # the register still lists the data's own sources


def test_missing_sensitivity_is_said_plainly(dataset, monkeypatch) -> None:
    real = engines._has
    monkeypatch.setattr(engines, "_has", lambda m: False if m == "appraisal.sensitivity" else real(m))
    r = build_report(dataset, regions=["gwent"], report_date=REPORT_DATE, samples=200, economics=False)
    assert "robustness" in r.unavailable
    assert "the appraisal.sensitivity part of the tool is not installed" in " ".join(_texts(r))
    summary_rows = r.section("summary").tables[0].rows
    assert summary_rows[0][5] is None and summary_rows[0][6] == "not available"


def test_welsh_letters_and_welsh_dates(dataset) -> None:
    ids = dataset.criterion_ids
    sc = Scenario.create(
        "Cynllun Gŵyr: ŵ ŷ â ê î ô û Ŵ Ŷ",
        ScenarioWeights("points", {c.id: float(c.weight.value) for c in dataset.criteria}),
        author="Siân Prŷs",
    )
    assert set(ids) == set(sc.weights.values)
    r = build_report(
        dataset,
        regions=["gwent"],
        scenario=sc,
        lang="cy",
        report_date=REPORT_DATE,
        samples=200,
        economics=False,
    )
    assert r.date_text == "22 Tachwedd 2026"
    text = flat("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render(r, "pdf"))).pages[:3]))
    welsh_option = r.preferred[0].option_names[0]
    assert welsh_option == next(o.name_cy for o in dataset.options if o.id == r.preferred[0].options[0])
    for word in ("Gŵyr", "ŵ ŷ â ê î ô û Ŵ Ŷ", "Siân Prŷs", "22 Tachwedd 2026", welsh_option):
        assert word in text
    assert format_cell(1234.6, "gbp0", "cy") == "£1,235"


def test_scenario_weights_and_score_edits_flow_through(dataset) -> None:
    pts = {c.id: float(c.weight.value) for c in dataset.criteria}
    pts["rural_reach"] = 40.0
    sc = Scenario.create(
        "Board view",
        ScenarioWeights("points", pts),
        score_overrides={"powys": {("bau", "rural_reach"): 6.0}},
    )
    r = build_report(
        dataset, regions=["powys"], scenario=sc, report_date=REPORT_DATE, samples=200, economics=False
    )
    assert r.scenario_name == "Board view"
    w = next(t for t in r.tables() if t.key == "weights")
    share = {row[1]: row[3] for row in w.rows}
    assert share["Rural reach"] == pytest.approx(40.0 / sum(pts.values()))
    user = next(t for t in r.tables() if t.key == "scores_user_powys")
    assert user.rows[0][:4] == ("Business as usual", "Rural reach", 1.0, 6.0)
    audit = next(t for t in r.tables() if t.key == "audit_session")
    assert audit.rows[0][3:5] == (1.0, 6.0)


def test_workshop_aggregate_section(dataset) -> None:
    ids = dataset.criterion_ids
    rng = np.random.default_rng(0)
    w = rng.dirichlet(np.ones(len(ids)), size=5)
    ws = WorkshopInput("Gwent board workshop", aggregate_matrix(w, ids))
    r = build_report(
        dataset, regions=["gwent"], report_date=REPORT_DATE, samples=200, workshop=ws, economics=False
    )
    sec = r.section("weights_workshop")
    table = sec.tables[0]
    assert len(table.rows) == len(ids)
    assert [row[1] for row in table.rows] == pytest.approx(list(w.mean(axis=0)))
    assert "5 participants" in sec.blocks[0].text


def test_saved_audit_trail_is_listed(dataset, tmp_path) -> None:
    from appraisal.store.repository import Repository

    repo = Repository.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    pts = {c.id: float(c.weight.value) for c in dataset.criteria}
    sc = Scenario.create("Trail", ScenarioWeights("points", pts))
    repo.save(sc, actor="Ann")
    repo.save(sc.with_changes(notes="second thoughts"), actor="Bob")
    r = build_report(
        dataset,
        regions=["gwent"],
        scenario=repo.load("Trail"),
        report_date=REPORT_DATE,
        samples=200,
        economics=False,
        audit_entries=repo.audit(subject="Trail"),
    )
    saved = next(t for t in r.tables() if t.key == "audit_saved")
    assert [row[1] for row in saved.rows] == ["Ann", "Bob"]
    assert "notes" in saved.rows[1][5]
