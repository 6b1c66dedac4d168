"""The Report page's business-case editor: the text only the board can write.

Each field of :data:`appraisal.inputs.CASE_FIELDS` (spending objectives, the commercial
arrangement, funding, the delivery plan, the impact assessments ...) is saved in the run's
inputs (``case_text``), so it is in every report format, in a saved scenario and in the
audit trail; an empty field appears in the report as not completed by the board. Text is
shown back escaped. HM Treasury (2018) *Guide to developing the project business case*.
"""

from __future__ import annotations

import streamlit as st

from appraisal.errors import InputError
from appraisal.inputs import CASE_FIELDS, CASE_TEXT_MAX
from appraisal.ui import state
from appraisal.ui.state import tr

PREFIX = "w_case_"
CASES = ("strategic", "commercial", "financial", "management", "impact")


def _save(field: str) -> None:
    text = dict(state.inputs().case_text)
    value = str(st.session_state.get(PREFIX + field, "") or "")
    if value.strip():
        text[field] = value
    else:
        text.pop(field, None)
    try:
        state.set_inputs(state.inputs().with_changes(case_text=text))
    except InputError as exc:
        state.notify("error", state.md(exc.localised(state.lang())))


def render() -> None:
    st.header(tr("report.ui.case_title"))
    st.caption(tr("report.ui.case_help"))
    have = state.inputs().case_text
    done = sum(1 for f in CASE_FIELDS if have.get(f))
    st.caption(tr("report.ui.case_progress", done=done, total=len(CASE_FIELDS)))
    for case in CASES:
        fields = [f for f in CASE_FIELDS if f.startswith(case + ".")]
        with st.expander(tr(f"report.case.{case}.heading"), icon=":material/edit_note:"):
            for f in fields:
                key = PREFIX + f
                if key not in st.session_state:
                    st.session_state[key] = have.get(f, "")
                st.text_area(
                    tr(f"report.case.field.{f}"),
                    key=key,
                    max_chars=CASE_TEXT_MAX,
                    on_change=_save,
                    args=(f,),
                    height=100,
                )


__all__ = ["render"]
