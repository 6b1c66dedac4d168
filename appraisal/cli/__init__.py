"""Command-line interface: ``python -m appraisal <command> ...``.

Each command lives in its own module in this package and exposes
``register(subparsers)``, which adds its sub-parser and sets ``func`` to a handler
``func(args) -> int``. Commands are discovered, so adding a module adds a command.
Errors a user can act on print one line on stderr and exit 2; nothing prints a
traceback.

Start-up is lazy: a command's module (and what it imports: scipy, sqlalchemy, the report
renderers) is imported only when that command runs. The other commands are listed from
their module's source, read without importing it: ``register``'s ``add_parser(name,
help=t(key))`` gives the name and the catalogue key of the help text, so ``--help``
lists every command, in the chosen language, in a fraction of a second. A module whose
``register`` does not have that shape is simply imported, as before.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from appraisal.errors import AppraisalError
from appraisal.i18n import LANGUAGES, set_language, t

ENV_LANG = "PAIR_LANG"

EXIT_USER_ERROR = 2
EXIT_INTERNAL = 3

_PLACEHOLDER = "_command_not_loaded"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2 (argparse's own convention)
        self.exit(EXIT_USER_ERROR, f"{self.prog}: {t('cli.error')}: {message}\n")


def _modules() -> list[str]:
    """The command modules of this package, in name order (helpers start with '_')."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


@cache
def _declared(module: str) -> tuple[str, str] | None:
    """``(command name, help key)`` as the module's ``register`` declares them in its
    first ``add_parser("name", help=t("key"), ...)``, read from the source without
    importing it; None when the source is not there or does not have that shape."""
    path = Path(__file__).with_name(f"{module}.py")
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None
    register = next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "register"),
        None,
    )
    if register is None:
        return None
    for node in ast.walk(register):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr != "add_parser" or not node.args:
            continue
        name = node.args[0]
        help_kw = next((k.value for k in node.keywords if k.arg == "help"), None)
        if (
            isinstance(name, ast.Constant)
            and isinstance(name.value, str)
            and isinstance(help_kw, ast.Call)
            and isinstance(help_kw.func, ast.Name)
            and help_kw.func.id == "t"
            and len(help_kw.args) == 1
            and not help_kw.keywords
            and isinstance(help_kw.args[0], ast.Constant)
            and isinstance(help_kw.args[0].value, str)
        ):
            return name.value, help_kw.args[0].value
        return None  # the first add_parser is the command's own: any other shape, import
    return None


def _command_in(argv: Sequence[str], names: set[str]) -> str | None:
    """The command named in ``argv``: the first known command name that is not the value
    of the top-level ``--lang`` option (or an abbreviation of it)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg.startswith("--") and "=" not in arg and "--lang".startswith(arg) and len(arg) > 2:
            skip = True
            continue
        if arg in names:
            return arg
    return None


def build_parser(argv: Sequence[str] | None = None, *, load: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser of every command.

    With ``argv`` only the command it names (and those in ``load``) are imported and
    registered in full; the others are listed by name and help text (see the module
    docstring). Without ``argv`` every command is imported.
    """
    parser = _Parser(prog="python -m appraisal", description=t("cli.description"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=t("cli.opt.lang"))
    modules = _modules()
    declared = {mod: _declared(mod) for mod in modules}
    wanted = set(load)
    if argv is not None:
        named = _command_in(argv, {d[0] for d in declared.values() if d is not None})
        if named is not None:
            wanted.add(named)
    for mod in modules:
        decl = declared[mod]
        if argv is None or decl is None or decl[0] in wanted:
            module = importlib.import_module(f"{__name__}.{mod}")
            if hasattr(module, "register"):
                module.register(sub)
            continue
        name, key = decl
        p = sub.add_parser(name, help=t(key), description=t(key))
        # a command not loaded yet takes any arguments: main() loads it and parses again
        p.add_argument("_arguments", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        p.set_defaults(**{_PLACEHOLDER: name})
    for child in sub.choices.values():  # every command also accepts --lang
        if not any("--lang" in a.option_strings for a in child._actions):
            child.add_argument("--lang", choices=LANGUAGES, default=None, help=t("cli.opt.lang"))
    _escape_percent(parser)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``argv``, importing only the command it runs."""
    argv = list(argv)
    args = build_parser(argv).parse_args(argv)
    name = getattr(args, _PLACEHOLDER, None)
    if isinstance(name, str):  # named in a way _command_in did not see: load it, parse again
        args = build_parser(argv, load=(name,)).parse_args(argv)
    return args


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
        args = parse(argv)
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
