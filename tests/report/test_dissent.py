"""The report's "Dissent recorded" section (issue 13): dissent kept in the scenario is
listed, escaped in every format that reads markup, and its absence is said plainly."""

from __future__ import annotations

from appraisal.inputs import AppraisalInputs
from appraisal.report import Paragraph, ScenarioInfo, render
from appraisal.store.dissent import Dissent
from tests.report.conftest import report_of

FAST = AppraisalInputs(draws=200)
REASON = 'Costs & "benefits" < 5 years are not shown'


def _report(dataset, scenario=None, lang="en"):
    return report_of(
        dataset, ["gwent"], inputs=FAST.with_changes(lang=lang), scenario=scenario, static_figures=False
    )


def _texts(section) -> str:
    return " ".join(b.text for b in section.blocks if isinstance(b, Paragraph))


def test_no_scenario_says_no_dissent_was_recorded(dataset) -> None:
    r = _report(dataset)
    keys = [s.key for s in r.sections if s.level == 1]
    assert keys.index("dissent") == keys.index("audit") + 1  # after the audit trail, before the method
    sec = r.section("dissent")
    assert sec.heading == "Dissent recorded" and sec.part == "audit" and not sec.tables
    assert "No dissent was recorded" in _texts(sec)
    r = _report(dataset, ScenarioInfo("Board view", version=2))
    assert "No dissent was recorded in scenario 'Board view'" in _texts(r.section("dissent"))


def test_recorded_dissent_is_listed_and_escaped(dataset) -> None:
    dissent = (
        Dissent("Bryn Jones", REASON, option="local_authority", region="gwent"),
        Dissent("Cai", "The Welsh language counts for too little.", about="the weights"),
    )
    r = _report(dataset, ScenarioInfo("Board view", version=3, dissent=dissent))
    (table,) = r.section("dissent").tables
    assert table.key == "dissent"
    assert table.headers == ("Who", "Region", "Prefers", "Disagrees with", "Reason")
    la = next(o.name for o in dataset.options if o.id == "local_authority")
    assert table.rows == (
        ("Bryn Jones", "Gwent", la, "–", REASON),
        ("Cai", "–", "–", "the weights", "The Welsh language counts for too little."),
    )
    assert "records 2 dissent" in _texts(r.section("dissent"))
    html = render(r, "html").decode("utf-8")
    assert "Costs &amp; &quot;benefits&quot; &lt; 5 years" in html and REASON not in html
    # in Welsh the words are Welsh and the names the data's Welsh names
    cy = _report(dataset, ScenarioInfo("Board view", dissent=dissent), lang="cy")
    sec = cy.section("dissent")
    assert sec.heading == "Anghytuno a gofnodwyd"
    la_cy = next(o.name_cy for o in dataset.options if o.id == "local_authority")
    assert sec.tables[0].rows[0][2] == la_cy
