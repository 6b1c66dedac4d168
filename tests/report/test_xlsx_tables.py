"""XLSX (issue 14): every data table is an Excel named table with unique column names,
and one chart sheet per region draws the ranking table's cells. Read back with openpyxl."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from appraisal.inputs import AppraisalInputs
from appraisal.report import Report
from appraisal.report.structure import Figure, KeyFact, Paragraph, Section, Table
from appraisal.report.xlsx import column_names, render_xlsx, table_name
from appraisal.safety import neutralise_cell
from tests.report.conftest import FORMULA_NAME, SEED, report_of

HOSTILE = '=HYPERLINK("http://x")'


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _data_tables(report: Report) -> list[Table]:
    """The structure's tables in the order the renderer writes them (figures' tables too)."""
    out = []
    for s in report.sections:
        for b in s.blocks:
            if isinstance(b, Table):
                out.append(b)
            elif isinstance(b, Figure):
                out.append(b.table)
    return out


def _named(wb) -> dict[str, tuple]:
    """Named table -> (worksheet, openpyxl table) over every worksheet."""
    out = {}
    for ws in wb.worksheets:
        for tb in ws.tables.values():
            assert tb.name not in out, f"table name {tb.name} used twice"
            out[tb.name] = (ws, tb)
    return out


def _cells(ws, ref: str) -> list[list[object]]:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return [
        list(r)
        for r in ws.iter_rows(
            min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col, values_only=True
        )
    ]


def _stored(v: object) -> object:
    """A structure cell as openpyxl reads it back (an empty string is an empty cell)."""
    if isinstance(v, float):
        return pytest.approx(v)
    return None if v == "" else neutralise_cell(v)


def _text(title) -> str:  # noqa: ANN001 - an openpyxl chart Title
    return "".join(r.t for p in title.tx.rich.p for r in (p.r or []))


def _small_report(sections: tuple[Section, ...], lang: str = "en") -> Report:
    return Report(
        title="Test report",
        subtitle="Sub",
        lang=lang,
        report_date=date(2026, 11, 22),
        date_text="22 November 2026",
        scenario_name="s",
        data_version="v1",
        region_ids=(),
        key_facts=(KeyFact("Fact", "value"),),
        preferred=(),
        sections=sections,
        parts=(("summary", "Summary"), ("other", "Other")),
    )


# --------------------------------------------------------------------------- named tables


def test_every_table_with_rows_is_a_named_table(full_report: Report, rendered: dict[str, bytes]) -> None:
    wb = _book(rendered["xlsx"])
    named = _named(wb)
    tables = [tb for tb in _data_tables(full_report) if tb.rows]
    assert len(tables) > 150  # 190 with seven regions: every ranking, switching and figure table
    assert len(named) == len(tables)
    assert len({n.casefold() for n in named}) == len(named)  # Excel names ignore case
    for tb in tables:
        ws, xl = named[f"T_{tb.key}"]
        min_col, min_row, max_col, max_row = range_boundaries(xl.ref)
        assert (min_col, max_col) == (1, len(tb.headers)), tb.key
        assert max_row - min_row == len(tb.rows), tb.key  # header row + data rows only
        cells = _cells(ws, xl.ref)
        assert cells[0] == column_names(tb.headers, "en") == xl.column_names, tb.key
        assert ws.cell(min_row - 1, 1).value.endswith(tb.caption)  # the caption sits above the table
        for got, row in ((cells[1], tb.rows[0]), (cells[-1], tb.rows[-1])):  # first and last data rows
            assert got == [_stored(v) for v in row], tb.key
        assert xl.tableStyleInfo.name == "TableStyleLight2" and xl.tableStyleInfo.showRowStripes


def test_ranking_table_is_named_on_the_results_sheet(full_report: Report, rendered: dict[str, bytes]) -> None:
    wb = _book(rendered["xlsx"])
    rid = full_report.region_ids[0]
    assert "T_ranking_" + rid in wb["Results"].tables
    xl = wb["Results"].tables["T_ranking_" + rid]
    assert xl.column_names[:3] == ["Rank", "Option", "Total value (0-100)"]


def test_repeated_headers_get_unique_column_names(full_report: Report, rendered: dict[str, bytes]) -> None:
    # the switching-value table names the new preferred option twice (lowered, raised)
    rid = full_report.region_ids[0]
    tb = next(x for x in full_report.tables() if x.key == f"switching_{rid}")
    assert list(tb.headers).count("New preferred option") == 2
    xl = _named(_book(rendered["xlsx"]))[f"T_switching_{rid}"][1]
    assert xl.column_names == [
        "Criterion",
        "Current weight",
        "Switches if lowered to",
        "New preferred option",
        "Switches if raised to",
        "New preferred option (2)",
        "Smallest change in weight",
    ]


def test_duplicate_blank_and_hostile_headers_and_cells() -> None:
    table = Table(
        "odd-key.1",
        "Odd table",
        ("Score", "score", "", "Score", "=SUM(A1)"),
        (("a", 1.5, None, 2, HOSTILE), (HOSTILE, None, "x", 3, "-1")),
        ("text", "num1", "text", "int", "text"),
        note="A note under the table",
    )
    empty = Table("empty", "No rows", ("A", "B"), (), ("text", "text"))
    rep = _small_report(
        (
            Section("one", "One", 1, "summary", (Paragraph("Intro"), table, empty)),
            Section("two", "Two", 1, "other", (table,)),  # same key again: a second name
        )
    )
    data = render_xlsx(rep)
    assert render_xlsx(rep) == data  # same report, same bytes
    wb = _book(data)
    named = _named(wb)
    assert sorted(named) == ["T_odd_key_1", "T_odd_key_1_2"]  # the empty table is not named
    assert wb.chartsheets == []  # no ranking table: no chart sheet, no error
    ws, xl = named["T_odd_key_1"]
    assert ws.title == "Summary"
    expected = ["Score", "score (2)", "Column 3", "Score (3)", "'=SUM(A1)"]
    assert xl.column_names == expected
    cells = _cells(ws, xl.ref)
    assert len(cells) == 3 and cells[0] == expected
    assert cells[1] == ["a", 1.5, None, 2, "'" + HOSTILE]
    assert cells[2] == ["'" + HOSTILE, None, "x", 3, "'-1"]
    min_col, min_row, max_col, max_row = range_boundaries(xl.ref)
    assert ws.cell(max_row + 1, 1).value == "A note under the table"  # the note is outside
    for row in ws.iter_rows(min_row=min_row, max_row=max_row, max_col=max_col):
        for c in row:
            if isinstance(c.value, str):
                assert c.data_type == "s"
            elif c.value is not None:
                assert c.data_type == "n"
    assert named["T_odd_key_1_2"][0].title == "Other"


def test_welsh_blank_header_name() -> None:
    assert column_names(("", None, "Sgôr"), "cy") == ["Colofn 1", "Colofn 2", "Sgôr"]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("ranking_gwent", "T_ranking_gwent"),
        ("fig results/gwent–1", "T_fig_results_gwent_1"),
        ("", "T_"),
    ],
)
def test_table_names_are_valid(key: str, expected: str) -> None:
    assert table_name(key, set()) == expected


def test_table_names_unique_short_and_never_a_cell_reference() -> None:
    taken: set[str] = set()
    assert [table_name("a", taken) for _ in range(3)] == ["T_a", "T_a_2", "T_a_3"]
    assert table_name("A", taken) == "T_A_4"  # Excel names ignore case
    long = table_name("x" * 400, set())
    assert len(long) <= 255 and long.startswith("T_xxx")
    from appraisal.report import xlsx

    for ref in ("A1", "xfd1048576", "R1C1", "R", "C", "RC", "r2"):
        assert xlsx._CELL_REF.fullmatch(ref), ref
    for ok in ("T_A1", "Total", "ABCD1", "_R1C1"):
        assert not xlsx._CELL_REF.fullmatch(ok), ok


# --------------------------------------------------------------------------- chart sheets


def test_chart_sheet_per_region_reads_the_ranking_table(
    full_report: Report, rendered: dict[str, bytes]
) -> None:
    wb = _book(rendered["xlsx"])
    names = {p.region: p.region_name for p in full_report.preferred}
    titles = [f"Chart – {names[rid]}"[:31] for rid in full_report.region_ids]
    assert len(titles) == 7
    # data sheets first, then the chart sheets in region order
    assert wb.sheetnames == [title for _, title in full_report.parts] + titles
    assert [cs.title for cs in wb.chartsheets] == titles
    for rid, cs in zip(full_report.region_ids, wb.chartsheets):
        assert len(cs._charts) == 1
        chart = cs._charts[0]
        assert chart.type == "bar" and chart.tagname == "barChart"
        assert _text(chart.title) == f"Total value of each option in {names[rid]} (0-100)"
        assert _text(chart.x_axis.title) == "Option"
        assert _text(chart.y_axis.title) == "Total value (0-100)"
        assert chart.x_axis.scaling.orientation == "maxMin"  # rank 1 at the top
        xl = wb["Results"].tables[f"T_ranking_{rid}"]
        _, top, _, bottom = range_boundaries(xl.ref)
        (series,) = chart.series
        assert series.val.numRef.f == f"'Results'!$C${top + 1}:$C${bottom}"
        assert series.cat.strRef.f == f"'Results'!$B${top + 1}:$B${bottom}"
        assert series.tx.strRef.f == f"'Results'!C{top}"
        ranking = next(x for x in full_report.tables() if x.key == f"ranking_{rid}")
        ws = wb["Results"]
        values = [
            r[0]
            for r in ws.iter_rows(min_row=top + 1, max_row=bottom, min_col=3, max_col=3, values_only=True)
        ]
        assert values == pytest.approx([r[2] for r in ranking.rows])
        assert all(isinstance(v, float) and 0 <= v <= 100 for v in values)
        assert ws.cell(top, 3).value == "Total value (0-100)"


def test_welsh_chart_sheet(dataset) -> None:
    rep = report_of(
        dataset, ["gwent"], inputs=AppraisalInputs(draws=200, seed=SEED, lang="cy"), static_figures=False
    )
    wb = _book(render_xlsx(rep))
    region = rep.preferred[0].region_name
    (cs,) = wb.chartsheets
    assert cs.title == f"Siart – {region}"
    chart = cs._charts[0]
    assert _text(chart.title) == f"Cyfanswm gwerth pob opsiwn ar gyfer {region} (0-100)"
    assert _text(chart.x_axis.title) == "Opsiwn"
    assert _text(chart.y_axis.title) == "Cyfanswm gwerth (0-100)"
    sheet = next(ws for ws in wb.worksheets if "T_ranking_gwent" in ws.tables)
    xl = sheet.tables["T_ranking_gwent"]
    assert xl.column_names[:3] == ["Safle", "Opsiwn", "Cyfanswm gwerth (0-100)"]
    _, top, _, bottom = range_boundaries(xl.ref)
    assert chart.series[0].val.numRef.f == f"'{sheet.title}'!$C${top + 1}:$C${bottom}"


def test_hostile_option_name_inside_the_ranking_table_stays_text(hostile_report: Report) -> None:
    wb = _book(render_xlsx(hostile_report))
    ws = wb["Results"]
    xl = ws.tables["T_ranking_gwent"]
    _, top, _, bottom = range_boundaries(xl.ref)
    names = [c for (c,) in ws.iter_rows(min_row=top + 1, max_row=bottom, min_col=2, max_col=2)]
    hostile = [c for c in names if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert len(hostile) == 1
    assert hostile[0].value == "'" + FORMULA_NAME and hostile[0].data_type == "s"
    (cs,) = wb.chartsheets
    assert cs._charts[0].series[0].cat.strRef.f == f"'Results'!$B${top + 1}:$B${bottom}"
