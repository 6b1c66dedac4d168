"""``scenario``: list saved scenarios, export one to JSON, import one from JSON.

    python -m appraisal scenario list [--all] [--format table|json] [--db URL]
    python -m appraisal scenario export NAME --out FILE [--version N] [--db URL]
    python -m appraisal scenario import FILE [--author A] [--name NEW] [--comment C] [--db URL]

The database is ``--db`` if given, else ``$PAIR_DATABASE_URL``, else the SQLite file
(``$PAIR_DB_PATH`` or ``./data/pair_appraisal.sqlite``). An import is read (scenario
format 1 or 2), checked against the data folder (``--data-dir``) as a run would check it
(``appraisal.run.validate``: criterion, region and option ids, every score against its
scale, every economic override against its parameter's allowed range) and refused whole,
with one line on stderr naming the field and exit code 2, if anything in it is wrong; a
refused file stores nothing. So no scenario that ``report`` would refuse can be stored.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from appraisal.cli._output import table, to_json
from appraisal.files import write_atomic
from appraisal.i18n import t
from appraisal.store.errors import StoreError
from appraisal.store.repository import Repository
from appraisal.store.scenario import MAX_FILE_BYTES


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scenario", help=t("store.cli.help"), description=t("store.cli.help"))
    ss = p.add_subparsers(dest="scenario_command", metavar="ACTION")
    ss.required = True

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument("--db", default=None, metavar="URL", help=t("store.cli.opt.db"))

    q = ss.add_parser("list", help=t("store.cli.list.help"), description=t("store.cli.list.help"))
    q.add_argument("--all", action="store_true", help=t("store.cli.opt.all"))
    q.add_argument("--format", choices=("table", "json"), default="table", help=t("cli.opt.format"))
    common(q)
    q.set_defaults(func=run_list)

    q = ss.add_parser("export", help=t("store.cli.export.help"), description=t("store.cli.export.help"))
    q.add_argument("name", metavar="NAME", help=t("store.cli.opt.name"))
    q.add_argument("--out", required=True, metavar="FILE", help=t("store.cli.opt.out"))
    q.add_argument("--version", type=int, default=None, metavar="N", help=t("store.cli.opt.version"))
    common(q)
    q.set_defaults(func=run_export)

    q = ss.add_parser("import", help=t("store.cli.import.help"), description=t("store.cli.import.help"))
    q.add_argument("file", metavar="FILE", help=t("store.cli.opt.file"))
    q.add_argument("--author", default=None, help=t("store.cli.opt.author"))
    q.add_argument("--name", default=None, help=t("store.cli.opt.rename"))
    q.add_argument("--comment", default="", help=t("store.cli.opt.comment"))
    q.add_argument("--data-dir", default=None, help=t("cli.opt.data_dir"))
    common(q)
    q.set_defaults(func=run_import)


def run_list(args: argparse.Namespace) -> int:
    repo = Repository.open(args.db)
    items = repo.list(include_archived=args.all)
    if args.format == "json":
        print(
            to_json(
                [
                    {
                        "name": s.name,
                        "version": s.latest_version,
                        "archived": s.archived,
                        "updated_at": s.updated_at.isoformat(),
                        "updated_by": s.updated_by,
                        "regions": list(s.regions),
                        "data_version": s.data_version,
                    }
                    for s in items
                ]
            )
        )
        return 0
    if not items:
        print(t("store.cli.list.empty", db=repo.db.display_url))
        return 0
    headers = [t(f"store.cli.col.{k}") for k in ("name", "version", "updated_at", "updated_by", "archived")]
    rows = [
        [
            s.name,
            s.latest_version,
            s.updated_at.strftime("%Y-%m-%d %H:%M"),
            s.updated_by,
            t("store.cli.yes") if s.archived else "",
        ]
        for s in items
    ]
    print(table(headers, rows))
    return 0


def run_export(args: argparse.Namespace) -> int:
    repo = Repository.open(args.db)
    text = repo.export_json(args.name, args.version)
    if args.out == "-":
        print(text, end="")
        return 0
    write_atomic(Path(args.out), text.encode("utf-8"))
    print(t("store.cli.exported", name=args.name, path=args.out))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from appraisal.data import load_dataset

    path = Path(args.file)
    if not path.is_file():
        raise StoreError("store.cli.no_file", path=str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise StoreError("store.err.too_big", size=path.stat().st_size, limit=MAX_FILE_BYTES)
    data = path.read_bytes()
    dataset = load_dataset(args.data_dir)
    repo = Repository.open(args.db)
    res = repo.import_json(data, actor=args.author, rename=args.name, dataset=dataset, comment=args.comment)
    print(t("store.cli.imported", name=res.name, db=repo.db.display_url))
    return 0
