"""QR codes of the workshop join link (issue 15), drawn locally with segno: no network
call and no third-party service ever sees the link. The link is built by the app and is
passed to segno only as the QR code's data; the title and alternative text come from the
message catalogue (segno escapes the title; the aria label is quoted here)."""

from __future__ import annotations

import io
from xml.sax.saxutils import quoteattr

import segno
from streamlit.delta_generator import DeltaGenerator

from appraisal.i18n import t
from appraisal.ui import state

ERROR_LEVEL = "m"  # recovers ~15% damage: survives a projector or a phone at an angle
SVG_SCALE = 4
PNG_SCALE = 6
BORDER = 4  # the quiet zone the QR standard asks for


def _qr(url: str) -> segno.QRCode:
    return segno.make_qr(url, error=ERROR_LEVEL, boost_error=False)


def join_qr_svg(url: str, lang: str | None = None) -> str:
    """The join link ``url`` as a QR code in SVG, titled and labelled from the
    catalogue in ``lang`` (default: the session's language). Same input, same text."""
    title = t("qr.join.title", lang or state.lang())
    buf = io.BytesIO()
    _qr(url).save(buf, kind="svg", title=title, xmldecl=False, scale=SVG_SCALE, border=BORDER)
    svg = buf.getvalue().decode("utf-8")
    return svg.replace("<svg ", f'<svg role="img" aria-label={quoteattr(title)} ', 1)


def join_qr_png(url: str) -> bytes:
    """The join link ``url`` as a QR code in PNG (for ``st.image``)."""
    buf = io.BytesIO()
    _qr(url).save(buf, kind="png", scale=PNG_SCALE, border=BORDER)
    return buf.getvalue()


def show_join_qr(container: DeltaGenerator, url: str, code: str) -> None:
    """Show the QR code of ``url`` in ``container`` with a caption that is also its alt text."""
    caption = state.tr("qr.join.caption", code=code)
    container.image(join_qr_png(url), caption=caption, alt=caption, width=180)
