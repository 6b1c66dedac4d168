"""``python -m appraisal``: the command-line interface."""

import sys

from appraisal.cli import main

if __name__ == "__main__":
    sys.exit(main())
