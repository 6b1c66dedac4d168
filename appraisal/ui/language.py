"""Language in the app frame: the English | Cymraeg toggle, the Welsh review notice and
the page's ``lang`` attribute.

- The toggle sits at the top of the sidebar's own content on every page. It changes
  only ``state.K_LANG``: weights, score edits, region and economics choices are kept
  under language-free keys, so switching language loses nothing.
- When Welsh is shown, a notice says whether the Welsh has been reviewed. It says
  "reviewed" only when every Welsh catalogue file (``appraisal.i18n.review_status``)
  AND every data file holding Welsh names (``welsh_review`` in criteria/ and regions/)
  names a reviewer; otherwise it says the Welsh is machine-drafted and awaiting review.
- Streamlit serves ``<html lang="en">`` and has no API to change it (streamlit/streamlit
  issue #15726, open; PR #16024 adding ``page_lang`` was closed unmerged), so a tiny
  same-origin iframe (srcdoc) sets ``document.documentElement.lang`` on the app page
  once the app has loaded. It holds no user input: only the fixed code "en" or "cy".
  Limits: the HTML served before the script runs says "en"; Welsh pages still hold
  English fragments (evidence text from the data, Streamlit's own controls such as
  "Show more"), and Streamlit gives no way to mark them with their own ``lang``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import yaml

from appraisal.i18n import LANGUAGES, review_status, t
from appraisal.ui import state, widgets
from appraisal.ui.state import tr

#: Data files that hold Welsh text (names, descriptions) with a ``welsh_review`` block.
WELSH_DATA_GLOBS = ("criteria/*.yaml", "regions/*.yaml")

_REVIEW_CACHE: dict[tuple, str] = {}


def _files_key(paths: list[Path]) -> tuple:
    out = []
    for p in paths:
        try:
            out.append((str(p), p.stat().st_mtime_ns))
        except OSError:
            out.append((str(p), None))
    return tuple(out)


def _data_review_ok(paths: list[Path]) -> bool:
    """True only when every data file's ``welsh_review`` names a reviewer."""
    for p in paths:
        try:
            doc = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            return False
        review = doc.get("welsh_review") if isinstance(doc, dict) else None
        if not (
            isinstance(review, dict) and review.get("status") == "reviewed" and review.get("reviewed_by")
        ):
            return False
    return True


def welsh_review_status(data_dir: Path) -> str:
    """'reviewed' or 'awaiting_review' for all Welsh the app shows (UI text and data).

    Re-read when any of the files changes (keyed on modification times)."""
    data_files = sorted(p for g in WELSH_DATA_GLOBS for p in Path(data_dir).glob(g))
    i18n_dir = Path(__file__).resolve().parents[1] / "i18n" / "cy"
    key = _files_key(data_files + sorted(i18n_dir.glob("*.yaml")))
    if key not in _REVIEW_CACHE:
        ok = review_status("cy") == "reviewed" and _data_review_ok(data_files)
        _REVIEW_CACHE.clear()
        _REVIEW_CACHE[key] = "reviewed" if ok else "awaiting_review"
    return _REVIEW_CACHE[key]


def language_toggle(container) -> str:
    """The English | Cymraeg segmented control; returns the language in use."""
    current = state.lang()
    if st.session_state.get(state.W_LANG) != current:
        st.session_state[state.W_LANG] = current  # e.g. set from the link or the browser
    container.segmented_control(
        # the label is in both languages, so either reader can find the control
        t("a11y.lang.label", current),
        LANGUAGES,
        key=state.W_LANG,
        # each language named in itself ("English", "Cymraeg")
        format_func=widgets.fixed_labels(LANGUAGES, lambda code: t(f"a11y.lang.{code}", code)),
        on_change=state.on_lang_widget,
        required=True,
        help=tr("a11y.lang.help"),
    )
    return state.lang()


def review_notice(container) -> None:
    """On Welsh pages: say plainly whether the Welsh has been reviewed."""
    if state.lang() != "cy":
        return
    if welsh_review_status(state.dataset().data_dir) == "reviewed":
        container.success(tr("a11y.review.reviewed"), icon=":material/verified:")
    else:
        container.warning(tr("a11y.review.awaiting"), icon=":material/translate:")
    container.caption(tr("a11y.review.english_only"))


def page_lang_script(lang: str) -> str:
    """HTML for the srcdoc iframe that sets the app page's ``lang`` attribute."""
    code = lang if lang in LANGUAGES else "en"  # a fixed code, never user input
    return (
        "<!doctype html><html lang='" + code + "'><head><meta charset='utf-8'></head>"
        "<body style='margin:0'><script>"
        "try { window.parent.document.documentElement.lang = '" + code + "'; } catch (e) {}"
        "</script></body></html>"
    )


def set_page_language(container, lang: str) -> None:
    """Mark the page as English or Welsh for screen readers, spell-checkers and search.

    ``st.iframe`` replaces the deprecated ``streamlit.components.v1.html``: the same
    same-origin srcdoc iframe. It is kept out of the tab order and given a title."""
    with container:
        st.iframe(
            page_lang_script(lang),
            height="content",
            tab_index=-1,
            alt=tr("a11y.lang.frame_title"),
        )
