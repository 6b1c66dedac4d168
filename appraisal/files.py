"""Writing the files the CLI produces (reports, exported scenarios)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _default_mode() -> int:
    """The mode a new file gets from ``open()`` under the process's umask (0644 under the
    usual 022): reports are for sharing, not private to their author."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a partial file never carries the final name
    (a temporary file beside it, then ``os.replace``). The file gets the mode ``open()``
    would give it (``mkstemp`` alone makes it 0600), or keeps the mode of the file it
    replaces."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            os.fchmod(fh.fileno(), mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
