"""Charts of a scenario comparison (the Scenarios page's Compare tab).

Each builder reads a :class:`~appraisal.store.compare.Comparison` (which aggregates the
``run()`` results of 2 to 8 saved scenarios) and a :class:`~appraisal.present.Presenter`
(names in the current language), and returns a
:class:`~appraisal.charts.spec.ChartSpec` with its table equivalent. Numbers are the
comparison's own: totals and ranks per region, the normalised weights the runs used.
The one thing derived here is a criterion group's weight, the sum of its criteria's
normalised weights (as the additive engine's ``group_weights`` is).

Grouped horizontal bars are drawn with the ``stacked_hbar`` kind: one row per option
(or group) and scenario, one series per scenario holding that scenario's values on its
own rows (zero elsewhere), so each scenario has its palette colour, its bar pattern and a
legend entry; every row is named above its bar (option, scenario and rank: colour is
never the only carrier) and prints its value. The renderers wrap the names, so long
option and scenario names are never cut.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from appraisal.charts.spec import ChartSpec, DataTable, Series
from appraisal.present import Presenter

#: What the weights chart can show a bar (or a row) for.
BY = ("group", "criterion")


def option_ids(comparison: Any, region: str, pr: Presenter | None = None) -> tuple[str, ...]:
    """The options the comparison's totals for ``region`` are about, in column order:
    the region's own shortlist ("build on what exists" only where a team exists today),
    as the comparison recorded it (``Comparison.options_in``)."""
    ids = tuple(comparison.options_in(region))
    n = int(np.asarray(comparison.totals[region]).shape[1])
    if len(ids) != n:
        raise ValueError(f"region {region!r}: {n} totals per scenario but {len(ids)} options")
    return ids


def _order(ranks: np.ndarray) -> list[int]:
    """Columns best first under the reference (first) scenario; ties in data order."""
    return sorted(range(ranks.shape[1]), key=lambda k: (int(ranks[0, k]), k))


def _one_hot(names: Sequence[str], rows: Sequence[tuple[int, float]], n_rows: int) -> tuple[Series, ...]:
    """A series per scenario: its value on the rows that are its own, zero elsewhere."""
    out = []
    for i, name in enumerate(names):
        vals = [0.0] * n_rows
        for r, (who, v) in enumerate(rows):
            if who == i:
                vals[r] = float(v)
        out.append(Series(name, tuple(vals), colour=i, pattern=i))
    return tuple(out)


def totals(comparison: Any, region: str, pr: Presenter, *, title: str | None = None) -> ChartSpec:
    """Each option's total value (0-100) under each scenario in ``region``, side by side:
    options best first under the reference scenario, a bar per scenario under each
    option, named with its option, scenario and rank, its total printed."""
    c = comparison
    ids = option_ids(c, region, pr)
    tot = np.asarray(c.totals[region], dtype=float)
    rk = np.asarray(c.ranks[region])
    order = _order(rk)
    cats: list[str] = []
    rows: list[tuple[int, float]] = []
    for k in order:
        for i, name in enumerate(c.names):
            line = pr.tr("chart.scenario_compare.row", scenario=name, rank=int(rk[i, k]))
            # every bar names its option (a name only over the first bar of a group
            # leaves a gap that puts the later bars nearer the next option's name)
            cats.append(f"{pr.option(ids[k])}\n{line}")
            rows.append((i, float(tot[i, k])))
    headers = [pr.tr("col.option")]
    formats = ["text"]
    for name in c.names:
        headers += [
            pr.tr("chart.scenario_compare.col_rank", name=name),
            pr.tr("chart.scenario_compare.col_total", name=name),
        ]
        formats += ["int", "num1"]
    table_rows = [
        (pr.option(ids[k]), *(x for i in range(len(c.names)) for x in (int(rk[i, k]), float(tot[i, k]))))
        for k in order
    ]
    return ChartSpec(
        "stacked_hbar",
        tuple(cats),
        _one_hot(c.names, rows, len(cats)),
        x_title=pr.tr("ui.chart.total_value"),
        value_format="num1",
        x_range=(0.0, 100.0),
        show_values=False,
        show_totals=True,
        title=pr.tr("chart.scenario_compare.totals_title", region=pr.region(region))
        if title is None
        else title,
        key=f"scenario_totals_{region}",
        table=DataTable(tuple(headers), tuple(table_rows), tuple(formats)),
    )


def group_weights(comparison: Any, pr: Presenter) -> tuple[tuple[str, ...], np.ndarray]:
    """(group ids in data order, weights of shape (n_scenarios, n_groups)): each group's
    weight is the sum of its criteria's normalised weights."""
    ds = pr.dataset
    gids = tuple(g.id for g in ds.groups)
    of = {cr.id: cr.group for cr in ds.criteria}
    w = np.asarray(comparison.weights, dtype=float)
    out = np.zeros((w.shape[0], len(gids)))
    for j, cid in enumerate(comparison.criterion_ids):
        out[:, gids.index(of[cid])] += w[:, j]
    return gids, out


def weights(comparison: Any, pr: Presenter, *, by: str = "group", title: str | None = None) -> ChartSpec:
    """The weights under each scenario side by side.

    ``by='group'``: grouped bars, a bar per scenario under each criterion group (data
    order), its share printed. ``by='criterion'``: a heatmap, criteria as rows and
    scenarios as columns, every cell printing the criterion's share (19 criteria as bars
    for each scenario would be too long to read)."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, not {by!r}")
    c = comparison
    names = tuple(c.names)
    if by == "group":
        gids, w = group_weights(c, pr)
        labels = [pr.group(g) for g in gids]
        cats: list[str] = []
        rows: list[tuple[int, float]] = []
        for k, g in enumerate(labels):
            for i, name in enumerate(names):
                cats.append(f"{g}\n{name}")
                rows.append((i, float(w[i, k])))
        top = float(w.max()) if w.size else 0.0
        return ChartSpec(
            "stacked_hbar",
            tuple(cats),
            _one_hot(names, rows, len(cats)),
            x_title=pr.tr("ui.chart.weight_pct"),
            value_format="pct0",
            x_range=(0.0, max(top, 0.01) * 1.15),
            show_values=False,
            show_totals=True,
            title=pr.tr("chart.scenario_compare.weights_title_group") if title is None else title,
            key="scenario_weights_group",
            table=_weights_table(pr, pr.tr("ui.col.group"), labels, names, w),
        )
    w = np.asarray(c.weights, dtype=float)
    labels = [pr.criterion(x) for x in c.criterion_ids]
    series = tuple(Series(name, tuple(float(v) for v in w[i])) for i, name in enumerate(names))
    return ChartSpec(
        "heatmap",
        tuple(labels),
        series,
        value_format="pct0",
        x_range=(0.0, max(float(w.max()) if w.size else 0.0, 0.01)),
        title=pr.tr("chart.scenario_compare.weights_title_criterion") if title is None else title,
        key="scenario_weights_criterion",
        note=pr.tr("chart.scenario_compare.weights_note_criterion"),
        table=_weights_table(pr, pr.tr("ui.col.criterion"), labels, names, w),
    )


def _weights_table(
    pr: Presenter, head: str, labels: Sequence[str], names: Sequence[str], w: np.ndarray
) -> DataTable:
    return DataTable(
        (head, *(pr.tr("chart.scenario_compare.col_weight", name=n) for n in names)),
        tuple((lab, *(float(w[i, k]) for i in range(len(names)))) for k, lab in enumerate(labels)),
        ("text",) + ("pct1",) * len(names),
    )


# ---------------------------------------------------------------------------- alt text


def totals_alt(comparison: Any, region: str, pr: Presenter, *, escape: Callable[[str], str] = str) -> str:
    """The totals chart's text alternative: what it shows and which option is first
    under each scenario (tied firsts joined by '='). ``escape`` is applied to the
    scenario names (users' text: the app also shows the alternative as Markdown)."""
    c = comparison
    ids = option_ids(c, region, pr)
    rk = np.asarray(c.ranks[region])
    firsts = pr.tr("chart.scenario_compare.list_sep").join(
        pr.tr(
            "chart.scenario_compare.first_under",
            scenario=escape(name),
            option=pr.winners(tuple(ids[k] for k in range(len(ids)) if int(rk[i, k]) == 1)),
        )
        for i, name in enumerate(c.names)
    )
    return pr.tr("chart.scenario_compare.totals_alt", region=pr.region(region), n=len(c.names), firsts=firsts)


def weights_alt(
    comparison: Any, pr: Presenter, *, by: str = "group", escape: Callable[[str], str] = str
) -> str:
    """The weights chart's text alternative: what it shows and the heaviest group (or
    criterion) under each scenario with its share (``escape``: as for :func:`totals_alt`)."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, not {by!r}")
    c = comparison
    if by == "group":
        keys, w = group_weights(c, pr)
        label = pr.group
    else:
        keys, w, label = tuple(c.criterion_ids), np.asarray(c.weights, dtype=float), pr.criterion
    heaviest = pr.tr("chart.scenario_compare.list_sep").join(
        pr.tr(
            "chart.scenario_compare.heaviest_under",
            scenario=escape(name),
            item=label(keys[int(np.argmax(w[i]))]),
            share=pr.share(float(np.max(w[i]))),
        )
        for i, name in enumerate(c.names)
    )
    return pr.tr(f"chart.scenario_compare.weights_alt_{by}", n=len(c.names), heaviest=heaviest)
