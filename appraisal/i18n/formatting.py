"""Dates, money and numbers formatted for the chosen language (Babel / CLDR).

English uses the en_GB locale, Welsh cy_GB: ``format_date(date(2026, 11, 22), "cy")``
gives "22 Tachwedd 2026"; money is in pounds sterling with grouping ("£1,234,567").
"""

from __future__ import annotations

import datetime as dt

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
