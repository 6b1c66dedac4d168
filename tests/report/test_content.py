"""The report model: missing parts said plainly, every text from the catalogue, Welsh
letters and dates, scenarios, score edits, workshop weights and the audit trail."""

from __future__ import annotations

import io

import numpy as np
import pytest
from pypdf import PdfReader

from appraisal.data import load_dataset
from appraisal.i18n.formatting import format_cell
from appraisal.inputs import AppraisalInputs, ScoreEdit, WeightInputs
from appraisal.report import Paragraph, Report, ScenarioInfo, WorkshopInput, render
from appraisal.store.workshop import aggregate_matrix
from tests.report.conftest import copy_data, flat, report_of

FAST = AppraisalInputs(draws=200)


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


def test_data_folder_without_assumptions(tmp_path) -> None:
    ds = load_dataset(copy_data(tmp_path, assumptions=False))
    r = report_of(ds, ["powys"], inputs=FAST)
    assert r.unavailable == ("economics", "national")  # the national view needs the economics too
    sec = r.section("economics")
    assert not sec.available and not sec.tables
    warning = [b.text for b in sec.blocks if isinstance(b, Paragraph) and b.kind == "warning"]
    assert warning and "not available" in warning[0]
    assert "NPSV" not in " ".join(r.section("summary").tables[0].headers)
    text = " ".join(_texts(r))
    assert "the data folder has no assumptions/ folder" in text
    assert r.section("assumptions").tables  # the register still lists the data's own sources


def test_welsh_letters_and_welsh_dates(dataset) -> None:
    sc = ScenarioInfo("Cynllun Gŵyr: ŵ ŷ â ê î ô û Ŵ Ŷ", author="Siân Prŷs", reason="Gwaith y bwrdd")
    r = report_of(dataset, ["gwent"], inputs=FAST.with_changes(lang="cy"), scenario=sc)
    assert r.date_text == "22 Tachwedd 2026"
    text = flat("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render(r, "pdf"))).pages[:3]))
    welsh_option = r.preferred[0].option_names[0]
    assert welsh_option == next(o.name_cy for o in dataset.options if o.id == r.preferred[0].options[0])
    for word in (
        "Gŵyr",
        "ŵ ŷ â ê î ô û Ŵ Ŷ",
        "Siân Prŷs",
        "Gwaith y bwrdd",
        "22 Tachwedd 2026",
        welsh_option,
    ):
        assert word in text
    assert format_cell(1234.6, "gbp0", "cy") == "£1,235"


def test_scenario_weights_and_score_edits_flow_through(dataset) -> None:
    pts = {c.id: float(c.weight.value) for c in dataset.criteria}
    pts["equitable_coverage"] = 40.0
    inputs = FAST.with_changes(
        weights=WeightInputs("points", pts),
        score_edits=(ScoreEdit("powys", "bau", "equitable_coverage", 2.0, "outreach vans already run"),),
    )
    r = report_of(dataset, ["powys"], inputs=inputs, scenario=ScenarioInfo("Board view", version=3))
    assert r.scenario_name == "Board view"
    w = next(t for t in r.tables() if t.key == "weights")
    share = {row[1]: row[3] for row in w.rows}
    assert share["The same offer in every part of the region"] == pytest.approx(40.0 / sum(pts.values()))
    user = next(t for t in r.tables() if t.key == "scores_user_powys")
    assert user.rows[0][:4] == ("Business as usual", "The same offer in every part of the region", 0.0, 2.0)
    assert user.rows[0][5] == "outreach vans already run"
    audit = next(t for t in r.tables() if t.key == "audit_session")
    assert audit.rows[0][3:6] == (0.0, 2.0, "outreach vans already run")


def test_workshop_aggregate_section(dataset) -> None:
    ids = dataset.criterion_ids
    rng = np.random.default_rng(0)
    w = rng.dirichlet(np.ones(len(ids)), size=5)
    ws = WorkshopInput("Gwent board workshop", aggregate_matrix(w, ids))
    r = report_of(dataset, ["gwent"], inputs=FAST, workshop=ws)
    sec = r.section("weights_workshop")
    table = sec.tables[0]
    assert len(table.rows) == len(ids)
    assert [row[1] for row in table.rows] == pytest.approx(list(w.mean(axis=0)))
    assert "5 participants" in sec.blocks[0].text


def test_saved_audit_trail_is_listed(dataset, tmp_path) -> None:
    from appraisal.run import default_inputs
    from appraisal.store.repository import Repository
    from appraisal.store.scenario import Scenario

    repo = Repository.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    sc = Scenario.from_inputs("Trail", default_inputs(dataset, draws=200))
    repo.save(sc, actor="Ann")
    repo.save(sc.with_changes(notes="second thoughts"), actor="Bob", comment="after the board")
    loaded = repo.load("Trail")
    assert loaded.reason == "after the board"
    r = report_of(
        dataset,
        ["gwent"],
        inputs=loaded.inputs,
        scenario=ScenarioInfo(loaded.name, "Bob", loaded.reason, loaded.notes, 2),
        audit_entries=repo.audit(subject="Trail"),
    )
    saved = next(t for t in r.tables() if t.key == "audit_saved")
    assert [row[1] for row in saved.rows] == ["Ann", "Bob"]
    assert "notes" in saved.rows[1][5]
