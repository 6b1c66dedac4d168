"""The format-neutral report model: frozen sections of paragraphs, tables and figures.

``content.build_report`` fills it once from the engine's result objects; the DOCX,
PDF, XLSX and HTML renderers only lay it out. Table cells are plain values (text,
int, float or None); each column carries a format token from ``fmt.FORMATS`` so a
renderer can show the value in the report's language or keep the number (XLSX).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from appraisal.charts.spec import ChartSpec, Series

Cell = str | int | float | None

__all__ = [
    "Block",
    "Cell",
    "ChartSpec",
    "Figure",
    "KeyFact",
    "Paragraph",
    "Preferred",
    "Report",
    "Section",
    "Series",
    "Table",
    "report_file_stem",
]


@dataclass(frozen=True)
class Paragraph:
    """Body text. ``kind``: 'body', 'note' (smaller, e.g. a source) or 'warning'
    (a section or result that is not available, or a caution the board must see)."""

    text: str
    kind: str = "body"


@dataclass(frozen=True)
class Table:
    """A table with a caption; ``key`` is stable across languages (tests, XLSX anchors)."""

    key: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    formats: tuple[str, ...]
    widths: tuple[float, ...] | None = None  # relative column widths for paged formats
    note: str = ""

    def __post_init__(self) -> None:
        n = len(self.headers)
        if len(self.formats) != n:
            raise ValueError(f"table {self.key}: {len(self.formats)} formats for {n} columns")
        if self.widths is not None and len(self.widths) != n:
            raise ValueError(f"table {self.key}: {len(self.widths)} widths for {n} columns")
        for k, r in enumerate(self.rows):
            if len(r) != n:
                raise ValueError(f"table {self.key}: row {k} has {len(r)} cells for {n} columns")


@dataclass(frozen=True)
class Figure:
    """A chart with caption, alt text and its table equivalent; ``png`` is the static
    rendering for DOCX/PDF (empty when the report was built without static figures)."""

    key: str
    caption: str
    alt: str
    chart: ChartSpec
    table: Table
    png: bytes = b""
    width_in: float = 6.5
    height_in: float = 3.2


Block = Paragraph | Table | Figure


@dataclass(frozen=True)
class Section:
    """A heading (level 1 or 2) and its blocks. ``part`` names the XLSX sheet it goes to."""

    key: str
    heading: str
    level: int
    part: str
    blocks: tuple[Block, ...] = ()
    available: bool = True

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Figure))


@dataclass(frozen=True)
class KeyFact:
    label: str
    value: str


@dataclass(frozen=True)
class Preferred:
    """The preferred option of one region (several ids when tied at rank 1)."""

    region: str
    region_name: str
    options: tuple[str, ...]
    option_names: tuple[str, ...]
    total: float
    margin: float


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs; built once by ``content.build_report``."""

    title: str
    subtitle: str
    lang: str
    report_date: date
    date_text: str
    scenario_name: str
    data_version: str
    region_ids: tuple[str, ...]
    key_facts: tuple[KeyFact, ...]
    preferred: tuple[Preferred, ...]
    sections: tuple[Section, ...]
    parts: tuple[tuple[str, str], ...]  # (part key, sheet title) in workbook order
    unavailable: tuple[str, ...] = field(default=())  # keys of sections shown as not available
    author: str = ""
    file_stem: str = "pair-appraisal"  # see report_file_stem
    #: "technical", "full" or "summary" (build.VARIANTS): the summary is compact (no title
    #: page or contents; sections run on) so that it fits two pages
    variant: str = "technical"

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def tables(self) -> tuple[Table, ...]:
        return tuple(t for s in self.sections for t in s.tables)

    def figures(self) -> tuple[Figure, ...]:
        return tuple(f for s in self.sections for f in s.figures)


def report_file_stem(region_ids: tuple[str, ...] | list[str], all_ids: tuple[str, ...], d: date) -> str:
    """'pair-appraisal_<region or all-regions>_<date>' (region ids are [a-z_] in the data)."""
    if len(region_ids) > 1 and set(region_ids) == set(all_ids):
        regions = "all-regions"
    else:
        regions = "+".join(region_ids)
    safe = "".join(c if c.isalnum() or c in "_-+" else "-" for c in regions)
    return f"pair-appraisal_{safe}_{d.isoformat()}"
