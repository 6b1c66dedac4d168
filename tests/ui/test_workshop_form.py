"""The Workshop page's meeting tools (issue 15): the participant form on the Weights
page's scales, groups, order and help; the facilitator's group-spread chart (only from
``MIN_GROUP_SPREAD`` submissions); and the two-step "use the group's mean weights" with
its success message and the Weights page's Undo taking it back.

AppTest on a throw-away SQLite database; participants beyond the one driven through the
form submit through the store (``Workshop.join``/``submit``), as another browser would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.charts import workshop as spread_chart
from appraisal.charts.build import presenter_for
from appraisal.data import load_dataset
from appraisal.i18n import localised, t
from appraisal.store import workshop as W
from appraisal.store.db import close_all, open_database
from appraisal.ui import state
from tests.ui.conftest import switch_to

SECRET = "workshop-form-secret-123"
WORKSHOP = """
from appraisal.ui.pages import workshop
workshop.render()
"""
TIMEOUT = 60


@pytest.fixture()
def db_env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("PAIR_DATABASE_URL", url)
    monkeypatch.setenv("PAIR_FACILITATOR_SECRET", SECRET)
    yield url
    close_all()


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def _texts(elements) -> list[str]:
    return [e.value for e in elements]


def _page(lang: str = "en") -> AppTest:
    at = AppTest.from_string(WORKSHOP, default_timeout=TIMEOUT)
    at.session_state[state.K_LANG] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def _unlock(at: AppTest) -> AppTest:
    at.radio(key="ws_role").set_value("facilitator").run()
    at.text_input(key="ws_fac_secret").input(SECRET)
    at.button(key="ws_fac_unlock").click().run()
    return at


def _open_session(at: AppTest) -> str:
    _unlock(at)
    at.text_input(key="ws_new_title").input("Form workshop")
    at.text_input(key="ws_new_facilitator").input("Fay")
    at.button(key="ws_open_btn").click().run()
    assert not at.exception, at.exception
    return at.session_state["ws_fac_code"]


def _facilitator(lang: str = "en") -> tuple[AppTest, str]:
    at = _page(lang)
    return at, _open_session(at)


def _join(code: str, name: str = "Alys", lang: str = "en") -> AppTest:
    p = _page(lang)
    p.text_input(key="ws_join_code").input(code)
    p.text_input(key="ws_join_name").input(name)
    p.text_input(key="ws_join_role").input("Nurse")
    p.text_input(key="ws_join_org").input("HB")
    p.button(key="ws_join_btn").click().run()
    assert not p.exception, p.exception
    return p


def _seed(url: str, code: str, ds, n: int) -> None:
    """``n`` participants submit points through the store: person k puts 20 on criterion k."""
    ws = W.Workshop(open_database(url))
    ids = ds.criterion_ids
    for k in range(n):
        _, token = ws.join(code, name=f"Person {k}", role="Role", organisation="Org")
        pts = dict.fromkeys(ids, 5.0)
        pts[ids[k % len(ids)]] = 20.0
        ws.submit(token, "points", pts, ids)


def _charts(at: AppTest) -> list:
    return at.get("plotly_chart")


def _sliders(at: AppTest, prefix: str) -> list:
    return [s for s in at.slider if str(s.key).startswith(prefix)]


# ----------------------------------------------------------------------------- the form


def _group_order(ds) -> list[str]:
    return [c.id for g in ds.groups for c in ds.criteria if c.group == g.id]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_points_form_matches_the_weights_page(db_env, ds, lang):
    _, code = _facilitator()
    p = _join(code, lang=lang)
    sliders = _sliders(p, "ws_p_pts_")
    assert [s.key.removeprefix("ws_p_pts_") for s in sliders] == _group_order(ds)
    assert _group_order(ds) == list(ds.criterion_ids)  # grouped and in the data's order
    crit = {c.id: c for c in ds.criteria}
    for s in sliders:
        c = crit[s.key.removeprefix("ws_p_pts_")]
        assert (s.min, s.max, s.step) == (0.0, state.POINTS_MAX, state.POINTS_STEP)
        assert s.value == state.POINTS_TOP / 2
        assert s.label == localised(c, "name", lang)
        help_text = t(
            "page.weights.slider_help",
            lang,
            description=localised(c, "description", lang),
            default=f"{c.weight.value:g}",
            status=t(f"ui.status.{c.weight.status}", lang),
            source=c.weight.source,
        )
        assert s.help == help_text
    # one heading per group, in the data's order, with the group's share of the points
    heads = _texts(p.subheader)
    names = [state.md(localised(g, "name", lang)) for g in ds.groups]  # escaped Markdown
    form_heads = [h for h in heads if any(h.startswith(n + " · ") for n in names)]
    assert [h.split(" · ")[0] for h in form_heads] == names
    assert t("page.workshop.form.title", lang) in _texts(p.header)
    help_line = t("page.workshop.method_help.points", lang, max="20", page=t("page.weights.title", lang))
    assert help_line in _texts(p.caption)


def test_points_above_ten_are_submitted_and_stored(db_env, ds):
    _, code = _facilitator()
    p = _join(code)
    ids = ds.criterion_ids
    p.slider(key=f"ws_p_pts_{ids[0]}").set_value(20.0)
    p.slider(key=f"ws_p_pts_{ids[1]}").set_value(12.5)
    p.run()
    # the captions follow: 20 of 20 + 12.5 + 17 x 5 points
    total = 20 + 12.5 + 5 * (len(ids) - 2)
    assert t("page.workshop.form.points_caption", "en", pct=f"{100 * 20 / total:.1f}%") in _texts(p.caption)
    p.button(key="ws_p_submit").click().run()
    assert any("received" in x for x in _texts(p.success)), _texts(p.error)
    sub = W.Workshop(open_database(db_env)).latest_submissions(code)[0]
    assert sub.inputs[ids[0]] == 20.0 and sub.inputs[ids[1]] == 12.5
    assert sub.weights[ids[0]] == pytest.approx(20 / total)


def test_swing_form_uses_the_weights_page_scale_and_swing_help(db_env, ds):
    _, code = _facilitator()
    p = _join(code)
    p.radio(key="ws_p_method").set_value("swing").run()
    sliders = _sliders(p, "ws_p_swing_")
    assert [s.key.removeprefix("ws_p_swing_") for s in sliders] == list(ds.criterion_ids)
    crit = {c.id: c for c in ds.criteria}
    for s in sliders:
        c = crit[s.key.removeprefix("ws_p_swing_")]
        assert (s.min, s.max, s.step, s.value) == (0.0, 100.0, 1.0, 100.0)
        swing = localised(c, "swing", "en") or t(
            "page.weights.swing.from_to",
            "en",
            worst=c.value_function.low.meaning,
            best=c.value_function.high.meaning,
        )
        assert s.help == t("page.weights.swing.slider_help_swing", "en", swing=state.md(swing))
    groups = [state.md(g.name) for g in ds.groups]
    assert [h for h in _texts(p.subheader) if h in groups] == groups
    # every swing at 100 (equal weights) can be submitted straight away
    p.button(key="ws_p_submit").click().run()
    assert any("received" in x for x in _texts(p.success)), _texts(p.error)
    # no swing at 100: the form says so before the store refuses it
    for s in _sliders(p, "ws_p_swing_"):
        s.set_value(60.0)
    p.run()
    assert any("60" in w and "100" in w for w in _texts(p.warning)), _texts(p.warning)


def test_rank_form_in_group_order_with_help(db_env, ds):
    _, code = _facilitator()
    p = _join(code)
    p.radio(key="ws_p_method").set_value("rank").run()
    boxes = [b for b in p.selectbox if str(b.key).startswith("ws_p_rank_")]
    assert [b.key.removeprefix("ws_p_rank_") for b in boxes] == list(ds.criterion_ids)
    assert [b.value for b in boxes] == list(range(1, len(ds.criterion_ids) + 1))
    assert all(b.help.startswith(localised(c, "description", "en")) for b, c in zip(boxes, ds.criteria))


# ----------------------------------------------------------------------------- spread chart


def test_spread_chart_is_withheld_below_the_minimum_group(db_env, ds):
    fac, code = _facilitator()
    _seed(db_env, code, ds, W.MIN_GROUP_SPREAD - 1)
    fac.run()
    assert not fac.exception, fac.exception
    assert not _charts(fac)
    note = t("page.workshop.spread.withheld", "en", n=W.MIN_GROUP_SPREAD, k=W.MIN_GROUP_SPREAD - 1)
    assert note in _texts(fac.info)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_spread_chart_from_the_minimum_group(db_env, ds, lang):
    fac, code = _facilitator(lang)
    n = W.MIN_GROUP_SPREAD
    _seed(db_env, code, ds, n)
    fac.run()
    assert not fac.exception, fac.exception
    charts = _charts(fac)
    assert len(charts) == 1
    assert t("page.workshop.spread.title", lang) in _texts(fac.subheader)
    fig = json.loads(charts[0].proto.spec)
    bars = [tr for tr in fig["data"] if tr.get("type") == "bar"]
    assert len(bars) == 2 and bars[0]["marker"]["color"] == "rgba(0,0,0,0)"  # bars float
    ids = ds.criterion_ids
    total = 20 + 5 * (len(ids) - 1)
    lo, hi = 5 / total, 20 / total
    # criteria 0..n-1 each got 20 points from one person and 5 from the others
    assert bars[0]["x"][0] == pytest.approx(lo) and bars[1]["x"][0] == pytest.approx(hi - lo)
    # the table equivalent: one row per criterion in the data's order, every statistic
    table = next(
        d.value for d in fac.dataframe if t("page.workshop.spread.col.width", lang) in d.value.columns
    )
    pr = presenter_for(lang, criteria=ds.criteria, groups=ds.groups)
    assert list(table[t("ui.col.criterion", lang)]) == [pr.criterion(c) for c in ids]
    assert table.iloc[0][t("page.workshop.col.max", lang)] == pr.fmt(hi, "pct1")
    # the alt text is the chart's caption too, naming the widest disagreement
    alt = [c for c in _texts(fac.caption) if pr.criterion(ids[0]) in c and str(n) in c]
    assert alt, _texts(fac.caption)


def test_spread_builder_reads_the_aggregate(ds):
    ids = ds.criterion_ids[:3]
    subs = []
    for k, w in enumerate(([0.6, 0.3, 0.1], [0.2, 0.4, 0.4], [0.4, 0.4, 0.2])):
        p = W.Participant(k, "ABCDEF", f"P{k}", "r", "o", None)
        subs.append(W.Submission(p, 1, "points", {}, dict(zip(ids, w)), None))
    agg = W.aggregate(subs, ids)
    pr = presenter_for("en", criteria=ds.criteria, groups=ds.groups)
    spec = spread_chart.group_spread(agg, pr, {c.id: c.group for c in ds.criteria})
    assert spec.categories == tuple(pr.criterion(c) for c in ids)
    assert spec.series[0].values == pytest.approx((0.2, 0.3, 0.1))
    assert spec.series[1].values == pytest.approx((0.4, 0.1, 0.3))
    assert spec.series[2].values == pytest.approx(tuple(agg.arithmetic))
    assert spread_chart.widest(spec) == (0, 1)
    with pytest.raises(ValueError):
        spread_chart.group_spread(agg.mean_only(), pr, {})


# ----------------------------------------------------------------------------- use the mean


def test_use_group_mean_asks_first_then_says_what_was_applied(db_env, ds):
    fac, code = _facilitator()
    _seed(db_env, code, ds, 3)
    fac.run()
    before = fac.session_state[state.K_INPUTS].weights
    fac.button(key="ws_use_btn").click().run()
    # nothing applied yet: a question naming the method and the number of people
    assert fac.session_state[state.K_INPUTS].weights == before
    question = t("page.workshop.use.confirm", "en", n=3, code=code)
    assert question in _texts(fac.warning)
    # cancel: still nothing applied, and the page says so
    fac.button(key="ws_use_cancel").click().run()
    assert fac.session_state[state.K_INPUTS].weights == before
    assert t("page.workshop.use.cancelled", "en") in _texts(fac.info)
    assert not [b for b in fac.button if b.key == "ws_use_confirm"]
    # ask again; a fourth person submits before the facilitator confirms: what was
    # asked (three people) is what is applied
    fac.button(key="ws_use_btn").click().run()
    ws = W.Workshop(open_database(db_env))
    _, token = ws.join(code, name="Late", role="Role", organisation="Org")
    ws.submit(token, "points", dict.fromkeys(ds.criterion_ids, 1.0), ds.criterion_ids)
    fac.button(key="ws_use_confirm").click().run()
    assert not fac.exception, fac.exception
    w = fac.session_state[state.K_INPUTS].weights
    assert w.method == "points" and w.inputs["from"] == "workshop" and w.inputs["participants"] == 3
    done = t("page.workshop.use.done", "en", n=3, code=code)
    undo = t("page.workshop.use.done_undo", "en", undo="Undo", page=t("page.weights.title", "en"))
    assert f"{done} {undo}" in _texts(fac.success)
    assert fac.session_state[state.K_UNDO][-1] == before  # the Weights page's Undo goes back to it
    assert state.K_REDO not in fac.session_state or not fac.session_state[state.K_REDO]
    # applying the same weights again changes nothing and says so (no Undo promised)
    fac.button(key="ws_use_btn").click().run()
    # the fourth person is in now: apply, then apply the same again
    fac.button(key="ws_use_confirm").click().run()
    fac.button(key="ws_use_btn").click().run()
    fac.button(key="ws_use_confirm").click().run()
    assert t("page.workshop.use.unchanged", "en") in _texts(fac.info)


def test_use_group_mean_without_submissions_says_so(db_env):
    fac, _ = _facilitator()
    fac.button(key="ws_use_btn").click().run()
    assert fac.error and not [b for b in fac.button if b.key == "ws_use_confirm"]


def test_undo_on_the_weights_page_takes_the_group_weights_back(db_env, ds, open_page):
    at = open_page("workshop")
    assert not at.exception, at.exception
    code = _open_session(at)
    _seed(db_env, code, ds, 3)
    at.run()
    before = at.session_state[state.K_INPUTS].weights
    at.button(key="ws_use_btn").click().run()
    at.button(key="ws_use_confirm").click().run()
    assert at.session_state[state.K_INPUTS].weights.inputs["from"] == "workshop"
    switch_to(at, "weights")
    assert not at.exception, at.exception
    at.button(key="weights_undo").click().run()
    assert not at.exception, at.exception
    assert at.session_state[state.K_INPUTS].weights == before


# ----------------------------------------------------------------------------- in a browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """One app server on its own SQLite file with the facilitator secret, and a browser."""
    from tests.ui.browser_support import CHROMIUM_MISSING, chromium_present, launch_browser, serve_app

    if not chromium_present():
        pytest.skip(CHROMIUM_MISSING)
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    url = f"sqlite:///{tmp_path_factory.mktemp('workshop_form') / 'store.sqlite'}"
    mp = pytest.MonkeyPatch()
    mp.setenv("PAIR_DATABASE_URL", url)
    mp.setenv("PAIR_FACILITATOR_SECRET", SECRET)
    try:
        with serve_app("streamlit-workshop-form.log") as base, launch_browser(sync_api) as browser:
            yield base, browser, url
    finally:
        mp.undo()
        close_all()


def _axe_failures(pg) -> list[str]:
    if not AXE.exists():
        return []
    pg.evaluate(
        "() => document.querySelectorAll('[data-testid=\"stExpander\"] details').forEach(d => { d.open = true; })"
    )
    pg.wait_for_timeout(400)
    if not pg.evaluate("() => typeof window.axe !== 'undefined'"):
        pg.add_script_tag(path=str(AXE))
    res = pg.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{pg.url} {v['id']} ({v['impact']}) at {n.get('target')}: {n.get('html', '')[:300]}"
        for v in res["violations"]
        if v.get("impact") in ("serious", "critical")
        for n in v["nodes"]
    ]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_workshop_tools_in_a_browser(live, ds, lang):
    """Facilitator: the spread chart draws once five people have submitted, "use the
    group's mean" asks and then confirms; participant: the 0-20 sliders under group
    headings. axe finds no serious or critical violation in either view."""
    from tests.ui.browser_support import no_exception, wait_ready

    base, browser, url = live
    fac_ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    p_ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    try:
        fac = fac_ctx.new_page()
        fac.set_default_timeout(30_000)
        fac.goto(f"{base}/workshop?lang={lang}")
        wait_ready(fac, timeout=90_000)
        fac.get_by_test_id("stRadioGroup").first.get_by_text(
            t("page.workshop.role.facilitator", lang), exact=True
        ).click()
        fac.get_by_label(t("page.workshop.fac_secret", lang)).fill(SECRET)
        fac.get_by_role("button", name=t("page.workshop.fac_unlock", lang)).click()
        fac.get_by_label(t("page.workshop.session_title", lang)).fill(f"Browser {lang}")
        fac.get_by_label(t("page.workshop.facilitator_name", lang)).fill("Fay")
        fac.get_by_role("button", name=t("page.workshop.open_button", lang)).click()
        fac.get_by_text(t("page.workshop.no_submissions", lang)).wait_for()
        ws = W.Workshop(open_database(url))
        code = ws.sessions(secret=SECRET, configured_secret=SECRET)[0].code
        _seed(url, code, ds, W.MIN_GROUP_SPREAD)
        chart = fac.get_by_test_id("stPlotlyChart").first
        chart.wait_for(timeout=30_000)
        fac.wait_for_function(
            "() => document.querySelector('[data-testid=stPlotlyChart] .main-svg') !== null", timeout=30_000
        )
        no_exception(fac)
        # one floating bar per criterion (the invisible start segments are drawn too)
        assert chart.locator("g.trace.bars g.point").count() == 2 * len(ds.criterion_ids)
        failures = _axe_failures(fac)
        fac.get_by_role("button", name=t("page.workshop.use_button", lang)).click()
        fac.get_by_role("button", name=t("page.workshop.use.confirm_button", lang)).click()
        fac.get_by_text(t("page.workshop.use.done", lang, n=W.MIN_GROUP_SPREAD, code=code)[:40]).wait_for()
        no_exception(fac)

        pg = p_ctx.new_page()
        pg.set_default_timeout(30_000)
        pg.goto(f"{base}/workshop?lang={lang}&code={code}")
        wait_ready(pg, timeout=90_000)
        pg.get_by_label(t("page.workshop.your_name", lang)).fill("Phone person")
        pg.get_by_label(t("page.workshop.your_role", lang)).fill("Nurse")
        pg.get_by_label(t("page.workshop.your_org", lang)).fill("HB")
        pg.get_by_role("button", name=t("page.workshop.join_button", lang), exact=True).click()
        pg.get_by_role("heading", name=t("page.workshop.form.title", lang)).wait_for()
        first = pg.get_by_test_id("stMain").get_by_test_id("stSlider").first.get_by_role("slider")
        assert (first.get_attribute("max"), first.get_attribute("step")) == ("20", "0.5")
        assert first.get_attribute("aria-valuetext") == "5.0"
        heads = [h.strip() for h in pg.locator("h3").all_inner_texts()]
        groups = [localised(g, "name", lang) for g in ds.groups]
        assert [h.split(" · ")[0] for h in heads if h.split(" · ")[0] in groups] == groups
        no_exception(pg)
        failures += _axe_failures(pg)
        assert not failures, "axe serious/critical violations:\n" + "\n".join(failures)
    finally:
        fac_ctx.close()
        p_ctx.close()
