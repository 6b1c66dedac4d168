"""Overview: the seven regions side by side (births, need, provision, gap, preferred
option and how clear its lead is) with a schematic picture of Wales."""

from __future__ import annotations

import functools

import streamlit as st

from appraisal.charts.wales import RegionPoint, layout, wales_schematic
from appraisal.i18n import localised
from appraisal.ui import engine, shell, state, widgets
from appraisal.ui.html_table import HtmlColumn, html_table
from appraisal.ui.state import tr

PAGE = {"key": "overview", "title_key": "page.overview.title", "icon": ":material/map:", "order": 10}

#: The "start here" path: steps on this page (the region is chosen in the sidebar, the
#: need is shown here), then one link per step to the page that does it.
START_HERE_TEXT = ("region", "need")
START_HERE_PAGES = (
    ("weights", "weights"),
    ("results", "results"),
    ("robustness", "robustness"),
    ("economics", "economics"),
    ("save", "scenarios"),
    ("report", "report"),
)


def region_rows() -> list[dict]:
    """One row per region: what the overview table and schematic show, read from the
    run's results (need and gap from the economics' need model, lead and SMAA from the
    ranking): nothing is worked out here."""
    lg = state.lang()
    p = widgets.presenter()
    rows = []
    for res in engine.results():
        reg = res.region
        need = res.need
        rows.append(
            {
                "id": reg.id,
                "region": localised(reg, "name", lg),
                "births": need.births,
                "births_status": widgets.status_label(reg.births.status),
                "need": need.prevalence,
                "need_status": widgets.status_label(reg.need_prevalence.status),
                "in_need": need.babies_in_need,
                "served": need.served,
                "provision": reg.provision.team or tr("ui.provision.none"),
                "stage": reg.provision.stage,
                "stage_label": tr(f"ui.stage.{reg.provision.stage}"),
                "coverage": need.coverage_share,
                "coverage_status": widgets.status_label(reg.provision.coverage_share.status),
                "gap": need.gap,
                "preferred": p.winners(res.winners),
                "margin": res.margin,
                "lead": p.lead(res.lead),
                "sure": res.acceptability,
                "samples": res.smaa.samples,
                "edited": res.edited,
            }
        )
    # in the order of the names as shown (the ids follow the English names)
    return sorted(rows, key=lambda r: r["region"].casefold())


def _sources_table() -> str:
    """Where each regional figure comes from: one row per region and figure."""
    ds = state.dataset()
    lg = state.lang()
    rows = []
    for reg in sorted(ds.regions, key=lambda r: localised(r, "name", lg).casefold()):
        name = localised(reg, "name", lg)
        for label, q, shown in (
            (tr("ui.col.births"), reg.births, widgets.fmt_int(reg.births.value) if reg.births.value else ""),
            (tr("ui.col.need"), reg.need_prevalence, widgets.fmt_pct(reg.need_prevalence.value)),
            (
                tr("ui.col.coverage"),
                reg.provision.coverage_share,
                widgets.fmt_pct(reg.provision.coverage_share.value),
            ),
        ):
            rows.append(
                {
                    "region": name,
                    "figure": label,
                    "value": shown,
                    "year": str(q.year or ""),
                    "status": widgets.status_label(q.status),
                    "source": q.source + (f" ({q.note})" if q.note else ""),
                }
            )
    return html_table(
        rows,
        [
            HtmlColumn("region", tr("ui.col.region")),
            HtmlColumn("figure", tr("ui.col.figure"), min_rem=6),
            HtmlColumn("value", tr("ui.col.value"), numeric=True),
            HtmlColumn("year", tr("ui.col.year"), numeric=True),
            HtmlColumn("status", tr("ui.col.status")),
            HtmlColumn("source", tr("ui.col.source"), min_rem=18),
        ],
        label=tr("ui.sources.title"),
    )


def _map_table(rows: list[dict]) -> str:
    """The schematic's table equivalent: what each bubble shows (size, colour/shape, label)."""
    return html_table(
        [
            {
                "region": r["region"],
                "births": widgets.fmt_int(r["births"]),
                "stage": r["stage_label"],
                "provision": r["provision"],
                "coverage": widgets.fmt_pct(r["coverage"]),
            }
            for r in rows
        ],
        [
            HtmlColumn("region", tr("ui.col.region")),
            HtmlColumn("births", tr("ui.col.births"), numeric=True),
            HtmlColumn("stage", tr("ui.col.stage")),
            HtmlColumn("provision", tr("ui.col.provision"), min_rem=10),
            HtmlColumn("coverage", tr("ui.col.coverage"), numeric=True),
        ],
        label=tr("page.overview.map_title"),
    )


def status_summary() -> str:
    """One sentence on the status of the regional figures (details in 'sources')."""
    ds = state.dataset()
    parts = []
    for label, get in (
        (tr("ui.col.births_short"), lambda r: r.births.status),
        (tr("ui.col.need_short"), lambda r: r.need_prevalence.status),
        (tr("ui.col.coverage_short"), lambda r: r.provision.coverage_share.status),
    ):
        counts: dict[str, int] = {}
        for reg in ds.regions:
            counts[get(reg)] = counts.get(get(reg), 0) + 1
        parts.append(
            tr(
                "page.overview.status_part",
                figure=label,
                statuses=", ".join(
                    f"{widgets.status_label(k).lower()} {v}" for k, v in sorted(counts.items())
                ),
            )
        )
    return tr("page.overview.status_summary", parts="; ".join(parts))


def start_here() -> None:
    """A numbered first path through the app, each later step a link to its page.

    ``st.page_link`` moves to the page in the same session (a Markdown link would open a
    new one, without the user's weights). A page that failed to load gets no link."""
    specs = {s.key: s for s in shell.discover_pages() if not s.error}
    with st.expander(tr("page.overview.start.title"), expanded=True, icon=":material/flag:"):
        st.markdown(tr("page.overview.start.intro"))
        st.markdown("\n".join(tr(f"page.overview.start.{step}") for step in START_HERE_TEXT))
        for step, key in START_HERE_PAGES:
            spec = specs.get(key)
            if spec is None:
                continue
            title = tr(spec.title_key)
            page = st.Page(spec.render, title=title, url_path=spec.key, icon=spec.icon)
            st.page_link(page, label=tr(f"page.overview.start.{step}", page=title), icon=spec.icon)


@functools.lru_cache(maxsize=64)
def _map_html(points: tuple[RegionPoint, ...], lang: str, selected: str, alt: str) -> str:
    """The schematic for these points (cached on what it shows)."""
    return wales_schematic(points, lang, selected=selected, alt=alt)


def render() -> None:
    rows = region_rows()
    rid = state.region_id()
    sel = next(r for r in rows if r["id"] == rid)
    head = st.container()
    left, right = st.columns([2, 3], gap="large")
    # The schematic is drawn here, on the server, as SVG: the first page anyone opens
    # loads no chart library (a plotly chart costs a fresh browser about 1.5 s).
    with right:
        st.header(tr("page.overview.map_title"))
        pts = tuple(
            RegionPoint(
                r["id"],
                r["region"],
                r["births"],
                r["stage"],
                note=tr("page.overview.map_note", pct=widgets.fmt_pct(r["coverage"])),
            )
            for r in rows
        )
        # the caption says what the labels hold: the births line is dropped when the
        # full labels do not all fit (the longer Welsh notes)
        births_shown = layout(pts, state.lang(), rid).births_shown
        alt = tr("page.overview.map_alt" if births_shown else "page.overview.map_alt_no_births")
        widgets.picture(
            _map_html(pts, state.lang(), rid, alt),
            _map_table(rows),
            key="overview_map",
            alt=alt,
        )
    total_births = sum(r["births"] for r in rows)
    total_gap = sum(r["gap"] for r in rows)
    with head:
        widgets.intro("overview")
        start_here()
        c1, c2, c3 = st.columns(3)
        c1.metric(tr("ui.metric.births_wales"), widgets.fmt_int(total_births), border=True)
        c2.metric(
            tr("ui.metric.in_need_wales"), widgets.fmt_int(sum(r["in_need"] for r in rows)), border=True
        )
        c3.metric(tr("ui.metric.gap_wales"), widgets.fmt_int(total_gap), border=True)
        st.caption(tr("page.overview.metrics_note"))

    ds = state.dataset()
    reg = ds.region(rid)
    with left:
        st.header(tr("page.overview.selected", region=sel["region"]))
        st.markdown(
            tr(
                "page.overview.selected_text",
                option=sel["preferred"],
                margin=widgets.fmt_num(sel["margin"]),
                lead=sel["lead"].lower(),
            )
        )
        st.markdown(
            tr(
                widgets.sure_line_key(),
                option=sel["preferred"],
                pct=widgets.fmt_pct(sel["sure"]),
                n=widgets.fmt_int(sel["samples"]),
                spread=f"{100 * state.inputs().smaa_spread:.0f}",
            )
        )
        st.markdown(
            tr("page.overview.births_line", n=widgets.fmt_int(sel["births"]), year=reg.births.year or "")
        )
        widgets.provenance(reg.births)
        st.markdown(
            tr(
                "page.overview.need_line",
                pct=widgets.fmt_pct(sel["need"]),
                n=widgets.fmt_int(sel["in_need"]),
                low=widgets.fmt_pct(reg.need_prevalence.low),
                high=widgets.fmt_pct(reg.need_prevalence.high),
            )
        )
        widgets.provenance(reg.need_prevalence)
        st.markdown(
            tr(
                "page.overview.provision_line",
                team=sel["provision"],
                stage=sel["stage_label"].lower(),
                pct=widgets.fmt_pct(sel["coverage"]),
                served=widgets.fmt_int(sel["served"]),
                gap=widgets.fmt_int(sel["gap"]),
            )
        )
        widgets.provenance(reg.provision.coverage_share)

    st.header(tr("page.overview.table_title"))
    widgets.static_table(
        [
            {
                "region": r["region"],
                "preferred": r["preferred"],
                "lead": f"{widgets.fmt_num(r['margin'])} ({r['lead'].lower()})",
                "sure": widgets.fmt_pct(r["sure"]),
                "births": widgets.fmt_int(r["births"]),
                "in_need": widgets.fmt_int(r["in_need"]),
                "provision": r["provision"],
                "coverage": widgets.fmt_pct(r["coverage"]),
                "gap": widgets.fmt_int(r["gap"]),
            }
            for r in rows
        ],
        [
            HtmlColumn("region", tr("ui.col.region")),
            HtmlColumn("preferred", tr("ui.col.preferred"), min_rem=8),
            HtmlColumn("lead", tr("ui.col.margin"), help=tr("ui.help.margin"), min_rem=6),
            HtmlColumn("sure", tr("ui.col.sure"), help=tr("ui.help.sure"), numeric=True),
            HtmlColumn("births", tr("ui.col.births_short"), help=tr("ui.help.births"), numeric=True),
            HtmlColumn("in_need", tr("ui.col.in_need_short"), help=tr("ui.help.in_need"), numeric=True),
            HtmlColumn("provision", tr("ui.col.provision"), min_rem=10),
            HtmlColumn("coverage", tr("ui.col.coverage_short"), help=tr("ui.help.coverage"), numeric=True),
            HtmlColumn("gap", tr("ui.col.gap_short"), help=tr("ui.help.gap"), numeric=True),
        ],
        label=tr("page.overview.table_title"),
    )
    st.caption(status_summary())
    st.caption(tr("page.overview.table_note"))
    with st.expander(tr("ui.sources.title"), icon=":material/menu_book:"):
        st.caption(tr("ui.sources.help"))
        st.markdown(_sources_table(), unsafe_allow_html=True)
