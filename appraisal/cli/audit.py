"""``audit verify``: check the audit trail's hash chain and name the first broken link.

    python -m appraisal audit verify [--db URL] [--format text|json]

Each audit row stores the hash of the row before it and its own (``appraisal.store.audit``).
The command walks the chain from the first row to the last and checks that every saved
scenario version still has its audit row. Exit 0 when the trail is intact; exit 1, with
one line naming the first broken link, when an entry was changed, removed, added or moved,
or entries are missing from the end; exit 2 for a database that cannot be opened. Reading
only: it works on a read-only database.
"""

from __future__ import annotations

import argparse

from appraisal.cli._output import to_json
from appraisal.i18n import t
from appraisal.store.repository import Repository


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help=t("store.cli.audit.help"), description=t("store.cli.audit.help"))
    ss = p.add_subparsers(dest="audit_command", metavar="ACTION")
    ss.required = True
    q = ss.add_parser("verify", help=t("store.cli.verify.help"), description=t("store.cli.verify.help"))
    q.add_argument("--db", default=None, metavar="URL", help=t("store.cli.opt.db"))
    q.add_argument("--format", choices=("text", "json"), default="text", help=t("cli.opt.format"))
    q.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    report = Repository.open(args.db).verify_audit()
    key = report.problem or "store.verify.ok"
    text = t(key, n=report.entries, entry=report.entry, head=report.head[:16], detail=report.detail)
    if args.format == "json":
        print(
            to_json(
                {
                    "ok": report.ok,
                    "entries": report.entries,
                    "head": report.head,
                    "problem": report.problem,
                    "entry": report.entry,
                    "detail": report.detail,
                    "message": text,
                }
            )
        )
    else:
        print(text)
    return 0 if report.ok else 1
