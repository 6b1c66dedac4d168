"""Every grid keeps its first column in view (issue 15: "tables fit or scroll with a
frozen first column"): ``widgets.dataframe``/``widgets.data_editor`` pin it. The browser
test ``test_label_clipping.py::test_wide_dataframes_freeze_their_first_column`` scrolls
every wide grid on every page; these pin down the rule itself."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from appraisal.ui.widgets import _pin_first

FRAME = pd.DataFrame({"region": ["Gwent"], "births": [6000], "gap": [800]})


def test_the_first_column_is_pinned_and_its_own_settings_kept() -> None:
    cfg = _pin_first(FRAME, {"region": st.column_config.TextColumn("Region", width=120)}, True)
    assert cfg["region"]["pinned"] is True
    assert cfg["region"]["label"] == "Region" and cfg["region"]["width"] == 120


def test_without_settings_or_with_a_bare_label() -> None:
    assert _pin_first(FRAME, None, True) == {"region": {"pinned": True}}
    assert _pin_first(FRAME, {"region": "Region"}, True)["region"] == {"label": "Region", "pinned": True}


def test_the_first_shown_column_is_the_one_pinned() -> None:
    cfg = _pin_first(FRAME, {"gap": st.column_config.NumberColumn("Gap")}, True, ["gap", "region"])
    assert cfg["gap"]["pinned"] is True and "region" not in cfg


def test_a_styled_frame_is_read_through_its_data() -> None:
    assert _pin_first(FRAME.style, None, True) == {"region": {"pinned": True}}


def test_left_alone_where_streamlit_already_pins_or_the_column_is_hidden() -> None:
    given = {"births": st.column_config.NumberColumn("Births")}
    assert _pin_first(FRAME, given, False) is given  # the index shows: Streamlit pins it
    hidden = {"region": None}
    assert _pin_first(FRAME, hidden, True) is hidden
    assert _pin_first(pd.DataFrame(), None, True) is None


def test_the_callers_settings_are_not_changed() -> None:
    given = {"region": {"label": "Region"}}
    _pin_first(FRAME, given, True)
    assert given == {"region": {"label": "Region"}}
