"""Accessibility and language in a real browser (headless Chromium), WCAG 2.2 AA.

- axe-core (node_modules/axe-core/axe.min.js, installed by ``make test``) is injected
  into EVERY page in English and in Welsh, with its "Show as table" expanders open and
  then with each of its tabs shown, and run with the WCAG 2.0/2.1/2.2 A and AA rules.
  A violation of impact serious or critical fails the test unless it is in ``ALLOWED``
  below (each entry names the rule, the element and why it is accepted). Every result
  is saved as JSON in ``artifacts/a11y/`` (one file per page and language, plus a
  summary).
- Each Welsh page is screenshot to ``artifacts/screenshots/cy-<order>-<page>.png`` for
  a person to check (English leaking, truncated Welsh labels, layout).
- Keyboard only: Tab reaches the language toggle, the region selector, a weight slider
  (moved with the arrow keys) and a report download button (activated with Enter).
- The page's ``lang`` attribute follows the language, and a link without ``lang``
  opens in the browser's language.

One app server and one browser for the whole module. Skipped with the reason when
Chromium, Playwright or axe-core is missing; never downloads a browser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from appraisal.i18n import t
from appraisal.ui.shell import discover_pages
from tests.ui.browser_support import (
    ARTIFACTS,
    CHROMIUM_MISSING,
    ROOT,
    VIEWPORT,
    chromium_present,
    goto,
    launch_browser,
    no_exception,
    serve_app,
    shot,
    wait_ready,
    wait_title,
)

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
OUT = ARTIFACTS / "a11y"

if not chromium_present():
    pytest.skip(CHROMIUM_MISSING, allow_module_level=True)
if not AXE.exists():
    pytest.skip(
        f"{AXE.relative_to(ROOT)} not found: accessibility tests skipped "
        "(run 'make test', which installs axe-core with npm)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}
AXE_RUN = (
    "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, "
    "resultTypes: ['violations', 'incomplete']})"
)


@dataclass(frozen=True)
class Allowed:
    """A violation we accept: an axe rule on elements matching ``target`` (a regex on
    axe's CSS selector or the element's HTML), with the reason and the upstream issue."""

    rule: str
    target: str
    reason: str


#: Serious/critical violations accepted, each with its reason. Empty: axe 4.14.1 finds
#: none on any page in either language (the selected segment of a segmented control
#: was 4.1:1 with the old primary colour #0072B2; fixed in .streamlit/config.toml).
#: Streamlit-internal findings that axe lists only as "incomplete" (needs review), not
#: as violations, are saved in the JSON and described in the module's report.
ALLOWED: tuple[Allowed, ...] = ()

PAGES = discover_pages()
LANGS = ["en", "cy"]


def _allowed(rule: str, node: dict) -> Allowed | None:
    where = " ".join(map(str, node.get("target", []))) + " " + node.get("html", "")
    for a in ALLOWED:
        if a.rule == rule and re.search(a.target, where):
            return a
    return None


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_app("streamlit-a11y-test.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch_browser(sync_api) as b:
        yield b


def _open(browser, server: str, query: str, *, locale: str = "en-GB", downloads: bool = False):
    ctx = browser.new_context(viewport=VIEWPORT, locale=locale, accept_downloads=downloads)
    pg = ctx.new_page()
    pg.goto(f"{server}/{query}")
    wait_ready(pg, timeout=90_000)
    return ctx, pg


def _html_lang(pg) -> str:
    return str(pg.evaluate("() => document.documentElement.lang"))


def _wait_html_lang(pg, lang: str) -> None:
    pg.wait_for_function("(l) => document.documentElement.lang === l", arg=lang, timeout=15_000)


# ----------------------------------------------------------------------------- axe


def _axe(pg) -> dict:
    if not pg.evaluate("() => typeof window.axe !== 'undefined'"):
        pg.add_script_tag(path=str(AXE))
    return pg.evaluate(AXE_RUN, TAGS)


def _open_expanders(pg, is_open: bool = True) -> None:
    """Open (or close again) every expander, so the tables behind the charts are
    checked too."""
    pg.evaluate(
        "(o) => document.querySelectorAll('[data-testid=\"stExpander\"] details')"
        ".forEach(d => { d.open = o; })",
        is_open,
    )
    pg.wait_for_timeout(400 if is_open else 50)


def _summarise(results: dict, state_name: str) -> dict:
    def rows(items: list[dict]) -> list[dict]:
        return [
            {
                "id": v["id"],
                "impact": v.get("impact"),
                "help": v.get("help"),
                "helpUrl": v.get("helpUrl"),
                "tags": v.get("tags"),
                "nodes": [
                    {
                        "target": n.get("target"),
                        "html": n.get("html", "")[:300],
                        "failureSummary": n.get("failureSummary"),
                        "allowed": (a.reason if (a := _allowed(v["id"], n)) else None),
                    }
                    for n in v.get("nodes", [])
                ],
            }
            for v in items
        ]

    return {
        "state": state_name,
        "violations": rows(results.get("violations", [])),
        "incomplete": rows(results.get("incomplete", [])),
    }


def _failures(summary: dict) -> list[str]:
    out = []
    for v in summary["violations"]:
        if v["impact"] not in FAILING_IMPACTS:
            continue
        for n in v["nodes"]:
            if not n["allowed"]:
                out.append(f"{summary['state']}: {v['id']} ({v['impact']}) {v['help']} at {n['target']}")
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_passes_axe(browser, server, lang: str) -> None:
    """axe on every page (default view with expanders open, then each tab), in one
    browser session; Welsh pages are also screenshot for review."""
    OUT.mkdir(parents=True, exist_ok=True)
    ctx, pg = _open(browser, server, f"?region=gwent&lang={lang}")
    failures: list[str] = []
    summary: dict[str, dict] = {}
    try:
        for spec in PAGES:
            title = t(spec.title_key, lang)
            goto(pg, title)
            no_exception(pg)
            assert pg.locator("h1").first.inner_text().strip() == title
            _wait_html_lang(pg, lang)
            if lang == "cy":
                assert shot(pg, f"cy-{spec.order:03d}-{spec.key}").stat().st_size > 10_000
            _open_expanders(pg)
            states = [_summarise(_axe(pg), "default")]
            tabs = pg.locator('[data-testid="stMain"]').get_by_role("tab")
            for i in range(1, tabs.count()):
                name = tabs.nth(i).inner_text().strip()
                tabs.nth(i).click()
                wait_ready(pg)
                _open_expanders(pg)
                states.append(_summarise(_axe(pg), f"tab {i}: {name}"))
            _open_expanders(pg, False)  # as a user finds the next page (screenshots)
            record = {
                "page": spec.key,
                "lang": lang,
                "url": pg.url,
                "html_lang": _html_lang(pg),
                "axe_version": pg.evaluate("() => axe.version"),
                "tags": TAGS,
                "states": states,
            }
            (OUT / f"axe-{lang}-{spec.key}.json").write_text(
                json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8"
            )
            summary[spec.key] = {
                "violations": sorted({f"{v['id']} ({v['impact']})" for s in states for v in s["violations"]}),
                "incomplete": sorted({v["id"] for s in states for v in s["incomplete"]}),
                "states_checked": len(states),
            }
            for s in states:
                failures += [f"{spec.key} {f}" for f in _failures(s)]
    finally:
        (OUT / f"axe-summary-{lang}.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        ctx.close()
    assert len(summary) == len(PAGES)
    assert not failures, "axe serious/critical violations:\n" + "\n".join(failures)


def test_allow_list_entries_give_a_reason() -> None:
    for a in ALLOWED:
        assert a.rule and a.target and len(a.reason) > 20, a
        assert "issue" in a.reason.lower(), f"{a.rule}: name the upstream issue or say none was found"


# ----------------------------------------------------------------------------- language


def test_page_language_follows_the_toggle_and_the_browser(browser, server) -> None:
    # a link without lang opens in the browser's language (Welsh here)
    ctx, pg = _open(browser, server, "?region=gwent", locale="cy-GB")
    try:
        wait_title(pg, t("page.overview.title", "cy"))
        _wait_html_lang(pg, "cy")
        pg.wait_for_function("() => location.search.includes('lang=cy')", timeout=10_000)
        sidebar = pg.locator('[data-testid="stSidebar"]')
        # the review notice is shown, and says the Welsh is awaiting review
        assert "swyddog iaith Gymraeg" in sidebar.inner_text()
        # the toggle switches the page (and its lang attribute) to English and back
        sidebar.get_by_role("radio", name=t("a11y.lang.en", "en")).click()
        wait_title(pg, t("page.overview.title", "en"))
        _wait_html_lang(pg, "en")
        pg.wait_for_function("() => location.search.includes('lang=en')", timeout=10_000)
        assert "swyddog iaith Gymraeg" not in sidebar.inner_text()
        sidebar.get_by_role("radio", name=t("a11y.lang.cy", "cy")).click()
        wait_title(pg, t("page.overview.title", "cy"))
        _wait_html_lang(pg, "cy")
    finally:
        ctx.close()


# ----------------------------------------------------------------------------- keyboard

_FOCUS = """() => {
  const e = document.activeElement;
  if (!e) return {};
  const box = (id) => !!e.closest(`[data-testid="${id}"]`);
  return {
    tag: e.tagName, role: e.getAttribute('role') || '', label: e.getAttribute('aria-label') || '',
    text: (e.innerText || '').trim(), value: e.value ?? '',
    sidebar: box('stSidebar'), slider: box('stSlider'), selectbox: box('stSelectbox'),
    buttonGroup: box('stButtonGroup'), download: box('stDownloadButton'),
  };
}"""


def _tab_to(pg, want, limit: int = 60) -> dict:
    """Press Tab until the focused element satisfies ``want``; fail after ``limit``."""
    seen = []
    for _ in range(limit):
        pg.keyboard.press("Tab")
        f = pg.evaluate(_FOCUS)
        if want(f):
            return f
        seen.append(f"{f.get('tag')}:{f.get('label') or f.get('text', '')[:30]}")
    raise AssertionError("not reached by keyboard; focus went through: " + " | ".join(seen))


_STYLES = """() => {
  const out = [];
  let e = document.activeElement;
  for (let i = 0; i < 4 && e; i++, e = e.parentElement) {
    const s = getComputedStyle(e);
    out.push([s.outlineStyle, s.outlineColor, s.boxShadow, s.borderTopColor, s.borderTopWidth].join(' '));
  }
  return out;
}"""


def _focus_is_visible(pg) -> bool:
    """The focused control (or its box) looks different from when it is not focused
    (Streamlit draws a focus ring as a box-shadow, or recolours a field's border)."""
    pg.wait_for_timeout(350)  # let the focus styles' CSS transitions finish
    focused = pg.evaluate(_STYLES)
    handle = pg.evaluate_handle("() => document.activeElement")
    handle.evaluate("(e) => e.blur()")
    pg.wait_for_timeout(350)
    unfocused = handle.evaluate(
        "(e) => { const out = []; let x = e;"
        " for (let i = 0; i < 4 && x; i++, x = x.parentElement) { const s = getComputedStyle(x);"
        " out.push([s.outlineStyle, s.outlineColor, s.boxShadow, s.borderTopColor, s.borderTopWidth].join(' ')); }"
        " return out; }"
    )
    handle.evaluate("(e) => e.focus()")
    pg.wait_for_timeout(100)
    return focused != unfocused


def test_keyboard_only_use(browser, server) -> None:
    ctx, pg = _open(browser, server, "weights?region=gwent&lang=en", downloads=True)
    try:
        # on a loaded machine the sidebar can still be drawing after the first run
        pg.wait_for_selector('[data-testid="stSidebar"] [role="radio"]', timeout=30_000)
        pg.evaluate("() => document.activeElement && document.activeElement.blur()")
        # 1. the language toggle (a radio group): arrow to Cymraeg, the page turns Welsh
        f = _tab_to(pg, lambda f: f.get("sidebar") and f.get("buttonGroup") and f.get("role") == "radio")
        assert f["text"] == t("a11y.lang.en", "en")
        assert _focus_is_visible(pg), f
        pg.keyboard.press("ArrowRight")  # moves to "Cymraeg" (and may select it)
        pg.wait_for_timeout(500)
        if pg.locator("h1").first.inner_text().strip() != t("page.weights.title", "cy"):
            pg.keyboard.press("Space")
        wait_title(pg, t("page.weights.title", "cy"))
        _wait_html_lang(pg, "cy")
        # 2. the region selector: open it with the keyboard and pick the next region
        pg.evaluate("() => document.activeElement && document.activeElement.blur()")
        f = _tab_to(pg, lambda f: f.get("sidebar") and f.get("selectbox") and f.get("role") == "combobox")
        assert _focus_is_visible(pg), f
        pg.keyboard.press("ArrowDown")
        pg.wait_for_selector('[role="listbox"]', timeout=5_000)
        pg.keyboard.press("ArrowDown")
        pg.keyboard.press("Enter")
        pg.wait_for_function("() => !location.search.includes('region=gwent')", timeout=15_000)
        wait_ready(pg)
        assert "region=" in pg.url
        # 3. a weight slider: reach it with Tab, move it with the arrow keys
        # the default view is swing weighting: the largest swing stays at 100, so take the
        # first slider below it and move it up, one swing point a press
        f = _tab_to(
            pg,
            lambda f: (
                f.get("slider")
                and not f.get("sidebar")
                and f.get("tag") == "INPUT"
                and float(f.get("value") or 100) < 100
            ),
        )
        before = float(f["value"])
        label = f["label"]
        assert _focus_is_visible(pg), f
        pg.keyboard.press("ArrowRight")
        pg.keyboard.press("ArrowRight")
        pg.wait_for_function(
            "(b) => Number(document.activeElement.value) !== b || false", arg=before, timeout=10_000
        )
        wait_ready(pg)
        pg.wait_for_function("() => location.search.includes('w=')", timeout=15_000)
        box = pg.locator('[data-testid="stSlider"]').filter(has=pg.get_by_label(label, exact=True))
        assert float(box.locator('[data-testid="stSliderThumbValue"]').inner_text()) == before + 2 * 1.0
        no_exception(pg)
        # 4. a report download button: reach it with Tab, press Enter, get the file
        goto(pg, t("page.report.title", "cy"))
        pg.evaluate("() => document.activeElement && document.activeElement.blur()")
        label = t("report.ui.download.html", "cy")
        f = _tab_to(pg, lambda f: f.get("download") and label in f.get("text", ""))
        assert _focus_is_visible(pg), f
        with pg.expect_download(timeout=120_000) as dl:
            pg.keyboard.press("Enter")
        assert dl.value.suggested_filename.endswith(".html")
        no_exception(pg)
    finally:
        ctx.close()
