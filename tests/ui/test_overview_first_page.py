"""The Overview, the first page anyone opens, loads no chart or grid library: its
schematic is SVG and its tables HTML, drawn on the server (a plotly chart or a data
grid costs a fresh browser about a second each before it can draw; issue 15's cold
first page). The browser checks of what they show are in ``test_label_clipping.py``."""

from __future__ import annotations

import pytest

from appraisal.i18n import t


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_overview_draws_its_picture_and_tables_as_html(open_page, lang: str) -> None:
    at = open_page("overview", {"lang": lang, "region": "gwent"})
    assert not at.exception
    assert not at.get("plotly_chart") and not at.dataframe
    html = [m.value for m in at.markdown if "pair-schematic" in m.value or "pair-table" in m.value]
    picture = next(h for h in html if 'class="pair-schematic-plot"' in h)
    assert f'aria-label="{t("page.overview.map_alt", lang)}"'.replace("'", "&#x27;") in picture
    assert picture.count("<title>") == 7  # one bubble a region
    tables = [h for h in html if 'class="pair-table"' in h]
    assert len(tables) == 3  # the picture's table, all regions, and where the numbers come from
    regions = next(h for h in tables if t("page.overview.table_title", lang).replace("'", "&#x27;") in h)
    assert regions.count("<tr>") == 1 + 7
    assert t("ui.col.preferred", lang).replace("'", "&#x27;") in regions
    # the picture's caption is visible text too
    assert t("page.overview.map_alt", lang) in [c.value for c in at.caption]
