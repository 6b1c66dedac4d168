"""YAML is read with libyaml's safe parser when PyYAML has it, and it reads every data
and catalogue file exactly as the pure-Python safe loader does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import appraisal.i18n as i18n
from appraisal.data import BUNDLED_DATA_DIR, load_dataset
from appraisal.validation import FileIssues, read_yaml

I18N = Path(i18n.__file__).resolve().parent


def _yaml_files() -> list[Path]:
    roots = [BUNDLED_DATA_DIR / d for d in ("criteria", "regions", "assumptions")] + [I18N]
    return sorted(p for r in roots for p in r.rglob("*.yaml"))


def test_the_c_loader_is_used_when_available():
    if getattr(yaml, "__with_libyaml__", False):
        assert i18n.SafeLoader is yaml.CSafeLoader
    else:  # pragma: no cover - PyYAML built without libyaml
        assert i18n.SafeLoader is yaml.SafeLoader
    assert issubclass(i18n.SafeLoader, yaml.constructor.SafeConstructor)


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML without libyaml")
def test_c_and_python_loaders_read_every_file_alike():
    files = _yaml_files()
    assert len(files) >= 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.safe_load(text), path


def test_read_yaml_matches_safe_load_and_reports_errors(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("a: [1, 2.5, x]\nb: {c: null, d: 2026-01-01}\n", encoding="utf-8")
    issues: list = []
    assert read_yaml(FileIssues(tmp_path, good, issues)) == yaml.safe_load(good.read_text())
    assert issues == []
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nname: [unclosed\n", encoding="utf-8")
    assert read_yaml(FileIssues(tmp_path, bad, issues)) is None
    assert len(issues) == 1 and "bad.yaml" in str(issues[0]) and "line" in str(issues[0])
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: caf\xe9\n".encode("latin-1"))
    assert read_yaml(FileIssues(tmp_path, latin, issues)) is None and len(issues) == 2
    unsafe = tmp_path / "unsafe.yaml"
    unsafe.write_text("x: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    assert read_yaml(FileIssues(tmp_path, unsafe, issues)) is None  # safe tags only
    assert len(issues) == 3


def test_pure_python_fallback_gives_the_same_catalogue_and_data(monkeypatch):
    fast = {lang: dict(i18n.catalogue(lang)) for lang in i18n.LANGUAGES}
    ds_fast = load_dataset()
    monkeypatch.setattr(i18n, "SafeLoader", yaml.SafeLoader)
    monkeypatch.setattr("appraisal.validation.SafeLoader", yaml.SafeLoader)
    i18n.catalogue.cache_clear()
    try:
        assert {lang: i18n.catalogue(lang) for lang in i18n.LANGUAGES} == fast
        slow = load_dataset()
        assert slow.version == ds_fast.version
        assert [p.values.tolist() for p in slow.problems()] == [p.values.tolist() for p in ds_fast.problems()]
    finally:
        i18n.catalogue.cache_clear()
