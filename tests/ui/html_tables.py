"""Read the app's HTML tables (``appraisal/ui/html_table.py``) back as data frames, for
AppTest checks of what a server-drawn table shows (stdlib ``html.parser``; no lxml)."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()  # character references are turned into text
        self.head: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            (self.head if self._in_head else self.rows[-1]).append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _value(text: str) -> object:
    """A cell as a number when it reads as one ('3', '77.9'), else its text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def read_table(html: str) -> pd.DataFrame:
    """The first ``<table>`` in ``html``: its column headers and cells (numbers parsed)."""
    p = _Cells()
    p.feed(html)
    return pd.DataFrame([[_value(c) for c in r] for r in p.rows], columns=p.head)
