"""The app's frame: page config, links, sidebar (region chosen once), navigation.

Pages are discovered in ``appraisal/ui/pages/`` (see that package's docstring). A page
module that fails to import is replaced by a page that says so, so one broken page
never takes the whole app down; ``discover_pages`` reports it for tests.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from appraisal.errors import AppraisalError, DataError
from appraisal.i18n import localised
from appraisal.ui import language, state, widgets
from appraisal.ui import pages as pages_pkg
from appraisal.ui.state import tr


@dataclass(frozen=True)
class PageSpec:
    key: str
    title_key: str
    icon: str
    order: int
    render: Callable[[], None]
    module: str
    error: str = ""


def discover_pages() -> list[PageSpec]:
    """Every page module in appraisal/ui/pages, sorted by ``order``."""
    out: list[PageSpec] = []
    for info in pkgutil.iter_modules(pages_pkg.__path__):
        if info.name.startswith("_"):
            continue
        name = f"{pages_pkg.__name__}.{info.name}"
        try:
            mod = importlib.import_module(name)
        except Exception as exc:  # a broken page must not break the others
            out.append(_broken(info.name, name, f"{type(exc).__name__}: {exc}"))
            continue
        meta = getattr(mod, "PAGE", None)
        render = getattr(mod, "render", None)
        if not isinstance(meta, dict) or not callable(render):
            continue
        out.append(
            PageSpec(
                key=str(meta.get("key", info.name)),
                title_key=str(meta.get("title_key", f"page.{info.name}.title")),
                icon=str(meta.get("icon", ":material/article:")),
                order=int(meta.get("order", 1000)),
                render=_guarded(render),
                module=name,
            )
        )
    return sorted(out, key=lambda p: (p.order, p.key))


def _guarded(render: Callable[[], None]) -> Callable[[], None]:
    """Show errors a user can act on as one line, not a traceback."""

    def page() -> None:
        try:
            render()
        except AppraisalError as exc:
            st.error(tr("ui.error.appraisal", message=str(exc)))

    page.__name__ = getattr(render, "__module__", "page").rsplit(".", 1)[-1]
    return page


def _broken(short: str, module: str, error: str) -> PageSpec:
    def page() -> None:
        st.title(tr("ui.error.page_unavailable_title"))
        st.error(tr("ui.error.page_unavailable", page=short, error=error))

    page.__name__ = short
    return PageSpec(short, f"page.{short}.title", ":material/error:", 9999, page, module, error)


def _data_error(exc: DataError) -> None:
    st.title(tr("ui.app_title"))
    st.error(tr("ui.error.data", n=len(exc.issues)))
    st.markdown("\n".join(f"- {issue}" for issue in exc.issues[:50]))
    st.info(tr("ui.error.data_hint"))


def sidebar() -> None:
    ds = state.dataset()
    sb = st.sidebar
    # language first: the first control in the sidebar's content on every page
    lg = language.language_toggle(sb)
    language.review_notice(sb)
    rid = state.region_id()
    if state.W_REGION not in st.session_state:
        st.session_state[state.W_REGION] = rid
    sb.selectbox(
        tr("ui.region.label"),
        ds.region_ids,
        key=state.W_REGION,
        format_func=widgets.fixed_labels(ds.region_ids, lambda r: localised(ds.region(r), "name", lg)),
        on_change=state.on_region_widget,
        help=tr("ui.region.help"),
    )
    region = ds.region(state.region_id())
    sb.caption(tr("ui.region.board", board=localised(region, "health_board", lg)))
    # what is active: the loaded scenario (or the defaults), unsaved changes, the weights
    summary = state.sidebar_summary()
    st.session_state[state.K_SIDEBAR_WEIGHTS] = summary
    sb.caption(summary)
    with sb.expander(tr("ui.share.title"), icon=":material/link:"):
        st.markdown(tr("ui.share.help"))
    sb.caption(tr("ui.data_version", version=ds.version))
    language.set_page_language(sb, lg)


FAVICON = Path(__file__).resolve().parent / "assets" / "favicon.png"


def _page_config() -> None:
    st.set_page_config(
        page_title=tr("ui.app_title"),
        # a local file: a Material icon (ours or a page's) would be fetched from the internet
        page_icon=str(FAVICON),
        layout="wide",
        initial_sidebar_state="auto",  # collapsed on a phone, so the page is readable
    )


#: A focus indicator that reads on every background: Streamlit's own is its primary
#: colour at 50% (about 2.4:1 on white, under the 3:1 WCAG 2.2 asks of a focus
#: indicator). A style-only st.html goes to Streamlit's event container (no layout,
#: sanitised, no script); it holds no user input.
FOCUS_STYLE = (
    "<style>"
    ":focus-visible{outline:3px solid #111111 !important;outline-offset:2px !important;}"
    # fields and slider thumbs: ring the whole box (or the thumb), not the text input
    # clipped inside it or the slider's visually hidden range input
    "[data-testid='stSelectbox'] [role='group']:has(input:focus-visible),"
    "[data-testid='stMultiSelect'] [role='group']:has(input:focus-visible),"
    "[data-testid$='RootElement']:has(:focus-visible)"
    "{outline:3px solid #111111;outline-offset:2px;}"
    "[data-testid='stSlider'] [data-rac]:has(>div>input:focus-visible)"
    "{outline:3px solid #111111;outline-offset:3px;border-radius:50%;}"
    "[data-testid='stSelectbox'] input:focus-visible,[data-testid='stMultiSelect'] input:focus-visible,"
    "[data-testid$='RootElement'] :focus-visible{outline:none !important;}"
    # a metric's label wraps instead of being cut with "…" (long Welsh labels)
    "[data-testid='stMetricLabel'] .stMarkdownEllipsis,[data-testid='stMetricLabel'] p"
    "{white-space:normal !important;overflow:visible !important;text-overflow:clip !important;}"
    # so does a page link's label (the Overview's "start here" steps on a phone)
    "[data-testid='stPageLink-NavLink'] span:has(>[data-testid='stMarkdownContainer']),"
    "[data-testid='stPageLink-NavLink'] [data-testid='stMarkdownContainer'],"
    "[data-testid='stPageLink-NavLink'] p"
    "{white-space:normal !important;overflow:visible !important;text-overflow:clip !important;"
    "line-height:1.45 !important;}"
    # the HTML tables of appraisal/ui/html_table.py: fit, or scroll sideways in their
    # frame with the first column held in place
    ".pair-table-frame{overflow-x:auto;max-width:100%;margin:0 0 1rem;}"
    ".pair-table{border-collapse:separate;border-spacing:0;width:100%;font-size:0.875rem;"
    "line-height:1.4;margin:0 !important;}"
    ".pair-table th,.pair-table td{padding:0.35rem 0.45rem;text-align:left;vertical-align:top;"
    "border:none;border-bottom:1px solid #D5D9E0;background:#FFFFFF;}"
    ".pair-table thead th{font-weight:600;background:#F0F2F6;color:#31333F;}"
    ".pair-table tbody th{font-weight:600;}"
    ".pair-table th:first-child{position:sticky;left:0;z-index:1;border-right:1px solid #D5D9E0;}"
    ".pair-table .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;}"
    ".pair-table thead th.num{white-space:normal;}"
    ".pair-help{text-decoration:underline dotted;text-underline-offset:3px;cursor:help;}"
    # st.table's tables scroll sideways on a phone: they hold their first column too
    "[data-testid='stTable'] table :is(th,td):first-child{position:sticky;left:0;z-index:1;"
    "background:#FFFFFF;box-shadow:inset -1px 0 0 #D5D9E0;}"
    "</style>"
)


def main(default_page: str | None = None) -> None:
    """Run the app. ``default_page`` (a page key) lets tests open a chosen page."""
    try:
        state.dataset()
    except DataError as exc:
        _page_config()
        _data_error(exc)
        return
    state.read_query_params()  # first, so the tab title is in the link's language
    _page_config()
    st.html(FOCUS_STYLE)
    specs = discover_pages()
    if not specs:
        st.error(tr("ui.error.no_pages"))
        return
    default = default_page or specs[0].key
    nav_pages = [
        st.Page(
            s.render,
            title=tr(s.title_key),
            url_path=s.key,
            icon=s.icon,
            default=s.key == default,
        )
        for s in specs
    ]
    nav = st.navigation(nav_pages, position="sidebar", expanded=True)
    sidebar()
    state.sync_query_params()
    for level, text in state.pop_notices():
        getattr(st, level if level in ("info", "warning", "error", "success") else "info")(text)
    nav.run()
