"""The CLI imports only the command it runs; ``--help`` lists every command (read from
each command module's source) exactly as registering them all would."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from appraisal import cli
from appraisal.i18n import language

ROOT = Path(__file__).resolve().parents[2]


def _modules_after(code: str) -> set[str]:
    script = (
        "import sys\n"
        "from appraisal.cli import main\n"
        f"try:\n    {code}\nexcept SystemExit:\n    pass\n"
        "print('|'.join(sorted(sys.modules)))\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120, check=True
    )
    return set(res.stdout.strip().splitlines()[-1].split("|"))


def _listing(parser: argparse.ArgumentParser) -> dict[str, str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {c.dest: c.help for c in sub._choices_actions}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_listing_from_source_is_the_registered_listing(lang):
    with language(lang):
        lazy = _listing(cli.build_parser([]))
        full = _listing(cli.build_parser())
    assert lazy == full
    assert {"rank", "report", "scenario", "sensitivity", "economics", "validate"} <= set(lazy)


def test_every_command_module_declares_its_name_and_help():
    for mod in cli._modules():
        decl = cli._declared(mod)
        assert decl is not None, (
            f"appraisal/cli/{mod}.py: register() has no add_parser('name', help=t('key'))"
        )


def test_only_the_command_named_is_imported():
    with language("en"):
        parser = cli.build_parser(["--lang", "cy", "rank", "--region", "gwent"])
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    loaded = {name for name, p in sub.choices.items() if "func" in p._defaults}
    assert loaded == {"rank"}


def test_rank_and_help_do_not_import_other_commands():
    mods = _modules_after("main(['rank', '--region', 'gwent', '--format', 'json'])")
    commands = {m for m in mods if m.startswith("appraisal.cli.") and not m.startswith("appraisal.cli._")}
    assert commands == {"appraisal.cli.rank"}
    assert not any(
        m.startswith(("sqlalchemy", "appraisal.store", "appraisal.report", "pymcdm")) for m in mods
    )
    mods = _modules_after("main(['--help'])")
    assert not any(m.startswith("appraisal.cli.") and not m.startswith("appraisal.cli._") for m in mods)
    assert not any(m.startswith(("numpy", "scipy", "sqlalchemy", "matplotlib")) for m in mods)


def test_an_abbreviated_lang_option_still_runs_the_command():
    res = subprocess.run(
        [sys.executable, "-m", "appraisal", "--lan", "cy", "rank", "--region", "powys", "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("region,rank,option")
