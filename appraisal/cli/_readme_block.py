"""``python -m appraisal.cli._readme_block [--check]``: rewrite (or check) the README's ranking
block from ``rank --region all --format markdown`` (English, bundled data, default weights)."""

from __future__ import annotations

import sys
from pathlib import Path

from appraisal.cli._rank_markdown import current_block, ranking_markdown, replace_block

README = Path(__file__).resolve().parents[2] / "README.md"


def generated() -> str:
    from appraisal.data import load_dataset
    from appraisal.run import default_inputs, run

    ds = load_dataset()
    return ranking_markdown(ds, list(run(ds, default_inputs(ds))), "en")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = README.read_text(encoding="utf-8")
    block = generated()
    if "--check" in argv:
        if current_block(text) != block:
            print("README.md: the ranking block is out of date; run 'make readme'", file=sys.stderr)
            return 1
        return 0
    README.write_text(replace_block(text, block), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
