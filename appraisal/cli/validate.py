"""``validate``: check a data folder and print every problem found."""

from __future__ import annotations

import argparse
import sys

from appraisal.data import collect
from appraisal.economics import collect_assumptions  # economics (issue 4)
from appraisal.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help=t("cli.validate.help"), description=t("cli.validate.help"))
    p.add_argument("--data-dir", default=None, help=t("cli.opt.data_dir"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ds, issues = collect(args.data_dir)
    # --- economics (issue 4): check assumptions/ too, against the data set's option and region ids
    econ, econ_issues = collect_assumptions(
        ds.data_dir if ds is not None else args.data_dir,
        option_ids=ds.option_ids if ds is not None else None,
        region_ids=ds.region_ids if ds is not None else None,
    )
    issues = [*issues, *econ_issues]
    # --- end economics
    if issues:
        for issue in issues:
            print(str(issue), file=sys.stderr)
        print(t("cli.validate.failed", n=len(issues)), file=sys.stderr)
        return 1
    assert ds is not None
    print(
        t(
            "cli.validate.ok",
            path=str(ds.data_dir),
            options=len(ds.options),
            criteria=len(ds.criteria),
            regions=len(ds.regions),
            version=ds.version,
        )
    )
    assert econ is not None
    print(t("econ.validate.ok", n=len(econ.params), version=econ.version))  # economics (issue 4)
    return 0
