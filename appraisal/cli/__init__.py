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
import os
import pkgutil
import sys

from appraisal.errors import AppraisalError
from appraisal.i18n import LANGUAGES, set_language, t

ENV_LANG = "PAIR_LANG"

EXIT_USER_ERROR = 2
EXIT_INTERNAL = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2 (argparse's own convention)
        self.exit(EXIT_USER_ERROR, f"{self.prog}: {t('cli.error')}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m appraisal", description=t("cli.description"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=t("cli.opt.lang"))
    for mod in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
        module = importlib.import_module(f"{__name__}.{mod}")
        if hasattr(module, "register"):
            module.register(sub)
    for child in sub.choices.values():  # every command also accepts --lang
        if not any("--lang" in a.option_strings for a in child._actions):
            child.add_argument("--lang", choices=LANGUAGES, default=None, help=t("cli.opt.lang"))
    _escape_percent(parser)
    return parser


def _escape_percent(parser: argparse.ArgumentParser) -> None:
    """Catalogue texts may hold '%' (e.g. '±20%'); argparse would read it as a format."""
    for action in parser._actions:
        if action.help and "%" in action.help and "%(" not in action.help:
            action.help = action.help.replace("%", "%%")
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _escape_percent(child)


def _language_from(argv: list[str]) -> str | None:
    """The --lang value wherever it appears, so help and errors use it too."""
    for k, arg in enumerate(argv):
        if arg == "--lang" and k + 1 < len(argv):
            return argv[k + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> int:
    """Run a command. Language: ``--lang``, else ``$PAIR_LANG``, else English."""
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_language_from(argv) or os.environ.get(ENV_LANG, "") or "en")
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
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
