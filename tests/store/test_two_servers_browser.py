"""Two app servers, one PostgreSQL: what one server writes, the other shows, live.

Two Streamlit servers on different loopback ports share a fresh PostgreSQL database (as
replicas behind a proxy would). A facilitator on server A opens a workshop; two
participants on server B join and submit; the facilitator's live view on A picks both
up without a reload, and when the facilitator reveals individual submissions on A, the
participants' live view on B shows them. A scenario saved on A is listed on B.

Needs Chromium (``/usr/bin/chromium``) and a PostgreSQL server (``$PAIR_TEST_POSTGRES_URL``);
skipped with the reason otherwise (in CI, where PostgreSQL is required, a missing server
fails instead).
"""

from __future__ import annotations

import re

import pytest

from tests.ui.browser_support import ARGS, CHROMIUM, CHROMIUM_MISSING, chromium_present, serve_app

from . import pg

SECRET = "two-servers-facilitator-secret"
TIMEOUT_MS = 30_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.postgresql_only,
    pytest.mark.skipif(not chromium_present(), reason=CHROMIUM_MISSING),
]


@pytest.fixture(scope="module")
def two_servers():
    ok, why = pg.available()
    if not ok:
        if pg.required():
            pytest.fail(why)
        pytest.skip(why)
    with pg.fresh_database() as url, pytest.MonkeyPatch.context() as mp:
        mp.setenv("PAIR_DATABASE_URL", url)
        mp.setenv("PAIR_FACILITATOR_SECRET", SECRET)
        with serve_app("streamlit-server-a.log") as a, serve_app("streamlit-server-b.log") as b:
            assert a != b
            yield a, b
        from appraisal.store.db import close_all

        close_all()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def _page(browser, url: str, path: str):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{url}/{path}")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    return ctx, page


def _settle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def test_a_workshop_and_a_scenario_are_shared_by_two_servers(two_servers, browser):
    a_url, b_url = two_servers
    contexts = []
    try:
        # the facilitator, on server A
        ctx, fac = _page(browser, a_url, "workshop")
        contexts.append(ctx)
        fac.get_by_test_id("stRadioGroup").first.get_by_text("the facilitator", exact=True).click()
        fac.get_by_label("Facilitator secret").fill(SECRET)
        fac.get_by_role("button", name="Unlock facilitator controls").click()
        fac.get_by_label("Session title").fill("Two servers")
        fac.get_by_label("Facilitator's name").fill("Fay")
        fac.get_by_role("button", name="Open session").click()
        heading = fac.get_by_text(re.compile(r"Join code: [A-Z2-9]{6}"))
        heading.wait_for()
        code = re.search(r"Join code: ([A-Z2-9]{6})", heading.inner_text()).group(1)

        # two participants, on server B
        people = []
        for name in ("Alys Jones", "Bryn Davies"):
            ctx, p = _page(browser, b_url, "workshop")
            contexts.append(ctx)
            p.get_by_label("Join code").fill(code.lower())
            p.get_by_label("Your name").fill(name)
            p.get_by_label("Your role").fill("Health visitor")
            p.get_by_label("Your organisation").fill("Health board")
            p.get_by_role("button", name="Join").click()
            p.get_by_text("You joined").wait_for()
            _settle(p)
            p.get_by_role("button", name="Submit my weights").click()
            p.get_by_text("your weights were received").wait_for()
            people.append(p)

        # A's live view shows both, without a reload
        fac.get_by_text(re.compile(r"2\s+joined · 2\s+submitted")).wait_for(timeout=20_000)
        fac.get_by_test_id("stTable").first.wait_for()
        # on B, two people: no group weights yet (each could work out the other's)
        people[0].get_by_text("2 of 2 participant(s) have submitted.").wait_for(timeout=20_000)
        people[0].get_by_text("once at least 3 people have submitted").wait_for()
        assert people[0].get_by_test_id("stTable").count() == 0
        assert people[0].get_by_test_id("stDataFrame").count() == 0
        # the facilitator reveals on A; B's live view shows everyone's weights
        fac.get_by_text("Let participants see each other's submissions").click()
        _settle(fac)
        people[0].get_by_text("Everyone's weights (%)").wait_for(timeout=20_000)

        # a scenario saved on A ...
        ctx, sa = _page(browser, a_url, "scenarios")
        contexts.append(ctx)
        sa.get_by_role("textbox", name="Your name").fill("Ann Evans")
        sa.get_by_role("textbox", name="Scenario name").fill("Saved on server A")
        _settle(sa)
        sa.get_by_role("button", name="Save scenario").click()
        sa.get_by_text("Saved 'Saved on server A' as version 1").wait_for()
        # ... is listed on B
        ctx, sb = _page(browser, b_url, "scenarios")
        contexts.append(ctx)
        sb.get_by_role("tab", name="Saved scenarios").click()
        sb.get_by_role("button", name="Load into the app").wait_for()  # shown once something is saved
        box = sb.get_by_test_id("stSelectbox").filter(has_text="Scenario").first
        shown = box.inner_text() + " ".join(i.input_value() for i in box.locator("input").all())
        assert "Saved on server A" in shown, shown
        assert sb.locator('[data-testid="stException"]').count() == 0
    finally:
        for ctx in contexts:
            ctx.close()
