"""The English and Welsh catalogues hold the same keys, file by file, with the same
placeholders, and Welsh text is never claimed reviewed without a reviewer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from appraisal.i18n import LANGUAGES, catalogue, review_status, t

I18N = Path(__file__).resolve().parents[2] / "appraisal" / "i18n"
PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)(?:[:!][^}]*)?\}")


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {k: v for k, v in data.items() if not str(k).startswith("_")}


def _areas(lang: str) -> set[str]:
    return {p.name for p in (I18N / lang).glob("*.yaml")}


def test_every_language_has_the_same_catalogue_files():
    assert _areas("cy") == _areas("en")


@pytest.mark.parametrize("area", sorted(_areas("en")))
def test_welsh_and_english_keys_match(area):
    en, cy = _load(I18N / "en" / area), _load(I18N / "cy" / area)
    missing = sorted(set(en) - set(cy))
    extra = sorted(set(cy) - set(en))
    assert not missing and not extra, f"{area}: missing in cy {missing[:20]}; only in cy {extra[:20]}"


@pytest.mark.parametrize("area", sorted(_areas("en")))
def test_placeholders_match(area):
    en, cy = _load(I18N / "en" / area), _load(I18N / "cy" / area)
    bad = [
        k
        for k in en
        if k in cy and sorted(PLACEHOLDER.findall(str(en[k]))) != sorted(PLACEHOLDER.findall(str(cy[k])))
    ]
    assert not bad, f"{area}: placeholders differ for {bad[:20]}"


@pytest.mark.parametrize("area", sorted(_areas("en")))
def test_no_empty_messages(area):
    for lang in LANGUAGES:
        data = _load(I18N / lang / area)
        empty = [k for k, v in data.items() if not str(v).strip()]
        assert not empty, f"{lang}/{area}: empty {empty[:10]}"


def test_catalogue_loads_without_duplicate_keys_across_files():
    for lang in LANGUAGES:
        assert len(catalogue(lang)) > 100


def test_welsh_is_awaiting_review_unless_a_reviewer_is_named():
    for path in (I18N / "cy").glob("*.yaml"):
        review = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("_review") or {}
        assert review.get("status") in {"awaiting_review", "reviewed"}, path.name
        if review.get("status") == "reviewed":
            assert review.get("reviewed_by"), f"{path.name}: reviewed without reviewed_by"
    assert review_status("cy") in {"awaiting_review", "reviewed"}


def test_translation_is_used_and_falls_back_to_english():
    assert t("col.rank", "cy") == "Safle"
    assert t("col.rank", "en") == "Rank"
    assert t("no.such.key", "cy") == "no.such.key"
