"""Suite-wide set-up: tests never touch the user's saved work.

Every test session gets its own SQLite file for the scenario store (inherited by any
app server a browser test starts), so running the tests cannot read, change or lock
``./data/pair_appraisal.sqlite``. Individual tests may still point elsewhere.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="pair-tests-"))
os.environ.pop("PAIR_DATABASE_URL", None)
os.environ["PAIR_DB_PATH"] = str(_TMP / "pair_appraisal.sqlite")
