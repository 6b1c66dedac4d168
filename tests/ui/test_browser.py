"""End-to-end tests in headless Chromium: the real server, the real browser.

Starts ``streamlit run app.py`` on a free local port, opens every page, moves a weight
and checks that the ranking chart and text change, and saves a screenshot of each page
to ``artifacts/screenshots/`` (gitignored) for a person to look at. Skipped, with the
reason, when Chromium or Playwright is missing. Never downloads a browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from appraisal.i18n import t
from appraisal.ui.shell import discover_pages
from tests.ui.browser_support import (
    CHROMIUM_MISSING,
    VIEWPORT,
    chromium_present,
    launch_browser,
    no_exception,
    serve_app,
    wait_ready,
)
from tests.ui.browser_support import goto as _goto_title
from tests.ui.browser_support import shot as _shot

pytestmark = pytest.mark.browser

if not chromium_present():
    pytest.skip(CHROMIUM_MISSING, allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_app() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch_browser(sync_api) as b:
        yield b


@pytest.fixture(scope="module")
def page(browser, server):
    """One browser session for the whole module, opened on Gwent in English: pages are
    reached through the sidebar as a user would (plotly.js is parsed once, not per page)."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    pg = ctx.new_page()
    pg.goto(f"{server}/?region=gwent&lang=en")
    wait_ready(pg, timeout=90_000)
    yield pg
    ctx.close()


def _goto(pg, title_key: str) -> None:
    _goto_title(pg, t(title_key))


PAGES = discover_pages()


@pytest.mark.parametrize("spec", PAGES, ids=[p.key for p in PAGES])
def test_every_page_loads_and_is_screenshot(page, spec) -> None:
    _goto(page, spec.title_key)
    no_exception(page)
    assert page.locator("h1").first.inner_text().strip() == t(spec.title_key)
    assert _shot(page, f"{spec.order:03d}-{spec.key}").stat().st_size > 10_000


#: The live ranking's printed totals (a server-drawn SVG: ``appraisal/charts/svg_render.py``).
BARS = ".st-key-weights_ranking_chart svg.pair-bars-plot text.pair-bars-value"


def _bar_values(pg) -> list[str]:
    return pg.evaluate(f"() => [...document.querySelectorAll('{BARS}')].map(e => e.textContent.trim())")


def test_moving_a_weight_updates_chart_ranking_and_link(page) -> None:
    _goto(page, "page.weights.title")
    page.get_by_role("radio", name=t("ui.method.points")).click()
    wait_ready(page)
    before_bars = _bar_values(page)
    before_text = page.get_by_text(re.compile("comes first")).first.inner_text()
    assert before_bars, "ranking chart has no value labels"
    box = page.locator('[data-testid="stSlider"]').filter(
        has_text=re.compile("Joint work with care for parents. own mental health")
    )
    slider = box.get_by_role("slider")
    slider.focus()
    page.keyboard.press("End")  # 20 points
    page.wait_for_function(
        "([sel, old]) => { const v = [...document.querySelectorAll(sel)].map(e => e.textContent.trim());"
        " return v.length && v.join('|') !== old; }",
        arg=[BARS, "|".join(before_bars)],
        timeout=20_000,
    )
    wait_ready(page)
    no_exception(page)
    after_bars = _bar_values(page)
    assert after_bars != before_bars
    assert box.locator('[data-testid="stSliderThumbValue"]').inner_text().strip() == "20.0"
    # the ranking text and the shareable link follow the weights
    page.wait_for_function(
        "() => location.search.includes('parental_mental_health%3A20') "
        "|| location.search.includes('parental_mental_health:20')",
        timeout=10_000,
    )
    after_text = page.get_by_text(re.compile("comes first")).first.inner_text()
    assert after_text != before_text or after_bars != before_bars
    # the sidebar (outside the fragment) is brought up to date as well
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(re.compile("your own")).wait_for(timeout=10_000)
    _shot(page, "weights-after-move")
    # the weight is kept on another page
    _goto(page, "page.results.title")
    assert "parental_mental_health" in page.url
    assert page.get_by_text(t("page.results.custom_weights")).count() >= 1


def test_inconsistent_ahp_warning_in_browser(page) -> None:
    _goto(page, "page.weights.title")
    page.get_by_role("radio", name=t("ui.method.ahp")).click()
    wait_ready(page)
    sliders = page.locator('[data-testid="stSlider"]').get_by_role("slider")
    assert sliders.count() >= 3
    # first three group comparisons: A >> B, B >> C, C >> A (contradictory)
    for idx, key in ((0, "End"), (1, "End"), (4, "Home")):
        sliders.nth(idx).focus()
        page.keyboard.press(key)
        wait_ready(page)
    no_exception(page)
    assert page.locator('[data-testid="stAlertContentWarning"]').count() >= 1
    _shot(page, "weights-ahp-inconsistent")


def test_nothing_is_fetched_from_outside_this_machine(browser, server) -> None:
    """The app must work offline: no font, icon or script is fetched from the internet
    (a Material icon as the tab icon once was)."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    pg = ctx.new_page()
    outside: list[str] = []
    local = (
        "http://localhost",
        "http://127.0.0.1",
        "ws://localhost",
        "ws://127.0.0.1",
        "data:",
        "blob:",
        "about:",
    )
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(local) else None)
    pg.goto(f"{server}/?region=powys&lang=en")
    wait_ready(pg, timeout=90_000)
    _goto(pg, "page.results.title")
    pg.wait_for_timeout(2000)
    ctx.close()
    assert outside == []
