"""Shared pieces of the headless-Chromium tests: the app server, the browser and waits.

Each browser test module starts ONE app server (``python -m appraisal.ui.serve``, as
``make run`` does: the first page prepared, then ``streamlit run app.py``, on a free
local port) and ONE browser for all its tests (module-scoped fixtures built from
``serve_app``/``launch_browser``). Never downloads a browser: the system Chromium at
``CHROMIUM`` is used, and a module skips with the reason when it is missing.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SHOTS = ARTIFACTS / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1600, "height": 1000}
CHROMIUM_MISSING = (
    f"{CHROMIUM} not found: browser tests skipped (install it with 'apt-get install chromium'; "
    ".ci/run does this in CI)"
)


def chromium_present() -> bool:
    return Path(CHROMIUM).exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve_app(log_name: str = "streamlit-browser-test.log", script: str | None = None) -> Iterator[str]:
    """Run the app on a free local port; yield its base URL; stop it afterwards.

    The app is started as ``make run`` starts it (the launcher prepares the first page,
    then runs ``streamlit run app.py``); ``script`` instead runs ``streamlit run script``
    (the benchmarks' baseline page)."""
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    out = open(ARTIFACTS / log_name, "w")  # noqa: SIM115 - closed below
    start = ["streamlit", "run", script] if script else ["appraisal.ui.serve"]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            *start,
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
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"streamlit stopped as it started (exit {proc.returncode}); see artifacts/{log_name}"
                )
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"streamlit did not start within 120 s; see artifacts/{log_name}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        out.close()


@contextlib.contextmanager
def launch_browser(sync_api) -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def wait_ready(pg, timeout: float = 30_000) -> None:
    """Wait for the page title, then for the app to stop running and charts to draw."""
    pg.wait_for_selector("h1", timeout=timeout)
    pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    # every chart on show (not those in hidden tabs) has drawn its SVG
    pg.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".filter(e => e.offsetParent !== null).every(e => e.querySelector('.main-svg'))",
        timeout=timeout,
    )
    pg.wait_for_timeout(400)


def wait_title(pg, title: str, timeout: float = 30_000) -> None:
    pg.wait_for_function(
        "(t) => { const h = document.querySelector('h1'); return h && h.innerText.trim() === t; }",
        arg=title,
        timeout=timeout,
    )
    wait_ready(pg)


def goto(pg, title: str) -> None:
    """Open a page through the sidebar navigation, as a user would, by its shown title."""
    pg.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    wait_title(pg, title)


def shot(pg, name: str) -> Path:
    """Full-height screenshot (the app scrolls inside its own container)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    h = pg.evaluate(
        "() => Math.max(...[...document.querySelectorAll('section, [data-testid=\"stMain\"]')]"
        ".map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    pg.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(int(h) + 40, 1000), 6000)})
    pg.wait_for_timeout(300)
    pg.screenshot(path=str(path), full_page=True)
    pg.set_viewport_size(VIEWPORT)
    return path


def no_exception(pg) -> None:
    assert pg.locator('[data-testid="stException"]').count() == 0, pg.locator(
        '[data-testid="stException"]'
    ).first.inner_text()
