"""End to end: a facilitator and two participants in separate browser contexts (headless
Chromium) run a workshop on the real app; the facilitator's aggregate must match the
weights the participants gave.

Skipped, with the reason, when /usr/bin/chromium or app.py is missing. Never runs
``playwright install``: it uses the system Chromium.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
APP = ROOT / "app.py"
SECRET = "browser-test-facilitator-secret"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 30_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="browser test skipped: /usr/bin/chromium is not installed"
    ),
    pytest.mark.skipif(not APP.exists(), reason="browser test skipped: app.py does not exist yet"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    port = _free_port()
    env = {
        **os.environ,
        "PAIR_DATABASE_URL": f"sqlite:///{tmp / 'workshop.sqlite'}",
        "PAIR_FACILITATOR_SECRET": SECRET,
        "PYTHONPATH": str(ROOT),
    }
    log = (tmp / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(APP),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("streamlit did not start: " + (tmp / "streamlit.log").read_text())
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _open_workshop(context, url: str):
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{url}/workshop")
    page.get_by_test_id("stRadioGroup").first.wait_for()
    return page


def _choose_role(page, label: str) -> None:
    page.get_by_test_id("stRadioGroup").first.get_by_text(label, exact=True).click()


def _join(page, code: str, name: str, role: str, org: str) -> None:
    page.get_by_label("Join code").fill(code.lower())
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your role").fill(role)
    page.get_by_label("Your organisation").fill(org)
    page.get_by_role("button", name="Join").click()
    page.get_by_text("You joined").wait_for()


def _slider(page, label: str):
    return page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider").first


def _settle(page) -> None:
    """Wait until the app has finished the rerun the last interaction started."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=TIMEOUT_MS
    )


def _submit(page) -> None:
    page.get_by_role("button", name="Submit my weights").click()
    page.get_by_text("your weights were received").wait_for()


def _aggregate_rows(page) -> dict[str, list[str]]:
    table = page.get_by_test_id("stTable").first
    table.wait_for()
    rows = {}
    for tr in table.locator("tbody tr").all():
        cells = [c.inner_text().strip() for c in tr.locator("th, td").all()]
        rows[cells[0]] = cells[1:]
    return rows


def test_facilitator_sees_two_participants_and_their_aggregate(app_url, browser):
    from playwright.sync_api import expect

    from appraisal.data import load_dataset

    ds = load_dataset()
    crit = [c.name for c in ds.criteria]
    n = len(crit)
    first, second = crit[0], crit[1]

    fac_ctx, a_ctx, b_ctx = (browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(3))
    try:
        fac = _open_workshop(fac_ctx, app_url)
        _choose_role(fac, "the facilitator")
        fac.get_by_label("Facilitator secret").fill("wrong-secret-value")
        fac.get_by_role("button", name="Unlock facilitator controls").click()
        fac.get_by_text("The facilitator secret is not correct").wait_for()
        fac.get_by_label("Facilitator secret").fill(SECRET)
        fac.get_by_role("button", name="Unlock facilitator controls").click()
        fac.get_by_label("Session title").fill("Browser workshop")
        fac.get_by_label("Facilitator's name").fill("Fay Facilitator")
        fac.get_by_role("button", name="Open session").click()
        heading = fac.get_by_text(re.compile(r"Join code: [A-Z2-9]{6}"))
        heading.wait_for()
        code = re.search(r"Join code: ([A-Z2-9]{6})", heading.inner_text()).group(1)

        # participant A: first criterion to 20 points (End key: the Weights page's 0-20
        # scale), the rest stay at 5
        a = _open_workshop(a_ctx, app_url)
        _join(a, code, "Alys Jones", "Health visitor", "Aneurin Bevan UHB")
        s = _slider(a, first)
        s.focus()
        s.press("End")
        expect(s).to_have_attribute("aria-valuetext", "20.0")
        _settle(a)
        _submit(a)

        # participant B: second criterion to 0 points (Home key), the rest stay at 5
        b = _open_workshop(b_ctx, app_url)
        _join(b, code, "Bryn Davies", "Social worker", "Newport City Council")
        s = _slider(b, second)
        s.focus()
        s.press("Home")
        expect(s).to_have_attribute("aria-valuetext", "0.0")
        _settle(b)
        _submit(b)

        # the facilitator's live view picks both up without a reload
        fac.get_by_text(re.compile(r"2\s+joined · 2\s+submitted")).wait_for(timeout=20_000)
        rows = _aggregate_rows(fac)
        wa = {c: 5.0 for c in crit}
        wa[first] = 20.0
        wb = {c: 5.0 for c in crit}
        wb[second] = 0.0
        ta, tb = sum(wa.values()), sum(wb.values())
        for c in crit:
            mean = 100 * (wa[c] / ta + wb[c] / tb) / 2
            lo, hi = sorted((100 * wa[c] / ta, 100 * wb[c] / tb))
            cells = rows[c]
            assert cells[0] == f"{mean:.1f}", (c, cells)
            assert (cells[3], cells[4]) == (f"{lo:.1f}", f"{hi:.1f}"), (c, cells)
        # geometric mean: the criterion Bryn gave zero weight gets zero
        assert rows[second][1] == "0.0"
        assert len(rows) == n
        # participants see the aggregate but not each other's names (facilitator has not allowed it)
        a.get_by_text("2 of 2 participant(s) have submitted.").wait_for(timeout=20_000)
        assert a.get_by_text("Bryn Davies").count() == 0
        # the facilitator sees each participant
        fac.get_by_text("Alys Jones").first.wait_for(state="attached")
    finally:
        for ctx in (fac_ctx, a_ctx, b_ctx):
            ctx.close()
