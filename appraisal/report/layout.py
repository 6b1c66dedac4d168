"""Column widths shared by the PDF and DOCX renderers.

A table arrives with relative width hints; a column whose longest unbreakable piece (a
word, split after '/' and '-') would not fit is widened, taking the room from columns
with width to spare, so headers like "Rhanbarth" are never broken mid-word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

_BREAK_AFTER = re.compile(r"(?<=[/-])")


def pieces(text: str) -> list[str]:
    """The pieces a line may not be broken inside (words, split after '/' and '-')."""
    return [p for w in text.split() for p in _BREAK_AFTER.split(w) if p]


def fit_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    hints: Sequence[float] | None,
    total: float,
    measure: Callable[[str, bool], float],
    *,
    pad: float,
    cap: float = 0.3,
) -> list[float]:
    """Widths summing to ``total``: the hints, widened to each column's widest piece.

    ``measure(text, bold)`` gives a piece's width in the same unit as ``total``;
    ``pad`` is the cell padding added to a piece; no column needs more than ``cap`` of
    the total. When even the needs do not fit, widths are proportional to the needs.
    """
    hints = tuple(hints) if hints else tuple(1.0 for _ in headers)
    want = [total * h / sum(hints) for h in hints]
    need = []
    for k, h in enumerate(headers):
        widest = max((measure(p, True) for p in pieces(h)), default=0.0)
        for row in rows:
            widest = max([widest, *(measure(p, False) for p in pieces(row[k]))])
        need.append(min(widest, total * cap) + pad)
    if sum(need) >= total:
        return [total * n / sum(need) for n in need]
    for _ in range(len(want)):
        short = sum(max(0.0, n - w) for n, w in zip(need, want))
        if short <= 1e-9:
            break
        slack = [max(0.0, w - n) for n, w in zip(need, want)]
        total_slack = sum(slack)
        want = [
            max(w, n) - (short * sl / total_slack if total_slack else 0.0)
            for w, n, sl in zip(want, need, slack)
        ]
    return want
