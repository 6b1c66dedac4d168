"""``report``: write the appraisal report for one region or all seven, in any format.

    python -m appraisal report --region ID|all [--scenario NAME|FILE]
        [--format docx,pdf,xlsx,html] --out DIR [--lang en|cy] [--data-dir DIR]
        [--weights FILE] [--date YYYY-MM-DD] [--seed S] [--samples N] [--each]
        [--workshop CODE] [--db URL]

``--scenario`` takes a scenario JSON file exported by the store, or the name of a
scenario saved in the database (then its audit trail goes into the report).
``--region all`` writes one report covering the seven regions; add ``--each`` for one
report per region as well. Each file written is printed on its own line; what the
command is doing (working out, writing, done in how long) goes to stderr, as do
problems (one line, exit 2).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from appraisal.cli._inputs import add_draws, add_economics, add_weight_model, add_weights, inputs_from_args
from appraisal.data import Dataset, load_dataset
from appraisal.errors import DataError, DataIssue
from appraisal.files import write_atomic
from appraisal.i18n import LANGUAGES, current_language, t
from appraisal.i18n.formatting import format_number
from appraisal.report import FORMATS, STATIC_FIGURES, ScenarioInfo, build_report, file_name
from appraisal.report.parallel import render_all
from appraisal.run import run as run_appraisal
from appraisal.workers import default_workers


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help=t("report.cli.help"), description=t("report.cli.help"))
    p.add_argument("--region", required=True, help=t("cli.opt.region"))
    p.add_argument("--scenario", default=None, metavar="NAME|FILE", help=t("report.cli.opt.scenario"))
    p.add_argument("--format", default=",".join(FORMATS), metavar="LIST", help=t("report.cli.opt.format"))
    p.add_argument("--out", required=True, metavar="DIR", help=t("report.cli.opt.out"))
    p.add_argument("--lang", default=None, choices=LANGUAGES, help=t("report.cli.opt.lang"))
    p.add_argument("--data-dir", default=None, help=t("cli.opt.data_dir"))
    add_weights(p)
    p.add_argument("--date", default=None, metavar="YYYY-MM-DD", help=t("report.cli.opt.date"))
    add_draws(p, draws_flag="--samples", alias="--draws")
    add_weight_model(p)
    add_economics(p)
    p.add_argument("--each", action="store_true", help=t("report.cli.opt.each"))
    p.add_argument(
        "--variant",
        default="technical",
        choices=("technical", "full", "summary"),
        help=t("report.cli.opt.variant"),
    )
    p.add_argument("--workshop", default=None, metavar="CODE", help=t("report.cli.opt.workshop"))
    p.add_argument("--db", default=None, metavar="URL", help=t("report.cli.opt.db"))
    p.set_defaults(func=run)


def parse_formats(text: str) -> tuple[str, ...]:
    items = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in items if f not in FORMATS]
    if bad or not items:
        raise ValueError(t("report.cli.bad_format", got=", ".join(bad) or text, known=", ".join(FORMATS)))
    return tuple(dict.fromkeys(items))


def parse_date(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(t("report.cli.bad_date", got=text)) from None


def load_scenario(spec: str, ds: Dataset, db: str | None) -> tuple[Any, ScenarioInfo, list | None]:
    """A scenario from a JSON file (no audit trail) or by name from the database (with it):
    (the scenario, what the report records of it, its audit trail or None)."""
    from appraisal.run import validate
    from appraisal.store.scenario import parse_json

    path = Path(spec)
    if path.suffix.lower() == ".json" or path.is_file():
        if not path.is_file():
            raise DataError(DataIssue(spec, "file not found"))
        scenario = parse_json(path.read_bytes())
        validate(ds, scenario.inputs)
        info = ScenarioInfo(
            scenario.name, scenario.author, scenario.reason, scenario.notes, dissent=scenario.dissent
        )
        return scenario, info, None
    from appraisal.store.repository import Repository

    repo = Repository.open(db)
    scenario = repo.load(spec)
    validate(ds, scenario.inputs)
    version = repo.latest_version(scenario.name)
    saved = next((v for v in repo.versions(scenario.name) if v.version == version), None)
    info = ScenarioInfo(
        scenario.name,
        scenario.author,
        scenario.reason,
        scenario.notes,
        version,
        saved.created_at.isoformat(timespec="seconds") if saved is not None else "",
        dissent=scenario.dissent,
    )
    return scenario, info, repo.audit(subject=scenario.name)


def load_workshop(code: str, ds: Dataset, db: str | None):
    from appraisal.report import WorkshopInput
    from appraisal.store.db import open_database
    from appraisal.store.workshop import Workshop, aggregate

    ws = Workshop(open_database(db))
    info = ws.session(code)
    agg = aggregate(ws.latest_submissions(info.code), ds.criterion_ids)
    if agg is None:
        raise ValueError(t("report.cli.workshop_empty", code=info.code))
    return WorkshopInput(info.title or info.code, agg)


def run(args: argparse.Namespace) -> int:
    formats = parse_formats(args.format)
    when = parse_date(args.date)
    ds = load_dataset(args.data_dir)
    scenario, info, audit = (None, None, None)
    if args.scenario:
        scenario, info, audit = load_scenario(args.scenario, ds, args.db)
    region = args.region
    args.region = None  # the report's scope; the run covers every region asked for below
    inputs = inputs_from_args(args, ds, scenario.inputs if scenario is not None else None)
    if args.lang:
        inputs = inputs.with_changes(lang=args.lang)
    region_ids = ds.region_ids if region == "all" else (ds.region(region).id,)
    results = run_appraisal(ds, inputs.with_changes(regions=()))
    workshop = load_workshop(args.workshop, ds, args.db) if args.workshop else None
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    batches = [region_ids]
    if args.each and len(region_ids) > 1:
        batches += [(r,) for r in region_ids]
    static = bool(STATIC_FIGURES & set(formats))
    workers = default_workers()
    started = time.perf_counter()
    for regions in batches:
        _progress(
            "report.cli.progress.build",
            regions=len(regions),
            draws=format_number(inputs.draws, current_language(), decimals=0),
        )
        report = build_report(
            results,
            regions=regions,
            scenario=info,
            report_date=when,
            static_figures=static,
            audit_entries=audit,
            workshop=workshop,
            workers=workers,
            variant=args.variant,
        )
        _progress("report.cli.progress.write", formats=", ".join(formats))
        # the formats side by side (forked workers; the same bytes as one by one)
        for fmt, data in render_all(report, formats, workers).items():
            path = out / file_name(report, fmt)
            write_atomic(path, data)
            print(path, flush=True)
    _progress(
        "report.cli.progress.done",
        seconds=format_number(time.perf_counter() - started, current_language(), decimals=1),
    )
    return 0


def _progress(key: str, **kwargs: object) -> None:
    """One line on stderr saying what the command is doing (the files written go to
    stdout, one a line, so a script reading them is not disturbed)."""
    print(t(key, **kwargs), file=sys.stderr, flush=True)
