"""``appraisal/ui/html_table.py``: the Overview's tables, drawn as HTML with the page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from appraisal.ui.html_table import HtmlColumn, html_table

COLUMNS = [
    HtmlColumn("region", "Region"),
    HtmlColumn("births", "Births/yr", help="Live births a year", numeric=True),
    HtmlColumn("source", "Source", min_rem=18),
]
ROWS = [
    {"region": "Gwent", "births": "5,881", "source": "ONS\nlive births"},
    {"region": "Powys", "births": "914", "source": None},
]


def test_rows_become_a_table_with_row_headers_in_a_labelled_scrolling_frame() -> None:
    html = html_table(ROWS, COLUMNS, label="All regions")
    assert "\n" not in html  # one line: a blank line would end Markdown's HTML block
    root = ET.fromstring(html)
    assert root.get("class") == "pair-table-frame"
    assert (root.get("role"), root.get("aria-label"), root.get("tabindex")) == ("region", "All regions", "0")
    heads = root.findall("./table/thead/tr/th")
    assert [h.get("scope") for h in heads] == ["col"] * 3
    assert heads[1].get("class") == "num" and heads[1][0].get("title") == "Live births a year"
    assert heads[1][0].text == "Births/yr" and heads[1][0].get("class") == "pair-help"
    assert heads[2].get("style") == "min-width:18rem"
    rows = root.findall("./table/tbody/tr")
    assert [(r[0].tag, r[0].get("scope"), r[0].text) for r in rows] == [
        ("th", "row", "Gwent"),
        ("th", "row", "Powys"),
    ]
    assert [r[1].text for r in rows] == ["5,881", "914"] and rows[0][1].get("class") == "num"
    assert rows[0][2].text == "ONS live births" and rows[1][2].text is None  # None shows as empty


def test_every_header_and_cell_is_escaped() -> None:
    evil = '<img src=x onerror="alert(1)"> & co'
    html = html_table(
        [{"region": evil, "births": evil, "source": evil}],
        [HtmlColumn("region", evil, help=evil), *COLUMNS[1:]],
        label=evil,
    )
    assert "<img" not in html
    root = ET.fromstring(html)
    assert root.get("aria-label") == evil
    assert root.find("./table/tbody/tr/th").text == evil
    assert root.find("./table/thead/tr/th/span").get("title") == evil


def test_no_label_no_region() -> None:
    root = ET.fromstring(html_table(ROWS, COLUMNS))
    assert root.get("role") is None and root.get("tabindex") is None
