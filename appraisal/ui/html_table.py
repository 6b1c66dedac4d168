"""Small tables drawn as HTML on the server (no grid library in the browser).

For the Overview, the first page anyone opens: Streamlit's data grid is a canvas
component whose code a fresh browser must fetch and start before it can draw (about a
second on a 2-core machine), while an HTML table draws with the page. An HTML table is
also read cell by cell by screen readers, wraps long text (a grid cuts it with "…") and
is printed as shown. It fits its column or scrolls sideways inside its own frame with
its first column held in place (``position: sticky``; the styles are in
``shell.FOCUS_STYLE``: ``.pair-table``). Every header and cell is escaped; values are
shown as given (the page formats them for its language).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class HtmlColumn:
    """One column: its key in the rows, its header, an optional explanation (shown on
    hover over the dotted header) and how its cells are set: ``numeric`` (right-aligned,
    never broken across lines) and ``min_rem`` (the least width, in rem, that text is
    wrapped to: a long name wraps into a few lines, not one word a line)."""

    key: str
    label: str
    help: str | None = None
    numeric: bool = False
    min_rem: float = 0.0


def _text(value: object) -> str:
    """A cell's text, escaped, on one line of HTML (a newline would end the Markdown
    HTML block the table is sent in)."""
    return escape(" ".join(str("" if value is None else value).split()))


def html_table(
    rows: Sequence[Mapping[str, object]], columns: Sequence[HtmlColumn], *, label: str = ""
) -> str:
    """The rows as a ``<table>`` (first column as row headers), in a frame that scrolls
    sideways when the table is wider than its place. ``label`` names the table for
    screen readers (the frame is a labelled, focusable region, so it can be scrolled
    from the keyboard)."""

    def cls(c: HtmlColumn) -> str:
        return ' class="num"' if c.numeric else ""

    def head(c: HtmlColumn) -> str:
        text = _text(c.label)
        if c.help:
            text = f'<span class="pair-help" title="{_text(c.help)}">{text}</span>'
        width = f' style="min-width:{c.min_rem:g}rem"' if c.min_rem else ""
        return f'<th scope="col"{cls(c)}{width}>{text}</th>'

    body = []
    for row in rows:
        cells = []
        for i, c in enumerate(columns):
            tag = ("th", ' scope="row"') if i == 0 else ("td", "")
            cells.append(f"<{tag[0]}{tag[1]}{cls(c)}>{_text(row.get(c.key))}</{tag[0]}>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    name = f' role="region" aria-label="{_text(label)}" tabindex="0"' if label else ""
    return (
        f'<div class="pair-table-frame"{name}><table class="pair-table">'
        f"<thead><tr>{''.join(head(c) for c in columns)}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
