"""Every chart spec drawn by plotly.js in headless Chromium, in English and Welsh, in a
phone-sized (360 and 390 px) and a desktop (1400 px) container: no text is cut at the
figure's edge, no two texts overlap, and legends sit below the plot area.

Texts are measured from the rendered SVG (``getBoundingClientRect``). Skipped with the
reason when Chromium or Playwright is missing; never downloads a browser.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from appraisal.charts.plotly_render import to_plotly
from tests.charts.conftest import LANGS
from tests.ui.browser_support import CHROMIUM, CHROMIUM_MISSING, chromium_present

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not chromium_present():
    pytest.skip(CHROMIUM_MISSING, allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

WIDTHS = (360, 390, 1400)
#: Fourteen criteria as columns cannot print a value per cell in a phone's width; the app
#: draws central weights with criteria as rows (``rows='criteria'``, also checked here).
WIDE_ONLY = {"central_weights_options"}

_MEASURE = r"""
(args) => {
  const [fig, width] = args;
  const div = document.getElementById('chart');
  div.style.width = width + 'px';
  Plotly.purge(div);
  return Plotly.newPlot(div, fig.data, fig.layout, {displayModeBar: false, responsive: false}).then(() => {
    const svg = div.querySelector('.main-svg').getBoundingClientRect();
    const texts = [];
    div.querySelectorAll('text').forEach(t => {
      const txt = t.textContent.trim();
      const r = t.getBoundingClientRect();
      if (!txt || r.width === 0) return;
      let where = t.getAttribute('class') || '';
      for (let p = t.parentNode, k = 0; p && k < 4; p = p.parentNode, k++) {
        where += '|' + ((p.getAttribute && p.getAttribute('class')) || '');
      }
      texts.push({txt, where, x0: r.left - svg.left, x1: r.right - svg.left,
                  y0: r.top - svg.top, y1: r.bottom - svg.top});
    });
    const s = div._fullLayout._size;
    return {W: svg.width, H: svg.height, texts, plotBottom: s.t + s.h};
  });
}
"""
_KINDS = (
    "legendtext",
    "xtick",
    "ytick",
    "g-xtitle",
    "g-ytitle",
    "gtitle",
    "annotation",
    "bartext",
    "textpoint",
)


def _kind(t: dict) -> str:
    return next((k for k in _KINDS if k in t["where"]), "other")


@pytest.fixture(scope="module")
def page() -> Iterator[object]:
    from plotly.offline import get_plotlyjs

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        try:
            pg = browser.new_page(viewport={"width": 1500, "height": 1000})
            pg.set_content("<html><body style='margin:0'><div id='chart'></div></body></html>")
            pg.add_script_tag(content=get_plotlyjs())
            yield pg
        finally:
            browser.close()


def _problems(res: dict) -> list[tuple]:
    out = []
    texts = res["texts"]
    for t in texts:
        if t["x0"] < -0.5 or t["y0"] < -0.5 or t["x1"] > res["W"] + 0.5 or t["y1"] > res["H"] + 0.5:
            out.append(("cut", _kind(t), t["txt"][:40]))
        if _kind(t) == "legendtext" and t["y0"] < res["plotBottom"] - 0.5:
            out.append(("legend inside the plot", t["txt"][:40]))
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            if dx > 2 and dy > 2:
                out.append(("overlap", _kind(a), a["txt"][:30], _kind(b), b["txt"][:30]))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_no_chart_text_is_cut_or_overlapping(page, specs, lang):
    found = {}
    for spec in specs[lang]:
        fig = json.loads(to_plotly(spec, lang).to_json())
        for width in WIDTHS:
            if spec.key in WIDE_ONLY and width < 1000:
                continue
            res = page.evaluate(_MEASURE, [fig, width])
            assert res["texts"], (spec.key, width)
            probs = _problems(res)
            if probs:
                found[f"{spec.key} @ {width}px"] = probs[:5]
    assert not found, found
