"""Language-aware formatting of report values (Babel), shared by every renderer.

Table cells hold plain values (text, int, float or None) with one format token per
column; DOCX, PDF and HTML show ``format_cell(value, fmt, lang)``, XLSX keeps the
number and applies ``XLSX_FORMATS[fmt]``.
"""

from __future__ import annotations

import math

from babel.numbers import format_decimal

from appraisal.i18n.formatting import format_date, format_money, format_share, locale

#: Column format tokens: how a plain value is shown.
FORMATS: tuple[str, ...] = ("text", "int", "num1", "num2", "num3", "sig", "pct0", "pct1", "gbp0", "gbp2")

#: Excel number formats for the same tokens (XLSX keeps numbers as numbers).
XLSX_FORMATS: dict[str, str] = {
    "int": "#,##0",
    "num1": "#,##0.0",
    "num2": "#,##0.00",
    "num3": "0.000",
    "sig": "General",
    "pct0": "0%",
    "pct1": "0.0%",
    "gbp0": '"£"#,##0;-"£"#,##0',
    "gbp2": '"£"#,##0.00;-"£"#,##0.00',
}

_PATTERNS: dict[str, str] = {
    "int": "#,##0",
    "num1": "#,##0.0",
    "num2": "#,##0.00",
    "num3": "0.000",
}


# One place formats dates, money and shares for a language (appraisal.i18n.formatting);
# the report's names are kept for its renderers.
locale_for = locale
fmt_date = format_date


def format_cell(value: object, fmt: str, lang: str) -> str:
    """Display text for one table cell ('' for None, '–' for NaN)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)) and fmt != "text":
        v = float(value)
        if math.isnan(v):
            return "–"
        if math.isinf(v):
            return "∞" if v > 0 else "-∞"
        if fmt == "sig":  # numbers of any size: whole above 1,000, else 2-3 decimals
            a = abs(v)
            pattern = "#,##0" if a >= 1000 else "#,##0.0#" if a >= 10 else "0.0##"
            return format_decimal(v, format=pattern, locale=locale_for(lang))
        if fmt in _PATTERNS:
            return format_decimal(v, format=_PATTERNS[fmt], locale=locale_for(lang))
        if fmt == "pct0":
            return format_share(v, lang, decimals=0)
        if fmt == "pct1":
            return format_share(v, lang, decimals=1)
        if fmt == "gbp0":
            return format_money(v, lang, decimals=0)
        if fmt == "gbp2":
            return format_money(v, lang, decimals=2)
    if isinstance(value, float):
        return format_decimal(value, format="#,##0.###", locale=locale_for(lang))
    return str(value)
