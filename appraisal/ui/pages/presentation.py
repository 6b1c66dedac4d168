"""Presentation: the appraisal of the region chosen in the sidebar as slides for a
meeting room or a projector, one chart a screen in large type.

Seven slides: the question and the answer; the ranking; what makes up each total; the
weights; how sure (SMAA first-rank acceptability); the economic case; the need gap.
Previous and Next move between them (keyboard: the arrow keys, and Page Down / Page Up
as presentation clickers send, through two further buttons that are not shown); a
picker jumps to any slide. Everything is read from the session's appraisal
(``engine.region()`` / ``engine.results()``) and drawn with the charts the other pages
use; nothing is computed here. The large type is a style block scoped to this page's
container (no other page changes), and the charts are enlarged here, after they are
built (``enlarged``), so the shared chart modules stay as they are.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from appraisal.charts import economics as ce
from appraisal.charts import style as S
from appraisal.charts.mcda import contributions_bar, ranking_bar, weights_bar
from appraisal.charts.robustness import rank_acceptability_chart
from appraisal.economics.labels import mode_label
from appraisal.i18n import localised
from appraisal.ui import engine, state, widgets
from appraisal.ui.pages.results import contributions_table, ranking_rows
from appraisal.ui.pages.robustness import smaa_table
from appraisal.ui.state import tr

PAGE = {
    "key": "presentation",
    "title_key": "page.presentation.title",
    "icon": ":material/co_present:",
    "order": 85,  # after Report (80), before the Glossary (90)
}

SLIDES = ("answer", "ranking", "contributions", "weights", "robustness", "economics", "need")
K_SLIDE, W_SLIDE = "presentation_slide", "w_presentation_slide"
K_SIZE, W_SIZE = "presentation_size", "w_presentation_size"
#: Moves made with the controls (a count): the run after a move brings the slide into view.
K_MOVES, K_MOVED = "_presentation_moves", "_presentation_moved"
#: The container every slide is drawn in: the style block is scoped to its key.
BOX = "presentation"
#: The Page Down / Page Up buttons: in a container that is not shown (``display:none``
#: keeps them out of sight, of the tab order and of the accessibility tree, while their
#: keyboard shortcuts still work).
CLICKER = "presentation_clicker"
#: Text sizes: (chart scale, body text, slide heading, metric value), in rem of the
#: app's 18 px base font. Charts are laid out for a 360 px phone container at scale 1.
SIZES: dict[str, tuple[float, float, float, float]] = {
    "standard": (1.0, 1.2, 2.0, 1.8),
    "large": (1.25, 1.5, 2.5, 2.3),
    "largest": (1.5, 1.85, 3.0, 2.8),
}
DEFAULT_SIZE = "large"
#: The Economics page's option choice (``pages/economics.py``: ``K_OPTION``).
ECON_OPTION = "econ_option"


# ----------------------------------------------------------------------------- state


def current() -> str:
    """The slide on show (its id)."""
    s = st.session_state.get(K_SLIDE)
    return s if s in SLIDES else SLIDES[0]


def go_to(slide: str) -> None:
    if slide in SLIDES:
        if slide != current():
            st.session_state[K_MOVES] = int(st.session_state.get(K_MOVES, 0)) + 1
            st.session_state[K_MOVED] = True
        st.session_state[K_SLIDE] = slide
        st.session_state[W_SLIDE] = slide


def step(delta: int) -> None:
    i = SLIDES.index(current()) + delta
    go_to(SLIDES[max(0, min(len(SLIDES) - 1, i))])


def _on_pick() -> None:
    go_to(st.session_state.get(W_SLIDE, SLIDES[0]))


def size() -> str:
    s = st.session_state.get(K_SIZE)
    return s if s in SIZES else DEFAULT_SIZE


def _on_size() -> None:
    s = st.session_state.get(W_SIZE)
    if s in SIZES:
        st.session_state[K_SIZE] = s


def slide_title(slide: str) -> str:
    return tr(f"page.presentation.slide.{slide}")


# ----------------------------------------------------------------------------- large type


def style(size_name: str) -> str:
    """The page's large type: a style-only block (Streamlit puts it in its event
    container: no layout, no script), every rule under this page's container key."""
    _, text, heading, metric = SIZES[size_name]
    box = f".st-key-{BOX}"
    return (
        "<style>"
        f"{box} [data-testid='stMarkdownContainer'] p,{box} [data-testid='stMarkdownContainer'] li"
        f"{{font-size:{text}rem;line-height:1.4;}}"
        f"{box} [data-testid='stHeading'] h2{{font-size:{heading}rem;line-height:1.2;}}"
        f"{box} [data-testid='stHeading'] h3{{font-size:{max(1.25, heading * 0.6):.2f}rem;line-height:1.25;}}"
        f"{box} [data-testid='stMetricValue']{{font-size:{metric}rem;line-height:1.15;"
        "white-space:normal;overflow-wrap:anywhere;}"
        # long option names (and Welsh labels) wrap in their boxes instead of being cut
        f"{box} [data-testid='stMetricValue'] .stMarkdownEllipsis,{box} [data-testid='stMetricValue'] p,"
        f"{box} [data-testid='stMetricLabel'] .stMarkdownEllipsis,{box} [data-testid='stMetricLabel'] p"
        "{white-space:normal !important;overflow:visible !important;text-overflow:clip !important;}"
        f"{box} [data-testid='stMetricValue'] p{{font-size:inherit;line-height:inherit;}}"
        f"{box} [data-testid='stMetricLabel'] p{{font-size:{max(1.0, text * 0.8):.2f}rem;}}"
        f"{box} [data-testid='stCaptionContainer'] p{{font-size:{max(1.0, text * 0.7):.2f}rem;}}"
        # the buttons' shortcut hints (← →) in the label's colour: Streamlit draws them
        # at 60% opacity, about 1.7:1 on white and 3.7:1 on the primary blue
        f"{box} button kbd{{opacity:1;color:inherit;}}"
        f".st-key-{CLICKER}{{display:none;}}"
        # under Streamlit's header when scrolled into view after a move
        f"{box}{{scroll-margin-top:4.5rem;}}"
        "</style>"
    )


#: Pixel lengths of a figure laid out by ``appraisal.charts.plotly_render`` (besides
#: font sizes, margins and the height), scaled with its text.
_PX = ("yshift", "xshift", "standoff", "ticklabelstandoff", "tracegroupgap")
_FONTS = ("font", "tickfont", "textfont", "insidetextfont", "outsidetextfont")


def _scale(node: Any, k: float) -> None:
    """Scale every font size and pixel length in a figure's dict, in place."""
    if isinstance(node, list):
        for item in node:
            _scale(item, k)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in _FONTS and isinstance(value, dict) and isinstance(value.get("size"), (int, float)):
            value["size"] = value["size"] * k
        elif key in _PX and isinstance(value, (int, float)) and not isinstance(value, bool):
            node[key] = value * k
        elif key == "marker" and isinstance(value, dict):
            sz = value.get("size")
            if isinstance(sz, (int, float)):
                value["size"] = sz * k
            elif isinstance(sz, (list, tuple)):
                value["size"] = [v * k for v in sz]
        elif key == "pad" and isinstance(value, dict):
            node[key] = {s: (v * k if isinstance(v, (int, float)) else v) for s, v in value.items()}
        _scale(value, k)


def enlarged(fig: go.Figure, k: float) -> tuple[go.Figure, str]:
    """A copy of ``fig`` with its text ``k`` times larger, and its title taken out.

    The height, margins and offsets are scaled with the text, so the layout the chart
    module worked out in pixels still holds. The charts set the size of each text
    themselves (tick, legend, bar and annotation fonts), so a larger ``layout.font``
    alone would change little: every size is scaled, the layout's font with them
    (``fig.update_layout``). A title is returned as text, for a heading that wraps to
    the column's width (a title inside the chart is wrapped for a phone at size 1 and
    would run out of it when larger); the room it took at the top is given back. The
    figure passed in is not changed (the chart functions may share it)."""
    d = fig.to_dict()
    layout = d.setdefault("layout", {})
    title = ""
    t = layout.get("title")
    if isinstance(t, dict) and t.get("text"):
        raw = str(t["text"])
        title = html.unescape(raw.replace("<br>", " "))
        lines = raw.count("<br>") + 1
        room = lines * S.line_px(S.TITLE) + 18  # what plotly_render.figure_dict gave it
        layout.pop("title")
        margin = layout.get("margin")
        if isinstance(margin, dict) and isinstance(margin.get("t"), (int, float)):
            top = max(12, math.ceil(margin["t"] - room))
            if isinstance(layout.get("height"), (int, float)):
                layout["height"] -= margin["t"] - top
            margin["t"] = top
    if k != 1:
        _scale(d.get("data", []), k)
        _scale(layout, k)
        if isinstance(layout.get("height"), (int, float)):
            layout["height"] = round(layout["height"] * k)
        margin = layout.get("margin")
        if isinstance(margin, dict):
            for side in ("l", "r", "t", "b"):
                if isinstance(margin.get(side), (int, float)):
                    margin[side] = round(margin[side] * k)
    out = go.Figure(data=d.get("data", []), layout=layout, _validate=False)
    base = fig.layout.template.layout.font.size if fig.layout.template else None
    out.update_layout(font={"size": (base or S.BASE) * k})
    return out, title


def scroll_script(moves: int, lang: str) -> str:
    """HTML for the srcdoc iframe that scrolls the page to the top of the slide after a
    move (Streamlit keeps the scroll offset from one run to the next, so a slide after
    a long chart would open part way down). Fixed text: the move count is an int."""
    code = "cy" if lang == "cy" else "en"
    return (
        "<!doctype html><html lang='" + code + "'><head><meta charset='utf-8'></head>"
        "<body style='margin:0'><script>"
        "try { const el = window.parent.document.querySelector('.st-key-" + BOX + "');"
        " if (el) { el.scrollIntoView({block: 'start'}); } } catch (e) {}"
        f"</script><!-- move {int(moves)} --></body></html>"
    )


def _keep_in_view() -> None:
    """After a move, bring the new slide's top (its controls) into view."""
    if not st.session_state.pop(K_MOVED, False):
        return
    st.iframe(
        scroll_script(int(st.session_state.get(K_MOVES, 0)), state.lang()),
        height="content",
        tab_index=-1,
        alt=tr("page.presentation.scroll_frame"),
    )


def _chart(fig: go.Figure, table: pd.DataFrame | None, *, key: str, alt: str, **kw: Any) -> None:
    """A slide's chart, enlarged for the text size, its title as a heading above it."""
    big, title = enlarged(fig, SIZES[size()][0])
    if title:
        st.subheader(state.md(title))
    widgets.chart(big, table, key=f"pres_{key}", alt=alt, **kw)


# ----------------------------------------------------------------------------- slides


def _answer(reg, rid: str) -> None:
    p = widgets.presenter()
    st.header(tr("page.presentation.question", region=widgets.region_name(rid)))
    with st.spinner(tr("page.robustness.working")):
        acc = widgets.fmt_pct(reg.acceptability)
    # two boxes a row (one on a phone): the names wrap in their boxes
    boxes = (
        ("first", p.winners(reg.winners)),
        ("runner_up", p.option(reg.runner_up or reg.winner)),
        ("lead", widgets.fmt_num(reg.margin)),
        ("sure", acc),
    )
    for pair in (boxes[:2], boxes[2:]):
        for col, (label, value) in zip(st.columns(2), pair):
            col.metric(tr(f"page.presentation.metric.{label}"), value, border=True, height="stretch")
    st.markdown(widgets.top_line(reg))
    st.markdown(widgets.sure_line(reg))
    st.markdown(
        tr(
            "page.presentation.verdict",
            lead=p.lead(reg.lead).lower(),
            verdict=p.verdict(reg.verdict).lower(),
        )
    )


def _ranking(reg, rid: str) -> None:
    res = reg.mcda
    text, chart = _two_columns()
    with text:
        st.header(slide_title("ranking"))
        st.markdown(widgets.results_summary(reg, rid))
    with chart:
        _chart(
            ranking_bar(res, state.lang()),
            ranking_rows(res),
            key="ranking",
            alt=tr("page.results.ranking_alt"),
        )


def _contributions(reg, rid: str) -> None:
    res = reg.mcda
    text, chart = _two_columns()
    with text:
        st.header(slide_title("contributions"))
        st.markdown(_contrib_text(res))
    with chart:
        _chart(
            contributions_bar(res, state.lang(), by="group"),
            contributions_table(res),
            key="contributions",
            alt=tr("page.results.contrib_alt"),
        )


def _contrib_text(res) -> str:
    """What adds most to the first option's total (its largest part in the chart)."""
    i = res.order[0]
    parts: dict[str, float] = {}
    for c, v in zip(res.problem.criteria, res.weighted[i]):
        parts[c.group] = parts.get(c.group, 0.0) + float(v)
    gid = max(parts, key=lambda g: parts[g])
    return tr(
        "page.presentation.contrib_line",
        option=widgets.option_name(res.problem.option_ids[i]),
        group=widgets.group_name(gid),
        points=widgets.fmt_num(parts[gid]),
        total=widgets.fmt_num(float(res.totals[i])),
    )


def _top_group(res) -> dict[str, str]:
    """The group of criteria holding the largest share of the weight (as the weights
    chart by group shows it)."""
    shares: dict[str, float] = {}
    for c, w in zip(res.problem.criteria, res.weights.values):
        shares[c.group] = shares.get(c.group, 0.0) + float(w)
    gid = max(shares, key=lambda g: shares[g])
    total = sum(shares.values()) or 1.0
    return {"group": widgets.group_name(gid), "pct": widgets.fmt_pct(shares[gid] / total)}


def _weights(reg, rid: str) -> None:
    res = reg.mcda
    lg = state.lang()
    text, chart = _two_columns()
    with text:
        st.header(slide_title("weights"))
        st.markdown(tr("page.presentation.weights_top", **_top_group(res)))
        st.markdown(
            tr("ui.weights.sidebar_default")
            if state.weights_are_default()
            else tr("page.results.custom_weights")
        )
        st.markdown(tr("page.weights.method_now", method=tr(f"ui.method.{state.weight_method()}")))
    table = pd.DataFrame(
        {
            tr("ui.col.criterion"): [localised(c, "name", lg) for c in res.problem.criteria],
            tr("ui.col.group"): [widgets.group_name(c.group) for c in res.problem.criteria],
            tr("ui.col.weight_pct"): [round(100 * float(v), 1) for v in res.weights.values],
        }
    )
    with chart:
        _chart(
            weights_bar(res, lg, by="group"), table, key="weights", alt=tr("page.presentation.weights_alt")
        )


def _robustness(reg, rid: str) -> None:
    text, chart = _two_columns()
    with st.spinner(tr("page.robustness.working")):
        smaa = reg.smaa
    with text:
        st.header(slide_title("robustness"))
        st.markdown(widgets.sure_line(reg))
        st.markdown(tr("page.robustness.smaa_how"))
    with chart:
        _chart(
            rank_acceptability_chart(smaa, state.lang()),
            smaa_table(reg),
            key="robustness",
            alt=tr("page.robustness.smaa_alt"),
        )


def _economics(reg, rid: str) -> None:
    lg = state.lang()
    text, chart = _two_columns()
    with text:
        st.header(slide_title("economics"))
    econ = reg.economics if engine.results().assumptions is not None else None
    if econ is None:
        with text:
            st.warning(tr("page.economics.unavailable", folder="assumptions/"))
        return
    ids = [o for o, r in zip(econ.option_ids, econ.roles) if r != "bau"]
    if not ids:
        with text:
            st.markdown(tr("page.presentation.econ_bau", option=widgets.option_name(reg.winner)))
        return
    chosen = st.session_state.get(ECON_OPTION)
    option = reg.winner if reg.winner in ids else (chosen if chosen in ids else ids[0])
    view = reg.benefit_view
    npsv, bcr = reg.npsv_bcr(option)
    with text:
        if reg.winner not in ids:
            st.markdown(tr("page.presentation.econ_bau", option=widgets.option_name(reg.winner)))
        st.markdown(
            tr(
                "page.presentation.econ_line",
                view=mode_label(view, lg, short=True),
                option=widgets.option_name(option),
                npsv=_nobreak(widgets.fmt_money(npsv)),
                bcr=widgets.fmt_num(bcr, 2),
            )
        )
    headers, rows = ce.cumulative_table(econ, view, lg, options=(option,))
    money = [h for h in headers if h != headers[0]]
    table = widgets.money_cells(pd.DataFrame(rows, columns=headers), money)
    with chart:
        _chart(
            ce.cumulative_chart(econ, view, lg, options=(option,)),
            table,
            key="economics",
            alt=tr("page.economics.cum_alt"),
            column_config={c: widgets.money_column() for c in money},
        )


def _nobreak(text: str) -> str:
    """A signed number kept on one line ('-£2,013,843' broke after its minus sign)."""
    return text.replace("-", "-\u2060")


def _need(reg, rid: str) -> None:
    lg = state.lang()
    nd = reg.need
    text, chart = _two_columns()
    with text:
        st.header(slide_title("need"))
        st.markdown(
            tr(
                "page.presentation.need_line",
                region=widgets.region_name(rid),
                in_need=widgets.fmt_int(nd.babies_in_need),
                served=widgets.fmt_int(nd.served),
                gap=widgets.fmt_int(nd.gap),
                share=widgets.fmt_pct(nd.gap_share),
            )
        )
    results = engine.results()
    econs = [r.economics for r in results] if results.assumptions is not None else []
    if not econs or any(e is None for e in econs):
        with text:
            st.warning(tr("page.economics.unavailable", folder="assumptions/"))
        return
    needs = [e.need for e in econs]
    regions = state.dataset().regions
    headers, rows = ce.blind_spot_table(needs, lg, regions=regions)
    with chart:
        _chart(
            ce.blind_spot_chart(needs, lg, regions=regions),
            pd.DataFrame(rows, columns=headers),
            key="need",
            alt=tr("page.presentation.need_alt"),
        )


def _two_columns():
    """Words on the left, the chart on the right (one column on a phone)."""
    return st.columns([2, 3], gap="medium")


DRAW: dict[str, Callable[[Any, str], None]] = {
    "answer": _answer,
    "ranking": _ranking,
    "contributions": _contributions,
    "weights": _weights,
    "robustness": _robustness,
    "economics": _economics,
    "need": _need,
}


# ----------------------------------------------------------------------------- page


def _controls(slide: str) -> None:
    k = SLIDES.index(slide)
    n = len(SLIDES)
    row = st.container(horizontal=True, vertical_alignment="center")
    row.button(
        tr("page.presentation.prev"),
        key="presentation_prev",
        icon=":material/arrow_back:",
        on_click=step,
        args=(-1,),
        disabled=k == 0,
        shortcut="Left",
        help=tr("page.presentation.prev_help"),
    )
    row.button(
        tr("page.presentation.next"),
        key="presentation_next",
        icon=":material/arrow_forward:",
        on_click=step,
        args=(1,),
        disabled=k == n - 1,
        shortcut="Right",
        help=tr("page.presentation.next_help"),
        type="primary",
    )
    row.markdown(f"**{tr('page.presentation.position', k=k + 1, n=n)}**", width="content")
    st.session_state[W_SLIDE] = slide
    labels = {
        s: tr("page.presentation.pick_item", k=i + 1, title=slide_title(s)) for i, s in enumerate(SLIDES)
    }
    with row:
        st.selectbox(
            tr("page.presentation.pick"),
            SLIDES,
            key=W_SLIDE,
            format_func=widgets.fixed_labels(SLIDES, labels.__getitem__),
            on_change=_on_pick,
            help=tr("page.presentation.pick_help"),
            width=340,
        )
    # what a presentation clicker sends: the same moves, on buttons that are not shown
    clicker = st.container(key=CLICKER)
    clicker.button(
        tr("page.presentation.prev"),
        key="presentation_prev_page",
        on_click=step,
        args=(-1,),
        disabled=k == 0,
        shortcut="PageUp",
    )
    clicker.button(
        tr("page.presentation.next"),
        key="presentation_next_page",
        on_click=step,
        args=(1,),
        disabled=k == n - 1,
        shortcut="PageDown",
    )


def _size_control() -> None:
    if st.session_state.get(W_SIZE) not in SIZES:
        st.session_state[W_SIZE] = size()
    names = tuple(SIZES)
    st.segmented_control(
        tr("page.presentation.size"),
        names,
        key=W_SIZE,
        format_func=widgets.fixed_labels(names, lambda s: tr(f"page.presentation.size.{s}")),
        on_change=_on_size,
        required=True,
        help=tr("page.presentation.size_help"),
    )


def render() -> None:
    widgets.intro("presentation")
    rid = state.region_id()
    reg = engine.region(rid)
    slide = current()
    st.html(style(size()))
    with st.container(key=BOX):
        _controls(slide)
        DRAW[slide](reg, rid)
    st.divider()
    _size_control()
    st.caption(tr("page.presentation.hint"))
    _keep_in_view()
