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
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class AppraisalError(Exception):
    """Base class for errors a user can act on (shown as one line, never a traceback)."""


class DataError(AppraisalError):
    """The data folder holds one or more problems; ``issues`` lists every one."""

    def __init__(self, issues: list[DataIssue] | DataIssue):
        self.issues = [issues] if isinstance(issues, DataIssue) else list(issues)
        super().__init__(self._text())

    def _text(self) -> str:
        if len(self.issues) == 1:
            return str(self.issues[0])
        head = f"{len(self.issues)} problems in the data: "
        return head + "; ".join(str(i) for i in self.issues)


class WeightError(AppraisalError):
    """Weights that cannot be used (negative, NaN, all zero, unknown criterion...)."""

    def __init__(self, message: str, *, source: str = "weights", field: str | None = None):
        self.source = source
        self.field = field
        where = source + (f", field '{field}'" if field else "")
        super().__init__(f"{where}: {message}")


class UnknownIdError(AppraisalError):
    """An option, criterion or region id that the data does not define."""

    def __init__(self, kind: str, value: str, known: list[str] | tuple[str, ...]):
        self.kind = kind
        self.value = value
        self.known = tuple(known)
        super().__init__(f"unknown {kind} '{value}'; known: {', '.join(known)}")
