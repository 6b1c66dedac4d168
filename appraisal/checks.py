"""Field checks for values that come from outside: scenario files, workshop forms, CLI
flags and the app's widgets. Each raises :class:`appraisal.errors.InputError` naming the
field (a dotted path), so a bad value is refused where it enters with one message.

Text: type, length, no control or bidi characters, no markup, and (one-line fields) no
leading spreadsheet-formula character. Numbers: finite, within ``NUMBER_ABS_MAX`` and any
bounds, which are inclusive unless ``exclusive_min``/``exclusive_max`` says otherwise.
Every check is linear in the size of its input.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from appraisal.errors import InputError
from appraisal.safety import FORMULA_PREFIXES

ID_MAX = 64
PARAM_ID_MAX = 128
NUMBER_ABS_MAX = 1e12
MAX_INPUT_NODES = 2_000
INPUT_TEXT_MAX = 200
INPUT_DEPTH_MAX = 5

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
PARAM_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MARKUP_RE = re.compile(r"<\s*/?\s*[A-Za-z!?]")
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def type_name(value: Any) -> str:
    """The JSON name of a value's type, for messages ('number', 'text', 'object'...)."""
    return {
        dict: "object",
        list: "list",
        tuple: "list",
        str: "text",
        bool: "true/false",
        int: "number",
        float: "number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def check_text(
    value: Any,
    where: str,
    max_len: int,
    *,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """Validate user text and return it stripped (see the module docstring)."""
    if not isinstance(value, str):
        raise InputError("store.err.type_text", field=where, got=type_name(value))
    text = value.strip()
    if required and not text:
        raise InputError("store.err.required", field=where)
    if len(text) > max_len:
        raise InputError("store.err.too_long", field=where, limit=max_len, length=len(text))
    allowed = "\n\t\r" if multiline else ""
    for ch in text:
        if (unicodedata.category(ch) == "Cc" and ch not in allowed) or ch in BIDI:
            raise InputError("store.err.control_char", field=where, code=f"U+{ord(ch):04X}")
    if MARKUP_RE.search(text):
        raise InputError("store.err.markup", field=where)
    if not multiline and text.startswith(FORMULA_PREFIXES):
        raise InputError("store.err.formula", field=where)
    return text


def check_id(value: Any, where: str, *, pattern: re.Pattern = ID_RE, max_len: int = ID_MAX) -> str:
    """An identifier (letters, digits, '_' and '-'; ``PARAM_ID_RE`` also allows '.')."""
    if not isinstance(value, str):
        raise InputError("store.err.type_text", field=where, got=type_name(value))
    if not value or len(value) > max_len or not pattern.match(value):
        raise InputError("store.err.bad_id", field=where, value=value[:max_len], limit=max_len)
    return value


def check_number(
    value: Any,
    where: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_min: bool = False,
    exclusive_max: bool = False,
) -> float:
    """A finite number (not a boolean) within the bounds; returns it as a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError("store.err.type_number", field=where, got=type_name(value))
    v = float(value)
    if not math.isfinite(v) or abs(v) > NUMBER_ABS_MAX:
        raise InputError("store.err.not_finite", field=where, value=str(value)[:40])
    if minimum is not None and (v < minimum or (exclusive_min and v == minimum)):
        key = "store.err.not_above" if exclusive_min else "store.err.below_min"
        raise InputError(key, field=where, value=f"{v:g}", limit=f"{minimum:g}")
    if maximum is not None and (v > maximum or (exclusive_max and v == maximum)):
        key = "store.err.not_below" if exclusive_max else "store.err.above_max"
        raise InputError(key, field=where, value=f"{v:g}", limit=f"{maximum:g}")
    return v


def check_whole(value: Any, where: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number (an int, or a float with no fraction) within inclusive bounds."""
    v = check_number(value, where, minimum=minimum, maximum=maximum)
    if v != int(v):
        raise InputError("store.err.whole_number", field=where)
    return int(v)


def check_choice(value: Any, where: str, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (text)."""
    if not isinstance(value, str):
        raise InputError("store.err.type_text", field=where, got=type_name(value))
    if value not in choices:
        raise InputError("store.err.choice", field=where, value=value[:ID_MAX], known=", ".join(choices))
    return value


def check_mapping(
    value: Any, where: str, keys: tuple[str, ...] | None = None, required: tuple[str, ...] = ()
) -> dict:
    """An object; with ``keys``, no other keys; every ``required`` key present."""
    if not isinstance(value, Mapping):
        raise InputError("store.err.type_object", field=where, got=type_name(value))
    if keys is not None:
        unknown = [k for k in value if k not in keys]
        if unknown:
            raise InputError(
                "store.err.unknown_key", field=where, key=str(unknown[0])[:ID_MAX], known=", ".join(keys)
            )
    for k in required:
        if k not in value:
            raise InputError("store.err.required", field=f"{where}.{k}" if where else k)
    return dict(value)


def check_list(value: Any, where: str, limit: int) -> list:
    """A list (or tuple) of at most ``limit`` entries."""
    if not isinstance(value, (list, tuple)):
        raise InputError("store.err.type_list", field=where, got=type_name(value))
    if len(value) > limit:
        raise InputError("store.err.too_many", field=where, limit=limit, count=len(value))
    return list(value)


def check_inputs(value: Any, where: str) -> Any:
    """A weight method's raw inputs: any small JSON value of finite numbers and short text."""
    count = 0

    def walk(v: Any, path: str, depth: int) -> Any:
        nonlocal count
        count += 1
        if count > MAX_INPUT_NODES:
            raise InputError("store.err.too_many", field=where, limit=MAX_INPUT_NODES, count=f">{count - 1}")
        if depth > INPUT_DEPTH_MAX:
            raise InputError("store.err.too_deep", field=path, limit=INPUT_DEPTH_MAX)
        if isinstance(v, Mapping):
            out = {}
            for k, x in v.items():
                check_text(k, f"{path} (key)", ID_MAX, required=True)
                out[k] = walk(x, f"{path}.{k}", depth + 1)
            return out
        if isinstance(v, (list, tuple)):
            return [walk(x, f"{path}[{i}]", depth + 1) for i, x in enumerate(v)]
        if isinstance(v, str):
            return check_text(v, path, INPUT_TEXT_MAX)
        if v is None or isinstance(v, bool):
            return v
        return check_number(v, path)

    return walk(value, where, 0)
