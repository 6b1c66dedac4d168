"""Chart text that fits: titles, labels and axis titles broken onto lines at word boundaries.

Plotly draws a title on one line and cuts it at the figure's edge; Welsh titles and
labels are often longer than the English ones the charts were laid out for. Breaking
them keeps every word visible at any width: ``wrap`` joins the lines with ``<br>``
(plotly), ``wrap_lines`` returns them (matplotlib joins them with a newline).
"""

from __future__ import annotations


def wrap_lines(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` characters, broken between words (a single
    longer word stays whole). A newline in ``text`` always starts a new line."""
    out: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in part.split():
            if line and len(line) + 1 + len(word) > width:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        out.append(line)
    return out if any(out) else [text]


def wrap(text: str, width: int = 60) -> str:
    """``text`` with ``<br>`` between lines of at most ``width`` characters (a single
    longer word stays whole). Text that already holds line breaks is kept as it is."""
    if not text or len(text) <= width or "<br>" in text:
        return text
    return "<br>".join(wrap_lines(text, width))


def n_lines(text: str) -> int:
    return text.count("<br>") + 1 if text else 0


def longest_line(lines: list[str] | tuple[str, ...]) -> int:
    """Characters in the longest of ``lines`` (0 for none)."""
    return max((len(s) for s in lines), default=0)
