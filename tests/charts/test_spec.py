"""The chart specification refuses what a renderer could not draw, and gives a table."""

from __future__ import annotations

import pytest

from appraisal.charts.spec import Band, ChartSpec, DataTable, RefLine, Series, table_of
from appraisal.report.structure import ChartSpec as ReportChartSpec
from appraisal.report.structure import Series as ReportSeries


def test_the_report_uses_the_same_spec():
    assert ReportChartSpec is ChartSpec and ReportSeries is Series


def test_report_field_names_still_work():
    spec = ChartSpec(
        "stacked_hbar",
        ("a", "b"),
        (Series("x", (1.0, 2.0)),),
        x_title="X",
        y_title="Y",
        value_format="pct0",
        base=0.0,
        x_range=(0.0, 1.0),
        show_totals=False,
    )
    assert spec.kind == "stacked_hbar" and spec.table is None
    assert table_of(spec).rows == (("a", 1.0), ("b", 2.0))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"kind": "pie"}, "unknown chart kind"),
        ({"series": (Series("x", (1.0,)),)}, "has 1 values for 2 categories"),
        ({"kind": "tornado"}, "two series"),
        ({"value_format": "pounds"}, "unknown format"),
        ({"emphasis": ("muted",)}, "emphasis"),
        ({"emphasis": ("loud", "")}, "emphasis"),
        ({"category_colours": (1,)}, "category_colours"),
        ({"marked": ((5, 0),)}, "outside the grid"),
        ({"bands": (Band(0, 3, "b"),)}, "missing series"),
    ],
)
def test_bad_specs_are_refused(kwargs, message):
    base = {"kind": "hbar", "categories": ("a", "b"), "series": (Series("x", (1.0, 2.0)),)}
    with pytest.raises(ValueError, match=message):
        ChartSpec(**{**base, **kwargs})


def test_bad_series_lines_and_tables_are_refused():
    with pytest.raises(ValueError, match="style"):
        Series("x", (1.0,), style="wavy")
    with pytest.raises(ValueError, match="2 x for 1 values"):
        Series("x", (1.0,), x=(0.0, 1.0))
    with pytest.raises(ValueError, match="labels"):
        Series("x", (1.0,), labels=("a", "b"))
    with pytest.raises(ValueError, match="axis"):
        RefLine("z", 1.0)
    with pytest.raises(ValueError, match="style"):
        RefLine("x", 1.0, style="wavy")
    with pytest.raises(ValueError, match="formats"):
        DataTable(("a",), (), ("text", "int"))
    with pytest.raises(ValueError, match="unknown formats"):
        DataTable(("a",), (), ("pounds",))
    with pytest.raises(ValueError, match="row 0"):
        DataTable(("a", "b"), (("x",),), ("text", "int"))


def test_a_line_chart_table_is_x_and_each_series_that_shares_it():
    spec = ChartSpec(
        "line",
        (),
        (
            Series("a", (1.0, 2.0), x=(0.0, 1.0)),
            Series("b", (3.0, 4.0), x=(0.0, 1.0)),
            Series("mark", (2.5,), x=(0.5,), style="markers"),
        ),
        x_title="Year",
        x_format="int",
        value_format="gbp0",
    )
    t = table_of(spec)
    assert t.headers == ("Year", "a", "b") and t.rows == ((0.0, 1.0, 3.0), (1.0, 2.0, 4.0))
    assert t.formats == ("int", "gbp0", "gbp0")
    assert t.display_rows("cy")[1] == ["1", "£2", "£4"]


def test_heatmap_cells_print_their_label_or_value():
    spec = ChartSpec(
        "heatmap",
        ("r1", "r2"),
        (Series("c1", (0.25, 0.5)), Series("c2", (1.0, 2.0), labels=("#1", "#2"))),
        value_format="pct0",
    )
    assert spec.cell_text(1, 0, "en") == "50%" and spec.cell_text(0, 1, "en") == "#1"


def test_specs_are_frozen_and_hashable():
    s = ChartSpec("hbar", ("a",), (Series("x", (1.0,)),))
    assert hash(s) == hash(ChartSpec("hbar", ("a",), (Series("x", (1.0,)),)))
    with pytest.raises(AttributeError):
        s.kind = "line"  # type: ignore[misc]
