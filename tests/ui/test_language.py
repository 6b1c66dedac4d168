"""AppTest: the language toggle, the default language, Welsh data names, the Welsh
review notice and language-aware formatting (issue 8, app side)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from appraisal.data import load_dataset
from appraisal.i18n import t
from appraisal.i18n.formatting import format_money
from appraisal.ui import language, state
from appraisal.ui.pages import economics as econ
from appraisal.ui.shell import discover_pages
from tests.ui.conftest import inputs, points_view, problems, switch_to

DS = load_dataset()
PAGES = discover_pages()


def _editor_key(region: str, crit: str, version: int = 0) -> str:
    return f"w_scores_editor_{region}_{crit}_{version}"


# ----------------------------------------------------------------------------- toggle


def test_switching_language_keeps_everything_the_user_entered(open_page) -> None:
    crit = DS.criterion_ids[0]
    at = open_page("weights", {"region": "gwent", "lang": "en"})
    points_view(at)
    at.slider(key=state.W_POINTS + "equitable_coverage").set_value(20.0).run()
    switch_to(at, "scores")
    at.session_state[_editor_key("gwent", crit)] = {
        "edited_rows": {0: {"score": 3}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    switch_to(at, "economics")
    at.slider(key=econ.W_PREFIX + "coverage").set_value(60).run()
    at.segmented_control(key=econ.W_PREFIX + "mode").set_value("per_child_supported").run()
    at.selectbox(key=econ.W_PREFIX + "heckman").set_value("fitted").run()
    at.sidebar.selectbox(key=state.W_REGION).set_value("powys").run()
    assert not problems(at), problems(at)

    def kept(lang: str) -> None:
        assert not problems(at), problems(at)
        assert at.session_state[state.K_LANG] == lang
        assert at.query_params["lang"] == lang
        assert at.title[0].value == t("page.economics.title", lang)
        assert at.sidebar.segmented_control(key=state.W_LANG).value == lang
        assert at.sidebar.selectbox(key=state.W_REGION).value == "powys"
        assert at.query_params["region"] == "powys"
        assert dict(inputs(at).weights.points)["equitable_coverage"] == 20.0
        assert "equitable_coverage:20" in at.query_params["w"]
        assert inputs(at).edits_for("gwent") == {(DS.option_ids[0], crit): 3.0}
        assert at.slider(key=econ.W_PREFIX + "coverage").value == 60
        assert at.segmented_control(key=econ.W_PREFIX + "mode").value == "per_child_supported"
        assert at.selectbox(key=econ.W_PREFIX + "heckman").value == "fitted"
        assert inputs(at).economics.benefit_view == "per_child_supported"
        assert inputs(at).economics.coverage == 0.6

    at.sidebar.segmented_control(key=state.W_LANG).set_value("cy").run()
    kept("cy")
    # the weight slider itself still shows the user's value on another page, in Welsh
    switch_to(at, "weights")
    assert at.title[0].value == t("page.weights.title", "cy")
    assert at.slider(key=state.W_POINTS + "equitable_coverage").value == 20.0
    switch_to(at, "economics")
    at.sidebar.segmented_control(key=state.W_LANG).set_value("en").run()
    kept("en")


@pytest.mark.parametrize(
    "locale, query, expect",
    [
        ("cy-GB", {}, "cy"),
        ("cy", {}, "cy"),
        ("en-GB", {}, "en"),
        ("fr-FR", {}, "en"),
        (None, {}, "en"),
        ("cy-GB", {"lang": "en"}, "en"),  # the link wins over the browser
        ("en-US", {"lang": "cy"}, "cy"),
    ],
)
def test_default_language_follows_link_then_browser(open_page, locale, query, expect) -> None:
    at = open_page("overview", query, locale=locale)
    assert not problems(at), problems(at)
    assert at.session_state[state.K_LANG] == expect
    assert at.title[0].value == t("page.overview.title", expect)
    assert at.query_params["lang"] == expect  # always in the link once known


# ----------------------------------------------------------------------------- review notice


def test_welsh_pages_say_whether_the_welsh_is_reviewed(open_page) -> None:
    """The notice follows the review status of the files (today: awaiting review)."""
    status = language.welsh_review_status(DS.data_dir)
    for page in ("overview", "report"):
        at = open_page(page, {"lang": "cy"})
        warnings = [w.value for w in at.sidebar.warning]
        successes = [s.value for s in at.sidebar.success]
        if status == "reviewed":
            assert t("a11y.review.reviewed", "cy") in successes
        else:
            assert t("a11y.review.awaiting", "cy") in warnings, warnings
            assert t("a11y.review.reviewed", "cy") not in successes
    en = open_page("overview", {"lang": "en"})
    shown = [w.value for w in en.sidebar.warning] + [s.value for s in en.sidebar.success]
    assert not {
        t(k, lg) for k in ("a11y.review.awaiting", "a11y.review.reviewed") for lg in ("en", "cy")
    } & set(shown)


def _review_files(tmp_path: Path, data_status: str, reviewer: str | None) -> Path:
    (tmp_path / "criteria").mkdir()
    (tmp_path / "regions").mkdir()
    review = {"status": data_status, **({"reviewed_by": reviewer} if reviewer else {})}
    for p in (tmp_path / "criteria" / "criteria.yaml", tmp_path / "regions" / "gwent.yaml"):
        p.write_text(json.dumps({"welsh_review": review}), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "data_status, reviewer, catalogue, expect",
    [
        ("reviewed", "A. Swyddog", "reviewed", "reviewed"),
        ("reviewed", None, "reviewed", "awaiting_review"),  # no reviewer named
        ("awaiting_review", None, "reviewed", "awaiting_review"),
        ("reviewed", "A. Swyddog", "awaiting_review", "awaiting_review"),
    ],
)
def test_review_status_is_never_claimed_without_a_reviewer(
    tmp_path, monkeypatch, data_status, reviewer, catalogue, expect
) -> None:
    monkeypatch.setattr(language, "review_status", lambda lang: catalogue)
    language._REVIEW_CACHE.clear()
    assert language.welsh_review_status(_review_files(tmp_path, data_status, reviewer)) == expect
    language._REVIEW_CACHE.clear()


def test_page_language_script_only_sets_a_fixed_code() -> None:
    assert "documentElement.lang = 'cy'" in language.page_lang_script("cy")
    assert "documentElement.lang = 'en'" in language.page_lang_script("en")
    bad = language.page_lang_script("'; alert(1); '")
    assert "alert" not in bad and "documentElement.lang = 'en'" in bad


# ----------------------------------------------------------------------------- data in Welsh


def _strings(obj, out: list[str]) -> None:
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _strings(k, out)
            _strings(v, out)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            _strings(v, out)


def _proto_strings(msg: Message, out: list[str]) -> None:
    """Every string a page sends to the browser: labels, help, markdown, table cells
    (Arrow), chart specs (plotly JSON: axis titles, legends, hover and bar text)."""
    for fd, val in msg.ListFields():
        many = hasattr(val, "__len__") and not isinstance(val, (str, bytes, Message))
        for v in list(val) if many else [val]:
            if isinstance(v, Message):
                _proto_strings(v, out)
            elif isinstance(v, str):
                if fd.name == "spec":
                    try:
                        _strings(json.loads(v), out)
                        continue
                    except ValueError:
                        pass
                out.append(v)
            elif isinstance(v, bytes) and fd.name == "data" and v:
                try:
                    df = pa.ipc.open_stream(v).read_pandas()
                except (pa.ArrowInvalid, OSError):
                    continue
                out.extend(map(str, df.columns))
                out.extend(str(x) for x in df.to_numpy().ravel())


def _page_text(at: AppTest) -> str:
    out: list[str] = []

    def walk(node) -> None:
        p = getattr(node, "proto", None)
        if isinstance(p, Message):
            _proto_strings(p, out)
        for ch in (getattr(node, "children", {}) or {}).values():
            walk(ch)

    walk(at._tree)  # noqa: SLF001 - no public API lists every element's proto
    return "\n".join(out)


def _english_only_data_text() -> list[str]:
    """Data text that has no Welsh field (sources, rationales, anchors, units, team names):
    shown in English on Welsh pages by design, and said so in the sidebar."""
    texts: set[str] = set()

    def q(x) -> None:
        if x is not None:
            texts.update(s for s in (x.source, x.note, x.unit) if s)

    for c in DS.criteria:
        q(c.weight)
        texts.update((c.unit, c.value_function.low.meaning, c.value_function.high.meaning))
    for r in DS.regions:
        for x in (r.births, r.need_prevalence, r.provision.coverage_share, r.rurality):
            q(x)
        texts.update((r.provision.team, r.provision.coverage, r.provision.source))
        for la in r.local_authorities:
            q(la.births)
        for s in r.overrides:
            texts.update((s.rationale, s.evidence))
    for s in DS.baseline:
        texts.update((s.rationale, s.evidence))
    return sorted((x for x in texts if x), key=len, reverse=True)


def _english_names() -> dict[str, str]:
    """English data names and descriptions that have a different Welsh version."""
    out = {}
    for coll in (DS.options, DS.criteria, DS.groups, DS.regions):
        for o in coll:
            for attr in ("name", "description", "health_board", "host"):
                en, cy = getattr(o, attr, ""), getattr(o, f"{attr}_cy", "")
                if en and cy and en != cy:
                    out[en] = f"{type(o).__name__} {o.id}.{attr}"
    # the scales' anchors and described levels (Scores page, swing texts on the Weights page)
    for c in DS.criteria:
        vf = c.value_function
        for end in ("low", "high"):
            a = getattr(vf, end)
            if a.meaning and a.meaning_cy and a.meaning != a.meaning_cy:
                out[a.meaning] = f"Criterion {c.id}.value_function.{end}.meaning"
        for k, lv in enumerate(vf.levels or ()):
            for attr in ("name", "description"):
                en, cy = getattr(lv, attr), getattr(lv, f"{attr}_cy")
                if en and cy and en != cy and len(en) > 12:  # short level names may coincide
                    out[en] = f"Criterion {c.id}.levels[{k}].{attr}"
    return out


def test_welsh_pages_show_welsh_data_names_everywhere(open_page) -> None:
    """No English option, criterion, group or region name (or description) on any Welsh
    page: text, widgets, tables or charts (English-only evidence text excepted)."""
    names = _english_names()
    allowed = _english_only_data_text()
    at = open_page("overview", {"lang": "cy", "region": "gwent"})
    leaks = {}
    for spec in PAGES:
        switch_to(at, spec.key)
        assert not problems(at), (spec.key, problems(at))
        text = _page_text(at)
        for s in allowed:
            text = text.replace(s, " ")
        found = sorted(f"{what}: {en!r}" for en, what in names.items() if re.search(re.escape(en), text))
        if found:
            leaks[spec.key] = found
    assert not leaks, leaks


# ----------------------------------------------------------------------------- formatting


def test_money_columns_read_as_format_money_in_both_languages() -> None:
    """Money in tables is text written by ``format_money`` (a printf pattern in the
    browser could only put the sign after the '£': '£-1,083,734'), right-aligned."""
    import pandas as pd

    from appraisal.ui import widgets

    df = pd.DataFrame({"option": ["a", "b", "c", "d"], "npsv": [-1083734.2, 1234567.4, None, -0.4]})
    for lang in ("en", "cy"):
        out = widgets.money_cells(df, ["npsv", "not a column"], language=lang)
        assert list(out["npsv"]) == ["-£1,083,734", "£1,234,567", None, "£0"]
        assert list(out["option"]) == ["a", "b", "c", "d"]
        for v in (0, 7, 1234, 1234567.4, 987654321, -1083734):
            cell = widgets.money_cells(pd.DataFrame({"x": [v]}), ["x"], language=lang)["x"][0]
            assert cell == format_money(v, lang)
    assert list(df["npsv"])[0] == -1083734.2  # the caller's table is left as it was
    col = widgets.money_column(label="NPSV")
    assert col["alignment"] == "right" and col["type_config"]["type"] == "text"


def _formatting_app(lang: str) -> None:  # runs inside AppTest: imports are local
    import datetime as dt

    import streamlit as st

    from appraisal.ui import state, widgets

    state.set_lang(lang)
    st.text(widgets.fmt_date(dt.datetime(2026, 3, 2, 14, 5), with_time=True))
    st.text(widgets.fmt_int(26944))
    st.text(widgets.fmt_pct(0.153, 1))
    st.text(widgets.fmt_money(1234567))


@pytest.mark.parametrize(
    "lang, expect",
    [
        ("cy", ["2 Mawrth 2026 14:05", "26,944", "15.3%", "£1,234,567"]),
        ("en", ["2 March 2026 14:05", "26,944", "15.3%", "£1,234,567"]),
    ],
)
def test_dates_numbers_and_money_follow_the_language(lang, expect) -> None:
    at = AppTest.from_function(_formatting_app, kwargs={"lang": lang}, default_timeout=30).run()
    assert [x.value for x in at.text] == expect


def test_welsh_overview_numbers_are_grouped(open_page) -> None:
    at = open_page("overview", {"lang": "cy", "region": "gwent"})
    births = sum(r.births.value or 0 for r in DS.regions)
    assert any(m.value == f"{births:,.0f}" for m in at.metric), [m.value for m in at.metric]


def test_welsh_scores_page_shows_welsh_scale_anchors(open_page) -> None:
    """A natural scale's worst and best (time to service, in months) read in Welsh on a
    Welsh page, from the data's ``worst_cy``/``best_cy``; the English stays off the page."""
    from appraisal.ui.pages import scores as scores_page

    crit = next(c for c in DS.criteria if not c.value_function.constructed)
    at = open_page("scores", {"lang": "cy", "region": "gwent"})
    at.selectbox(key=scores_page.W_CRIT).set_value(crit.id).run()
    assert not problems(at), problems(at)
    text = " ".join(m.value for m in at.markdown)
    low, high = crit.value_function.low, crit.value_function.high
    assert low.meaning_cy and high.meaning_cy
    assert state.md(low.meaning_cy) in text and state.md(high.meaning_cy) in text  # escaped
    assert state.md(low.meaning) not in text and state.md(high.meaning) not in text
