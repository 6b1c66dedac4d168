"""``rank --format markdown``: the ranking per region and what drives it, as the README shows it.

Generated from the run (``RegionResults.drivers``), never written by hand: ``make readme``
rewrites the README block between its markers and a test checks the block equals this output.
"""

from __future__ import annotations

from appraisal.i18n import localised, t

#: The README block's markers (the text between them is this module's output).
START = "<!-- ranking:start -->"
END = "<!-- ranking:end -->"


def _cell(text: str) -> str:
    """Table-cell text: pipes and line breaks escaped (data text is plain)."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _points(x: float) -> str:
    return f"{x:+.1f}".replace("-", "\u2212")


def ranking_markdown(ds, regions, lang: str = "en") -> str:
    """A Markdown table: per region the top three with totals, the margin, and the drivers."""
    crit = {c.id: localised(c, "name", lang) for c in ds.criteria}
    opt = {o.id: localised(o, "name", lang) for o in ds.options}
    head = [t(f"rankmd.col.{k}", lang) for k in ("region", "first", "second", "third", "margin", "drivers")]
    lines = [
        t("rankmd.intro", lang, weights=t(f"ui.method.{regions[0].mcda.weights.method}", lang)),
        "",
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---" for _ in head) + "|",
    ]
    for reg in regions:
        res, d = reg.mcda, reg.drivers
        ids = res.problem.option_ids
        top = [f"{opt[ids[i]]} ({res.totals[i]:.1f})" for i in res.order[:3]]
        top += [""] * (3 - len(top))
        parts = []
        if d.lead_for:
            parts.append(
                t(
                    "rankmd.lead_for",
                    lang,
                    runner=opt[d.runner_up] if d.runner_up else "",
                    list=", ".join(f"{crit[x.criterion]} ({_points(x.points)})" for x in d.lead_for),
                )
            )
        if d.lead_against:
            parts.append(
                t(
                    "rankmd.lead_against",
                    lang,
                    list=", ".join(f"{crit[x.criterion]} ({_points(x.points)})" for x in d.lead_against[:2]),
                )
            )
        if d.decisive:
            parts.append(
                t(
                    "rankmd.decisive",
                    lang,
                    winner=opt[d.winner_without_overrides],
                    list=", ".join(
                        f"{opt[x.option]} × {crit[x.criterion]} ({x.baseline_score:g} → {x.region_score:g})"
                        for x in d.decisive[:3]
                    ),
                )
            )
        elif d.overrides:
            x = d.overrides[0]
            parts.append(
                t(
                    "rankmd.largest_override",
                    lang,
                    option=opt[x.option],
                    criterion=crit[x.criterion],
                    points=_points(x.change_in_total),
                )
            )
        else:
            parts.append(t("rankmd.no_overrides", lang))
        row = [localised(reg.region, "name", lang), *top, f"{d.margin:.1f}", " ".join(parts)]
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    lines += ["", t("rankmd.note", lang)]
    return "\n".join(lines) + "\n"


def replace_block(readme: str, block: str) -> str:
    """``readme`` with the text between the markers replaced by ``block``."""
    a, b = readme.index(START) + len(START), readme.index(END)
    return readme[:a] + "\n" + block + readme[b:]


def current_block(readme: str) -> str:
    a, b = readme.index(START) + len(START), readme.index(END)
    return readme[a:b].lstrip("\n")


__all__ = ["END", "START", "current_block", "ranking_markdown", "replace_block"]
