"""Language-aware formatting of report values (Babel), shared by every renderer.

Table cells hold plain values (text, int, float or None) with one format token per
column; DOCX, PDF and HTML show ``format_cell(value, fmt, lang)``, XLSX keeps the
number and applies ``XLSX_FORMATS[fmt]``.
"""

from __future__ import annotations

import math
from datetime import date

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

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


def locale_for(lang: str) -> str:
    """The Babel locale used for a catalogue language."""
    return {"cy": "cy_GB"}.get(lang, "en_GB")


def fmt_date(d: date, lang: str) -> str:
    """Long date, e.g. '22 November 2026' / '22 Tachwedd 2026'."""
    return format_date(d, format="long", locale=locale_for(lang))


def fmt_number(value: float, decimals: int, lang: str) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale_for(lang))


def fmt_percent(share: float, decimals: int, lang: str) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(share, format=pattern, locale=locale_for(lang))


def fmt_money(value: float, lang: str, decimals: int = 0) -> str:
    pattern = "¤#,##0" + ("." + "0" * decimals if decimals else "")
    return format_currency(value, "GBP", format=pattern, locale=locale_for(lang), currency_digits=False)


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
            return fmt_percent(v, 0, lang)
        if fmt == "pct1":
            return fmt_percent(v, 1, lang)
        if fmt == "gbp0":
            return fmt_money(v, lang, 0)
        if fmt == "gbp2":
            return fmt_money(v, lang, 2)
    if isinstance(value, float):
        return format_decimal(value, format="#,##0.###", locale=locale_for(lang))
    return str(value)
