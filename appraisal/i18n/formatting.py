"""Dates, money, numbers and table cells formatted for the chosen language (Babel / CLDR).

English uses the en_GB locale, Welsh cy_GB: ``format_date(date(2026, 11, 22), "cy")``
gives "22 Tachwedd 2026"; money is in pounds sterling with grouping ("£1,234,567"; negative "-£1,234").

Table cells hold plain values (text, int, float or None) with one format token per
column; the app, DOCX, PDF and HTML show ``format_cell(value, fmt, lang)``, XLSX keeps
the number and applies ``XLSX_FORMATS[fmt]``.
"""

from __future__ import annotations

import datetime as dt
import math

from babel.dates import format_date as _format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALES = {"en": "en_GB", "cy": "cy_GB"}


def locale(lang: str) -> str:
    return LOCALES.get(lang, "en_GB")


def format_date(value: dt.date, lang: str = "en") -> str:
    """Long date: '22 November 2026' / '22 Tachwedd 2026'."""
    return _format_date(value, format="d MMMM y", locale=locale(lang))


def format_money(value: float, lang: str = "en", *, decimals: int = 0) -> str:
    """Pounds sterling with grouping: '£1,234,567' (negative: '-£1,234')."""
    pattern = "¤#,##0" if decimals == 0 else "¤#,##0." + "0" * decimals
    return format_currency(value, "GBP", format=pattern, locale=locale(lang), currency_digits=False)


def format_number(value: float, lang: str = "en", *, decimals: int = 1) -> str:
    pattern = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    return format_decimal(value, format=pattern, locale=locale(lang))


def format_share(value: float, lang: str = "en", *, decimals: int = 0) -> str:
    """A share 0-1 as a percentage: 0.153 -> '15%'."""
    pattern = "#,##0%" if decimals == 0 else "#,##0." + "0" * decimals + "%"
    return format_percent(value, format=pattern, locale=locale(lang))


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
            return format_decimal(v, format=pattern, locale=locale(lang))
        if fmt in _PATTERNS:
            return format_decimal(v, format=_PATTERNS[fmt], locale=locale(lang))
        if fmt == "pct0":
            return format_share(v, lang, decimals=0)
        if fmt == "pct1":
            return format_share(v, lang, decimals=1)
        if fmt == "gbp0":
            return format_money(v, lang, decimals=0)
        if fmt == "gbp2":
            return format_money(v, lang, decimals=2)
    if isinstance(value, float):
        return format_decimal(value, format="#,##0.###", locale=locale(lang))
    return str(value)
