"""Output hygiene shared by every exporter (CSV, XLSX, HTML).

Spreadsheet formula injection (OWASP "CSV Injection"): a text cell that begins with
``= + - @`` (or a tab / carriage return) is run as a formula by Excel and LibreOffice.
Such text is prefixed with an apostrophe so it is shown as typed. Numbers are left as
numbers.
"""

from __future__ import annotations

import html

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Return ``value`` unchanged unless it is text that a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def escape_html(text: object) -> str:
    """Escape user-entered text for HTML (quotes included)."""
    return html.escape(str(text), quote=True)
