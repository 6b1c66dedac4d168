"""Command-line interface: ``python -m appraisal <command> ...``.

Each command lives in its own module in this package and exposes
``register(subparsers)``, which adds its sub-parser and sets ``func`` to a handler
``func(args) -> int``. Commands are discovered, so adding a module adds a command.
Errors a user can act on print one line on stderr and exit 2; nothing prints a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from appraisal.errors import AppraisalError
from appraisal.i18n import t

EXIT_USER_ERROR = 2
EXIT_INTERNAL = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2 (argparse's own convention)
        self.exit(EXIT_USER_ERROR, f"{self.prog}: {t('cli.error')}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m appraisal", description=t("cli.description"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for mod in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
        module = importlib.import_module(f"{__name__}.{mod}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except AppraisalError as exc:
        print(f"{t('cli.error')}: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except (OSError, ValueError) as exc:
        print(f"{t('cli.error')}: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI must never show a traceback
        print(f"{t('cli.internal_error')}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
