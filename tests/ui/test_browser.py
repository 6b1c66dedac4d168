"""End-to-end tests in headless Chromium: the real server, the real browser.

Starts ``streamlit run app.py`` on a free local port, opens every page, moves a weight
and checks that the ranking chart and text change, and saves a screenshot of each page
to ``artifacts/screenshots/`` (gitignored) for a person to look at. Skipped, with the
reason, when Chromium or Playwright is missing. Never downloads a browser.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from appraisal.i18n import t
from appraisal.ui.shell import discover_pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1600, "height": 1000}

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"{CHROMIUM} not found: browser tests skipped (install it with 'apt-get install chromium'; "
        ".ci/run does this in CI)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    log = (ROOT / "artifacts").resolve()
    log.mkdir(exist_ok=True)
    out = open(log / "streamlit-browser-test.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("streamlit did not start within 60 s; see artifacts/streamlit-browser-test.log")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        out.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(browser, server):
    """One browser session for the whole module, opened on Gwent: pages are reached
    through the sidebar as a user would (plotly.js is parsed once, not per page)."""
    ctx = browser.new_context(viewport=VIEWPORT)
    pg = ctx.new_page()
    pg.goto(f"{server}/?region=gwent")
    _wait_ready(pg, timeout=90_000)
    yield pg
    ctx.close()


def _goto(pg, title_key: str) -> None:
    pg.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=t(title_key)).click()
    pg.wait_for_function(
        "(t) => { const h = document.querySelector('h1'); return h && h.innerText.trim() === t; }",
        arg=t(title_key),
        timeout=30_000,
    )
    _wait_ready(pg)


def _wait_ready(pg, timeout: float = 30_000) -> None:
    """Wait for the page title, then for the app to stop running and charts to draw."""
    pg.wait_for_selector("h1", timeout=timeout)
    pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    if pg.locator(".js-plotly-plot").count():
        pg.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout)
    pg.wait_for_timeout(400)


def _shot(pg, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    # the app scrolls inside its own container: grow the viewport to the content height
    h = pg.evaluate(
        "() => Math.max(...[...document.querySelectorAll('section, [data-testid=\"stMain\"]')]"
        ".map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    pg.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(int(h) + 40, 1000), 6000)})
    pg.wait_for_timeout(300)
    pg.screenshot(path=str(path), full_page=True)
    pg.set_viewport_size(VIEWPORT)
    return path


def _no_exception(pg) -> None:
    assert pg.locator('[data-testid="stException"]').count() == 0, pg.locator(
        '[data-testid="stException"]'
    ).first.inner_text()


PAGES = discover_pages()


@pytest.mark.parametrize("spec", PAGES, ids=[p.key for p in PAGES])
def test_every_page_loads_and_is_screenshot(page, spec) -> None:
    _goto(page, spec.title_key)
    _no_exception(page)
    assert page.locator("h1").first.inner_text().strip() == t(spec.title_key)
    assert _shot(page, f"{spec.order:03d}-{spec.key}").stat().st_size > 10_000


def _bar_values(pg) -> list[str]:
    return pg.evaluate(
        "() => [...document.querySelector('[data-testid=\"stPlotlyChart\"]')"
        ".querySelectorAll('text.bartext')].map(e => e.textContent.trim())"
    )


def test_moving_a_weight_updates_chart_ranking_and_link(page) -> None:
    _goto(page, "page.weights.title")
    page.get_by_role("radio", name=t("ui.method.points")).click()
    _wait_ready(page)
    before_bars = _bar_values(page)
    before_text = page.get_by_text(re.compile("comes first")).first.inner_text()
    assert before_bars, "ranking chart has no value labels"
    box = page.locator('[data-testid="stSlider"]').filter(
        has_text=re.compile("Links with parental mental health")
    )
    slider = box.get_by_role("slider")
    slider.focus()
    page.keyboard.press("End")  # 20 points
    page.wait_for_function(
        "(old) => { const c = document.querySelector('[data-testid=\"stPlotlyChart\"]');"
        " const v = [...c.querySelectorAll('text.bartext')].map(e => e.textContent.trim());"
        " return v.length && v.join('|') !== old; }",
        arg="|".join(before_bars),
        timeout=20_000,
    )
    _wait_ready(page)
    _no_exception(page)
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
    _wait_ready(page)
    sliders = page.locator('[data-testid="stSlider"]').get_by_role("slider")
    assert sliders.count() >= 3
    # first three group comparisons: A >> B, B >> C, C >> A (contradictory)
    for idx, key in ((0, "End"), (1, "End"), (4, "Home")):
        sliders.nth(idx).focus()
        page.keyboard.press(key)
        _wait_ready(page)
    _no_exception(page)
    assert page.locator('[data-testid="stAlertContentWarning"]').count() >= 1
    _shot(page, "weights-ahp-inconsistent")
