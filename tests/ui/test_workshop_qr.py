"""The QR code beside the workshop join code (issue 15): drawn locally with segno, shown
to the facilitator with a catalogue caption in English and Welsh."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.i18n import t
from appraisal.store.db import close_all
from appraisal.ui import qr, state

SECRET = "qr-test-secret-123"
URL = "https://appraisal.example/workshop"
WORKSHOP = """
from appraisal.ui.pages import workshop
workshop.render()
"""


@pytest.fixture()
def db_env(tmp_path, monkeypatch):
    monkeypatch.setenv("PAIR_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    monkeypatch.setenv("PAIR_FACILITATOR_SECRET", SECRET)
    yield
    close_all()


def _facilitator(lang: str) -> tuple[AppTest, str]:
    fac = AppTest.from_string(WORKSHOP, default_timeout=60)
    fac.session_state[state.K_LANG] = lang
    fac.context["url"] = URL
    fac.run()
    fac.radio(key="ws_role").set_value("facilitator").run()
    fac.text_input(key="ws_fac_secret").input(SECRET)
    fac.button(key="ws_fac_unlock").click().run()
    fac.text_input(key="ws_new_title").input("QR workshop")
    fac.text_input(key="ws_new_facilitator").input("Fay")
    fac.button(key="ws_open_btn").click().run()
    assert not fac.exception, fac.exception
    return fac, fac.session_state["ws_fac_code"]


def _images(at: AppTest) -> list:
    return [img for el in at.get("image") for img in el.proto.imgs]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_facilitator_sees_qr_code_with_caption(db_env, lang):
    fac, code = _facilitator(lang)
    images = _images(fac)
    assert len(images) == 1
    caption = t("qr.join.caption", lang, code=code)
    assert images[0].caption == caption
    assert images[0].alt == caption  # the caption is also the image's alternative text
    assert code in caption
    assert caption != t("qr.join.caption", "en" if lang == "cy" else "cy", code=code)
    assert any(f"code={code}" in c.value for c in fac.code)  # the link it encodes is shown beside it


def test_no_qr_code_without_a_link(db_env, monkeypatch):
    from appraisal.ui.pages import workshop

    monkeypatch.setattr(workshop, "join_link", lambda code: None)
    fac = AppTest.from_string(WORKSHOP, default_timeout=60)
    fac.run()
    assert not _images(fac)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_join_qr_svg_is_deterministic_and_titled(lang):
    url = f"{URL}?code=ABCD1234"
    svg = qr.join_qr_svg(url, lang)
    assert svg == qr.join_qr_svg(url, lang)
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    title = t("qr.join.title", lang)
    assert f"<title>{title}</title>" in svg
    assert f'<svg role="img" aria-label="{title}" ' in svg
    assert svg != qr.join_qr_svg(f"{URL}?code=WXYZ5678", lang)


def test_join_qr_svg_keeps_the_url_out_of_the_markup():
    svg = qr.join_qr_svg(f'{URL}?code="><script>alert(1)</script>', "en")
    assert "<script" not in svg and "alert" not in svg


def test_join_qr_png_is_a_deterministic_png():
    png = qr.join_qr_png(f"{URL}?code=ABCD1234")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == qr.join_qr_png(f"{URL}?code=ABCD1234")
