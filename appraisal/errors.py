"""Errors that name the file, row and field, so a consultant can fix the data by hand."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataIssue:
    """One problem found in a data file.

    ``row`` is the 1-based line of a CSV file (the header is line 1) or the 1-based
    entry of a YAML list; ``field`` is the column or key path within that row.
    """

    file: str
    message: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        from appraisal.i18n import t

        where = self.file
        if self.row is not None:
            where += ", " + t("data.where.row", row=self.row)
        if self.field:
            where += ", " + t("data.where.field", field=self.field)
        return f"{where}: {self.message}"


class AppraisalError(Exception):
    """Base class for errors a user can act on (shown as one line, never a traceback)."""


class DataError(AppraisalError):
    """The data folder holds one or more problems; ``issues`` lists every one."""

    def __init__(self, issues: list[DataIssue] | DataIssue):
        self.issues = [issues] if isinstance(issues, DataIssue) else list(issues)
        super().__init__(self._text())

    def _text(self) -> str:
        from appraisal.i18n import t

        if len(self.issues) == 1:
            return str(self.issues[0])
        return t("data.problems", n=len(self.issues), list="; ".join(str(i) for i in self.issues))


class InputError(AppraisalError):
    """A value a user gave (widget, CLI flag, scenario file, weights file) that cannot be
    used: a catalogue ``key``, the ``field`` it concerns (a dotted path such as
    ``economics.overrides.effect_size_d``) and the message's parameters.

    ``str(exc)`` is the English text (CLI, logs); ``exc.localised(lang)`` is what a page shows.
    """

    def __init__(self, key: str, /, *, field: str | None = None, **params: object):
        self.key = key
        self.field = field
        self.params = params
        from appraisal.i18n import DEFAULT_LANGUAGE

        super().__init__(self.localised(DEFAULT_LANGUAGE))

    def localised(self, lang: str) -> str:
        from appraisal.i18n import t

        text = t(self.key, lang, **self.params)
        if self.field:
            return t("store.err.in_field", lang, field=self.field, message=text)
        return text


class WeightError(AppraisalError):
    """Weights that cannot be used (negative, NaN, all zero, unknown criterion...)."""

    def __init__(self, message: str, *, source: str | None = None, field: str | None = None):
        from appraisal.i18n import t

        self.source = source or t("weights.src.weights")
        self.field = field
        self.detail = message
        where = self.source + (", " + t("data.where.field", field=field) if field else "")
        super().__init__(f"{where}: {message}")


class UnknownIdError(AppraisalError):
    """An option, criterion or region id that the data does not define."""

    def __init__(self, kind: str, value: str, known: list[str] | tuple[str, ...]):
        self.kind = kind
        self.value = value
        self.known = tuple(known)
        from appraisal.i18n import has, t

        label = t(f"data.kind.{kind}") if has(f"data.kind.{kind}") else kind
        super().__init__(t("data.unknown_id", kind=label, value=value, known=", ".join(known)))
