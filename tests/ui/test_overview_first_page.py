"""The Overview, the first page anyone opens, loads no chart or grid library: its
schematic is SVG and its tables HTML, drawn on the server (a plotly chart or a data
grid costs a fresh browser about a second each before it can draw; issue 15's cold
first page). The browser checks of what they show are in ``test_label_clipping.py``."""

from __future__ import annotations

import re

import pytest

from appraisal.i18n import t


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_overview_draws_its_picture_and_tables_as_html(open_page, lang: str) -> None:
    at = open_page("overview", {"lang": lang, "region": "gwent"})
    assert not at.exception
    assert not at.get("plotly_chart") and not at.dataframe
    html = [m.value for m in at.markdown if "pair-schematic" in m.value or "pair-table" in m.value]
    picture = next(h for h in html if 'class="pair-schematic-plot"' in h)
    alt = t("page.overview.map_alt" if lang == "en" else "page.overview.map_alt_no_births", lang)
    assert f'aria-label="{alt}"'.replace("'", "&#x27;") in picture
    assert picture.count("<title>") == 7  # one bubble a region
    tables = [h for h in html if 'class="pair-table"' in h]
    assert len(tables) == 3  # the picture's table, all regions, and where the numbers come from
    regions = next(h for h in tables if t("page.overview.table_title", lang).replace("'", "&#x27;") in h)
    assert regions.count("<tr>") == 1 + 7
    assert t("ui.col.preferred", lang).replace("'", "&#x27;") in regions
    # the picture's caption is visible text too
    assert alt in [c.value for c in at.caption]


def test_regions_are_listed_in_the_order_of_their_shown_names(open_page) -> None:
    for lang in ("en", "cy"):
        at = open_page("overview", {"lang": lang, "region": "gwent"})
        table = next(
            m.value
            for m in at.markdown
            if 'class="pair-table"' in m.value
            and "<tbody><tr><th" in m.value
            and t("ui.col.preferred", lang).replace("'", "&#x27;") in m.value
        )
        names = re.findall(r'<th scope="row">([^<]*)</th>', table)
        assert len(names) == 7 and names == sorted(names, key=str.casefold), names


def test_the_caption_says_whether_the_labels_hold_the_births(open_page) -> None:
    # the Welsh notes are longer: the labels drop the births line and the caption says so
    for lang, key in (("en", "page.overview.map_alt"), ("cy", "page.overview.map_alt_no_births")):
        at = open_page("overview", {"lang": lang, "region": "gwent"})
        assert t(key, lang) in [c.value for c in at.caption]
