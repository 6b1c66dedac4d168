"""The Presentation page (issue 15, meeting tools): slides for a projector.

AppTest: the page opens on slide 1 (the question and the answer), Next and Previous
move one slide, the picker jumps, the slide count is shown, every slide draws its chart
(with a table and alt text) in both languages, and the text size scales the charts.
Headless Chromium: the arrow keys (and Page Down / Page Up, as presentation clickers
send) move the slides; on every slide, in both languages, at 1400x900 and 390x844, no
chart text lies outside its chart, and axe-core finds no violation (of any impact).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

import pytest

from appraisal.charts import style as S
from appraisal.charts.mcda import ranking_bar
from appraisal.i18n import t
from appraisal.ui.pages import presentation as P
from tests.ui.browser_support import (
    CHROMIUM_MISSING,
    ROOT,
    chromium_present,
    launch_browser,
    no_exception,
    serve_app,
    wait_ready,
)
from tests.ui.conftest import problems

LANGS = ["en", "cy"]
N = len(P.SLIDES)


def _position(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**") and m.value.count("**") == 2)


def _slide_heading(at) -> str:
    return at.header[0].value


def _charts(at):
    return at.get("plotly_chart")


def _expected_heading(slide: str, lang: str) -> str:
    if slide == "answer":
        return t("page.presentation.question", lang, region=t_region("gwent", lang))
    return t(f"page.presentation.slide.{slide}", lang)


def t_region(rid: str, lang: str) -> str:
    from appraisal.data import load_dataset
    from appraisal.i18n import localised

    return localised(load_dataset().region(rid), "name", lang)


def _english_only_names() -> list[str]:
    """English option and region names that differ from their Welsh names."""
    from appraisal.data import load_dataset

    ds = load_dataset()
    return [o.name for o in (*ds.options, *ds.regions) if getattr(o, "name_cy", "") not in ("", o.name)]


# ----------------------------------------------------------------------------- AppTest


@pytest.mark.parametrize("lang", LANGS)
def test_opens_on_slide_one_with_the_question_and_the_answer(open_page, lang: str) -> None:
    at = open_page("presentation", {"lang": lang, "region": "gwent"})
    assert not problems(at), problems(at)
    assert at.title[0].value == t("page.presentation.title", lang)
    assert _slide_heading(at) == _expected_heading("answer", lang)
    assert _position(at) == f"**{t('page.presentation.position', lang, k=1, n=N)}**"
    # winner, runner-up, margin and how sure, in boxes and in the Weights page's sentences
    labels = [m.label for m in at.metric]
    assert labels == [
        t(f"page.presentation.metric.{k}", lang) for k in ("first", "runner_up", "lead", "sure")
    ]
    texts = " ".join(m.value for m in at.markdown)
    first_word = {"en": "comes first", "cy": "yn dod yn gyntaf"}[lang]
    assert first_word in texts
    assert t("ui.sure_line", lang, option="X", pct="1", n="2", spread="3").split("X")[0] in texts
    assert at.button(key="presentation_prev").disabled
    assert not at.button(key="presentation_next").disabled
    assert at.selectbox(key=P.W_SLIDE).value == "answer"
    assert len(at.selectbox(key=P.W_SLIDE).options) == N
    assert N == 7


def test_next_previous_and_the_picker_move_between_slides(open_page) -> None:
    at = open_page("presentation", {"lang": "en", "region": "gwent"})
    at.button(key="presentation_next").click().run()
    assert not problems(at), problems(at)
    assert _slide_heading(at) == t("page.presentation.slide.ranking")
    assert _position(at) == f"**{t('page.presentation.position', k=2, n=N)}**"
    assert at.selectbox(key=P.W_SLIDE).value == "ranking"
    assert len(_charts(at)) == 1
    at.button(key="presentation_next").click().run()
    assert _slide_heading(at) == t("page.presentation.slide.contributions")
    at.button(key="presentation_prev").click().run()
    at.button(key="presentation_prev").click().run()
    assert _slide_heading(at) == _expected_heading("answer", "en")
    assert at.button(key="presentation_prev").disabled
    # the picker jumps straight to the last slide; Next is then disabled
    at.selectbox(key=P.W_SLIDE).set_value("need").run()
    assert not problems(at), problems(at)
    assert _slide_heading(at) == t("page.presentation.slide.need")
    assert _position(at) == f"**{t('page.presentation.position', k=N, n=N)}**"
    assert at.button(key="presentation_next").disabled
    # the clicker's keys (Page Down / Page Up) have buttons of their own
    at.button(key="presentation_prev_page").click().run()
    assert _slide_heading(at) == t("page.presentation.slide.economics")
    at.button(key="presentation_next_page").click().run()
    assert _slide_heading(at) == t("page.presentation.slide.need")


def test_the_slide_is_kept_when_the_user_leaves_the_page_and_comes_back(open_page) -> None:
    from tests.ui.conftest import switch_to

    at = open_page("presentation", {"lang": "en", "region": "gwent"})
    at.selectbox(key=P.W_SLIDE).set_value("weights").run()
    switch_to(at, "results")
    switch_to(at, "presentation")
    assert not problems(at), problems(at)
    assert _slide_heading(at) == t("page.presentation.slide.weights")


@pytest.mark.parametrize("lang", LANGS)
def test_every_slide_draws_its_chart_with_a_table_and_alt_text(open_page, lang: str) -> None:
    at = open_page("presentation", {"lang": lang, "region": "gwent"})
    for i, slide in enumerate(P.SLIDES):
        if i:
            at.button(key="presentation_next").click().run()
        assert not problems(at), (slide, problems(at))
        assert _slide_heading(at) == _expected_heading(slide, lang)
        assert _position(at) == f"**{t('page.presentation.position', lang, k=i + 1, n=N)}**"
        charts = _charts(at)
        if slide == "answer":
            assert not charts
            continue
        assert len(charts) == 1, slide
        if lang == "cy":  # the chart names options and regions in Welsh
            spec = charts[0].proto.spec
            assert not [n for n in _english_only_names() if n in spec], slide
        alt = charts[0].proto.alt
        assert alt and alt in [c.value for c in at.caption], slide
        assert t("ui.show_table", lang) in [e.label for e in at.expander], slide
        assert at.dataframe, slide


def test_text_size_scales_the_charts(open_page) -> None:
    at = open_page("presentation", {"lang": "en", "region": "gwent"})
    at.button(key="presentation_next").click().run()

    def height() -> float:
        return json.loads(_charts(at)[0].proto.spec)["layout"]["height"]

    assert at.segmented_control(key=P.W_SIZE).value == P.DEFAULT_SIZE
    large = height()
    at.segmented_control(key=P.W_SIZE).set_value("standard").run()
    standard = height()
    at.segmented_control(key=P.W_SIZE).set_value("largest").run()
    largest = height()
    assert standard < large < largest
    assert largest == pytest.approx(standard * P.SIZES["largest"][0], abs=2)
    assert not problems(at)


def test_enlarged_scales_text_and_layout_and_leaves_the_figure_alone() -> None:
    from appraisal.data import load_dataset
    from appraisal.inputs import AppraisalInputs
    from appraisal.run import run

    res = run(load_dataset(), AppraisalInputs()).region("gwent").mcda
    fig = ranking_bar(res, "en")
    before = fig.to_dict()
    big, title = P.enlarged(fig, 1.5)
    assert fig.to_dict() == before  # the chart module's figure is not changed
    assert title == ""
    d = big.to_dict()["layout"]
    assert d["height"] == round(before["layout"]["height"] * 1.5)
    assert d["margin"]["b"] == round(before["layout"]["margin"]["b"] * 1.5)
    assert d["annotations"][0]["font"]["size"] == before["layout"]["annotations"][0]["font"]["size"] * 1.5
    assert d["annotations"][0]["yshift"] == before["layout"]["annotations"][0]["yshift"] * 1.5
    assert d["font"]["size"] == 15 * 1.5
    assert big.to_dict()["data"][0]["textfont"]["size"] == before["data"][0]["textfont"]["size"] * 1.5


def test_a_chart_title_becomes_a_heading_and_gives_back_its_room() -> None:
    import plotly.graph_objects as go

    fig = go.Figure(
        layout={
            "height": 400,
            "margin": {"l": 10, "r": 10, "t": 80, "b": 20},
            "title": {"text": "Costs &amp; benefits<br>over time"},
        }
    )
    out, title = P.enlarged(fig, 1.0)
    assert title == "Costs & benefits over time"
    layout = out.to_dict()["layout"]
    assert "title" not in layout or not layout["title"].get("text")
    room = 2 * S.line_px(S.TITLE) + 18  # two title lines, as plotly_render laid them out
    assert layout["margin"]["t"] == max(12, math.ceil(80 - room))
    assert layout["height"] == 400 - (80 - layout["margin"]["t"])


def test_style_is_scoped_to_the_page_and_holds_no_script() -> None:
    for name in P.SIZES:
        css = P.style(name)
        assert css.startswith("<style>") and css.endswith("</style>")
        assert "<script" not in css.lower()
        body = css[len("<style>") : -len("</style>")]
        # every rule closed once: a stray brace would silently drop the rule after it
        assert body.count("{") == body.count("}")
        assert "}}" not in body and "{{" not in body
        rules = [r for r in body.split("}") if r.strip()]
        for r in rules:
            selectors = r.split("{")[0]
            for sel in selectors.split(","):
                assert sel.strip().startswith((f".st-key-{P.BOX}", f".st-key-{P.CLICKER}")), sel


def test_scroll_script_holds_only_fixed_text() -> None:
    s = P.scroll_script(3, "cy")
    assert "lang='cy'" in s and "move 3" in s
    assert P.scroll_script(3, "<x>").count("lang='en'") == 1


# ----------------------------------------------------------------------------- browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

#: Every text of every chart on show whose box lies outside its chart's SVG (clipped).
TEXT_OUTSIDE = """() => {
  const out = [];
  document.querySelectorAll('.js-plotly-plot').forEach(plot => {
    const svg = plot.querySelector('.main-svg');
    if (!svg || plot.offsetParent === null) return;
    const box = svg.getBoundingClientRect();
    plot.querySelectorAll('text').forEach(t => {
      const s = (t.textContent || '').trim();
      const r = t.getBoundingClientRect();
      if (!s || !r.width) return;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        out.push(s);
    });
  });
  return out;
}"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    if not chromium_present():
        pytest.skip(CHROMIUM_MISSING)
    with serve_app("streamlit-presentation-test.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not chromium_present():
        pytest.skip(CHROMIUM_MISSING)
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with launch_browser(sync_api) as b:
        yield b


def _open(browser, server: str, lang: str, width: int, height: int):
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    pg = ctx.new_page()
    pg.goto(f"{server}/presentation?region=gwent&lang={lang}")
    wait_ready(pg, timeout=120_000)
    pg.locator(".st-key-presentation_next button:visible").first.wait_for(timeout=60_000)
    return ctx, pg


def _wait_slide(pg, k: int, lang: str) -> None:
    text = t("page.presentation.position", lang, k=k, n=N)
    pg.wait_for_function(
        "(s) => [...document.querySelectorAll('.st-key-presentation p')].some(p => p.innerText.trim() === s)",
        arg=text,
        timeout=60_000,
    )
    wait_ready(pg)
    if k > 1:  # a chart slide: its chart has drawn
        pg.wait_for_selector(".st-key-presentation .js-plotly-plot .main-svg", timeout=90_000)


def _heading(pg) -> str:
    return pg.locator(".st-key-presentation h2").first.inner_text().strip()


@pytest.mark.browser
def test_arrow_keys_and_clicker_keys_move_the_slides(browser, server) -> None:
    ctx, pg = _open(browser, server, "en", 1400, 900)
    try:
        assert _heading(pg) == _expected_heading("answer", "en")
        pg.locator("h1").first.click()  # the keys act when no field has the focus
        pg.keyboard.press("ArrowRight")
        _wait_slide(pg, 2, "en")
        no_exception(pg)
        assert _heading(pg) == t("page.presentation.slide.ranking")
        # the new slide is scrolled into view (Streamlit keeps the scroll offset)
        top = pg.evaluate("() => document.querySelector('.st-key-presentation').getBoundingClientRect().top")
        assert 0 <= top < 200, top
        pg.keyboard.press("ArrowRight")
        _wait_slide(pg, 3, "en")
        assert _heading(pg) == t("page.presentation.slide.contributions")
        pg.keyboard.press("ArrowLeft")
        _wait_slide(pg, 2, "en")
        assert _heading(pg) == t("page.presentation.slide.ranking")
        pg.keyboard.press("PageDown")
        _wait_slide(pg, 3, "en")
        pg.keyboard.press("PageUp")
        _wait_slide(pg, 2, "en")
        assert _heading(pg) == t("page.presentation.slide.ranking")
        # the two clicker buttons are not shown and cannot be reached with Tab
        assert pg.locator(".st-key-presentation_clicker").is_hidden()
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_every_slide_fits_and_passes_axe(browser, server, lang: str) -> None:
    """Each slide at 1400x900 (axe and clipping) and at 390x844 (clipping): no chart
    text outside its chart, no axe violation."""
    if not AXE.exists():
        pytest.skip(f"{AXE.relative_to(ROOT)} not found (run 'make test', which installs axe-core)")
    failures: list[str] = []
    for width, height in ((1400, 900), (390, 844)):
        ctx, pg = _open(browser, server, lang, width, height)
        try:
            pg.locator("h1").first.click()
            for k in range(1, N + 1):
                if k > 1:
                    pg.keyboard.press("ArrowRight")
                    _wait_slide(pg, k, lang)
                no_exception(pg)
                outside = pg.evaluate(TEXT_OUTSIDE)
                if outside:
                    failures.append(f"{width}px slide {k}: text outside its chart: {outside[:5]}")
                if width != 1400:
                    continue
                pg.evaluate(
                    "() => document.querySelectorAll('.st-key-presentation [data-testid=\"stExpander\"] details')"
                    ".forEach(d => { d.open = true; })"
                )
                pg.wait_for_timeout(400)
                if not pg.evaluate("() => typeof window.axe !== 'undefined'"):
                    pg.add_script_tag(path=str(AXE))
                res = pg.evaluate(
                    "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                    AXE_TAGS,
                )
                for v in res["violations"]:  # none at all, of any impact
                    where = [n.get("target") for n in v.get("nodes", [])][:3]
                    failures.append(f"slide {k}: {v['id']} ({v['impact']}) {v['help']} at {where}")
                pg.evaluate(
                    "() => document.querySelectorAll('.st-key-presentation [data-testid=\"stExpander\"] details')"
                    ".forEach(d => { d.open = false; })"
                )
        finally:
            ctx.close()
    assert not failures, "\n".join(failures)
