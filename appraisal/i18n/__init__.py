"""One message catalogue for every user-facing string (app, CLI, reports).

Catalogues live beside this module as ``<lang>/<area>.yaml``: flat ``key: text``
mappings with ``{name}`` placeholders filled by ``str.format``; one file per area
(core, ui, report, ...) so parts of the code base can be edited independently. A key
may appear in only one file. English is the reference; the Welsh catalogue must hold
the same keys (a test enforces it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import yaml

#: libyaml's parser when PyYAML was built with it (the same SafeConstructor, so the same
#: Python objects, about ten times faster), else the pure-Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LANGUAGES: tuple[str, ...] = ("en", "cy")
DEFAULT_LANGUAGE = "en"
_DIR = Path(__file__).resolve().parent
_CURRENT: ContextVar[str] = ContextVar("appraisal_language", default=DEFAULT_LANGUAGE)


def current_language() -> str:
    """The language used by ``t`` when no language is passed (the CLI sets it)."""
    return _CURRENT.get()


def set_language(lang: str) -> None:
    _CURRENT.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Temporarily make ``lang`` the default language of ``t``."""
    token = _CURRENT.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def _load(path: Path) -> object:
    """One catalogue file, read as ``yaml.safe_load`` reads it (safe tags only), with
    libyaml's parser when available."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)  # noqa: S506 - a safe loader


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The flat key -> text mapping for ``lang`` (missing file -> empty mapping)."""
    out: dict[str, str] = {}
    origin: dict[str, str] = {}
    for path in sorted((_DIR / lang).glob("*.yaml")):
        data = _load(path) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{lang}/{path.name}: expected a mapping of message keys to text")
        for k, v in data.items():
            key = str(k)
            if key.startswith("_"):  # metadata such as _review, not a message
                continue
            if key in out:
                raise ValueError(f"{lang}/{path.name}: key '{key}' is also in {origin[key]}")
            out[key] = str(v)
            origin[key] = f"{lang}/{path.name}"
    return out


def t(key: str, lang: str | None = None, /, **kwargs: object) -> str:
    """Translate ``key`` into ``lang`` (default: the current language), falling back to
    English, then to the key itself."""
    lang = lang or _CURRENT.get()
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    try:
        return text.format(**kwargs)
    except (KeyError, IndexError, ValueError, AttributeError):
        return text


def review_status(lang: str) -> str:
    """'reviewed' only when every catalogue file of ``lang`` says so in ``_review``;
    otherwise 'awaiting_review' (machine-drafted text must never be claimed reviewed)."""
    statuses = []
    for path in sorted((_DIR / lang).glob("*.yaml")):
        data = _load(path) or {}
        review = data.get("_review") if isinstance(data, dict) else None
        ok = isinstance(review, dict) and review.get("status") == "reviewed" and review.get("reviewed_by")
        statuses.append("reviewed" if ok else "awaiting_review")
    return "reviewed" if statuses and all(s == "reviewed" for s in statuses) else "awaiting_review"


def has(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    return key in catalogue(lang)


def localised(obj: object, attr: str, lang: str) -> str:
    """``obj.attr_cy`` in Welsh when present, else ``obj.attr`` (data files hold both)."""
    if lang != DEFAULT_LANGUAGE:
        val = getattr(obj, f"{attr}_{lang}", "")
        if val:
            return str(val)
    return str(getattr(obj, attr, ""))
