"""Chart text that fits: titles and axis titles broken onto lines at word boundaries.

Plotly draws a title on one line and cuts it at the figure's edge; Welsh titles and
labels are often longer than the English ones the charts were laid out for. Breaking
them with ``<br>`` keeps every word visible at any width.
"""

from __future__ import annotations


def wrap(text: str, width: int = 60) -> str:
    """``text`` with ``<br>`` between lines of at most ``width`` characters (a single
    longer word stays whole). Text that already holds line breaks is kept as it is."""
    if not text or len(text) <= width or "<br>" in text:
        return text
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "<br>".join(lines)


def n_lines(text: str) -> int:
    return text.count("<br>") + 1 if text else 0
