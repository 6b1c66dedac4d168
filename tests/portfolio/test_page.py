# ruff: noqa: F811 - the app fixtures are imported from tests/ui/conftest.py and used as arguments
"""AppTest of the National page in English and Welsh: it loads through the real shell,
every section is there, every chart has its table, and the choices change the answer."""

from __future__ import annotations

import pytest

from appraisal.i18n import t
from appraisal.ui import state
from appraisal.ui.pages import national as page
from tests.ui.conftest import _fresh_caches, open_page, problems  # noqa: F401 - fixtures

LANGS = ["en", "cy"]
SECTIONS = (
    "page.national.choices_title",
    "page.national.allocation_title",
    "page.national.marginal_title",
    "page.national.frontier_title",
    "page.national.robust_title",
    "page.national.defaults_title",
)


def _fast(at):
    """Fewer robustness draws, so the page answers quickly in a test (the choices live in
    the session's one AppraisalInputs, so the report and a saved scenario see them)."""
    cur = at.session_state[state.K_INPUTS]
    at.session_state[state.K_INPUTS] = cur.with_changes(national={"draws": 40})
    return at.run()


def _national(at) -> dict:
    return dict(at.session_state[state.K_INPUTS].national)


def _summary(at) -> str:
    return next(m.value for m in at.markdown if "**" in m.value and "£" in m.value)


@pytest.mark.parametrize("lang", LANGS)
def test_national_page_loads_in_both_languages(open_page, lang):
    at = _fast(open_page("national", {"lang": lang}))
    assert not problems(at), problems(at)
    assert at.title[0].value == t("page.national.title", lang)
    assert [h.value for h in at.header] == [t(k, lang) for k in SECTIONS]
    # every chart has its table equivalent
    assert len(at.get("plotly_chart")) == 4
    shows = [e for e in at.expander if e.label == t("ui.show_table", lang)]
    assert len(shows) == 4
    # the objective is named, and the defaults are marked illustrative
    assert t("national.objective.value", lang) in _summary(at)
    assert any(w.value == t("page.national.illustrative", lang) for w in at.warning)
    assert at.caption and any(t("ui.status.illustrative", lang) in c.value for c in at.caption)
    # the Welsh is marked as awaiting review
    notices = {w.value for w in at.sidebar.warning}
    assert (t("a11y.review.awaiting", "cy") in notices) == (lang == "cy")


def test_choices_change_the_allocation_and_are_kept(open_page):
    at = _fast(open_page("national", {"lang": "en"}))
    before = _summary(at)
    at.number_input(key=page.W + "budget").set_value(8.0).run()
    assert not problems(at), problems(at)
    after = _summary(at)
    assert after != before and "£8,000,000" in after
    assert _national(at)["budget"] == 8e6
    at.radio(key=page.W + "objective").set_value("reach").run()
    assert t("national.objective.reach", "en") in _summary(at)
    at.toggle(key=page.W + "mixed").set_value(True).run()
    assert _national(at)["mixed"] is True
    assert not problems(at), problems(at)


def test_no_workforce_limit_and_a_high_floor(open_page):
    at = _fast(open_page("national", {"lang": "en"}))
    at.toggle(key=page.W + "limit").set_value(False).run()
    assert _national(at)["workforce"] is None
    assert at.number_input(key=page.W + "workforce").disabled
    at.slider(key=page.W + "min_coverage").set_value(40).run()
    assert _national(at)["min_coverage"] == pytest.approx(0.4)
    # GBP 5m cannot meet a 40% floor everywhere: the page says what the floors cost
    assert any("too small" in e.value for e in at.error), [e.value for e in at.error]
    assert not at.exception
