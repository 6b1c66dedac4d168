"""Make OOXML packages (DOCX, XLSX) byte-identical for identical content.

python-docx and openpyxl write each zip member with the current time; rewriting the
package with one fixed timestamp per member (derived from the report date) and a fixed
compression level removes the only source of variation.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date


def normalise_zip(data: bytes, when: date) -> bytes:
    """Rewrite a zip archive with every member stamped ``when`` (00:00), in the same order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zi.create_system = 0
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()
