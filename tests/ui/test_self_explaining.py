"""AppTest: the app explains itself (issue 15): the glossary, links to it from the pages
that use its terms, the Overview's "start here" path, and small fixes (the AHP prompt
before any comparison, the compare hint's numbers)."""

from __future__ import annotations

import re

import pytest
from streamlit.util import calc_hash

from appraisal.data import load_dataset
from appraisal.i18n import catalogue, t
from appraisal.ui import widgets
from appraisal.ui.pages import economics as econ_page
from appraisal.ui.pages import glossary
from appraisal.ui.pages import overview as overview_page
from appraisal.ui.pages import robustness as robustness_page
from appraisal.ui.pages import weights as weights_page
from tests.ui.conftest import problems

DS = load_dataset()
LANGS = ["en", "cy"]

#: The terms issue 15 asks the glossary to explain.
REQUIRED = {
    "smaa",
    "central_weights",
    "confidence_factor",
    "swing_weighting",
    "macbeth",
    "ahp",
    "rank_order_centroid",
    "value_function",
    "switching_value",
    "topsis",
    "promethee",
    "npsv",
    "bcr",
    "optimism_bias",
    "stpr",
    "green_book",
    "bau",
    "do_minimum",
    "evpi",
    "ceac",
    "five_case",
    "outcome_chain",
    "heckman",
}


# ----------------------------------------------------------------------------- glossary


def test_glossary_covers_the_required_terms_with_a_source_each() -> None:
    keys = glossary.keys()
    assert len(keys) == len(set(keys))
    assert REQUIRED <= set(keys), sorted(REQUIRED - set(keys))
    anchors = [widgets.glossary_anchor(k) for k in keys]
    assert len(set(anchors)) == len(anchors) and all(re.fullmatch(r"[a-z][a-z0-9-]*", a) for a in anchors)
    for lang in LANGS:
        cat = catalogue(lang)
        for k in keys:
            for part in ("term", "text", "source"):
                assert cat.get(f"glossary.{part}.{k}", "").strip(), (lang, part, k)
            # one to three sentences
            sentences = re.split(r"(?<=[.?!])\s+(?=[A-Z'])", cat[f"glossary.text.{k}"].strip())
            assert 1 <= len(sentences) <= 3, (lang, k, sentences)


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_page_shows_every_entry_with_its_anchor(open_page, lang: str) -> None:
    at = open_page("glossary", {"lang": lang})
    assert not problems(at), problems(at)
    assert at.title[0].value == t("page.glossary.title", lang)
    keys = glossary.keys()
    entries = [(h.value, h.proto.anchor) for h in at.subheader]
    assert entries == [(t(f"glossary.term.{k}", lang), widgets.glossary_anchor(k)) for k in keys]
    shown = [m.value for m in at.markdown]
    captions = [c.value for c in at.caption]
    for k in keys:
        assert t(f"glossary.text.{k}", lang) in shown, k
        assert t("page.glossary.source", lang, source=t(f"glossary.source.{k}", lang)) in captions, k
    # the contents line jumps to every entry on the same page
    contents = next(m for m in shown if m.startswith(t("page.glossary.contents", lang)))
    for k in keys:
        assert f"(#{widgets.glossary_anchor(k)})" in contents, k


def test_robustness_page_links_smaa_to_its_glossary_entry(open_page) -> None:
    at = open_page("robustness", {"region": "gwent"})
    assert not problems(at), problems(at)
    line = next(m.value for m in at.markdown if "glossary?" in m.value)
    # the session's language and region ride along, so the new tab keeps the '#smaa'
    assert f"[{t('glossary.term.smaa')}](glossary?lang=en&region=gwent#smaa)" in line
    for k in robustness_page.TERMS:
        assert f"(glossary?lang=en&region=gwent#{widgets.glossary_anchor(k)})" in line, k
    assert {"smaa", "central_weights", "confidence_factor", "topsis", "promethee"} <= set(
        robustness_page.TERMS
    )
    assert {"npsv", "bcr"} <= set(econ_page.TERMS)
    assert set(robustness_page.TERMS) | set(econ_page.TERMS) <= set(glossary.keys())


# ----------------------------------------------------------------------------- start here


@pytest.mark.parametrize("lang", LANGS)
def test_overview_starts_with_a_numbered_path_of_page_links(open_page, lang: str) -> None:
    at = open_page("overview", {"lang": lang})
    assert not problems(at), problems(at)
    assert at.expander[0].label == t("page.overview.start.title", lang)
    steps_here = "\n".join(t(f"page.overview.start.{s}", lang) for s in overview_page.START_HERE_TEXT)
    assert steps_here in [m.value for m in at.markdown]
    links = [e.proto for e in at.get("page_link")]
    pages = [key for _, key in overview_page.START_HERE_PAGES]
    assert (
        [p.page for p in links]
        == pages
        == ["weights", "results", "robustness", "economics", "scenarios", "report"]
    )
    # each link goes to the page registered under that key, in this session
    assert [p.page_script_hash for p in links] == [calc_hash(k) for k in pages]
    assert [p.label.split(".")[0] for p in links] == [str(n) for n in range(3, 9)]
    for p, key in zip(links, pages):
        assert t(f"page.{key}.title", lang) in p.label


# ----------------------------------------------------------------------------- small fixes


def test_ahp_says_nothing_hangs_together_before_a_comparison(open_page) -> None:
    at = open_page("weights")
    at.segmented_control(key=weights_page.W_VIEW).set_value("ahp").run()
    assert not problems(at), problems(at)
    consistent = t("page.weights.ahp.all_consistent", threshold="0.10")
    assert t("page.weights.ahp.not_started") in [i.value for i in at.info]
    assert consistent not in [s.value for s in at.success]
    assert not any(t("page.weights.ahp.consistent") in s.value for s in at.success)
    g = [x.id for x in DS.groups]
    at.select_slider(key=weights_page._pair_key("groups", g[0], g[1])).set_value(3).run()
    assert not problems(at), problems(at)
    assert t("page.weights.ahp.not_started") not in [i.value for i in at.info]
    said = [s.value for s in at.success] + [w.value for w in at.warning]
    assert consistent in said or any("Consistency ratio" in w for w in said)


def test_compare_hint_writes_its_numbers_one_way() -> None:
    assert "Choose 2 to 8 scenarios" in t("page.scenarios.compare_help", "en", n=8)
    assert "rhwng 2 a 8 senario" in t("page.scenarios.compare_help", "cy", n=8)
    words = re.compile(r"\b(two|three|four|five|six|seven|eight|nine)\s+to\s+\{", re.IGNORECASE)
    assert not [k for k, v in catalogue("en").items() if words.search(v)]
