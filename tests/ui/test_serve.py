"""The warm start-up launcher (``python -m appraisal.ui.serve``, what ``make run`` starts).

It runs the app once per language before the server listens, so the first browser
session finds the dataset, the run's results and the engine's memo already there; then
it hands Streamlit's own flags to ``streamlit run app.py``. Every browser test starts
the app through it (``tests/ui/browser_support.serve_app``), which is the end-to-end
check; these tests pin down what it does in between.
"""

from __future__ import annotations

import sys

import pytest

from appraisal.i18n import t
from appraisal.run import MEMO
from appraisal.ui import serve


def test_warm_runs_the_first_page_and_leaves_its_results_in_the_process() -> None:
    MEMO.clear()
    took = serve.warm(languages=("en", "cy"))
    assert set(took) == {"en", "cy"}
    assert all(s > 0 for s in took.values())
    # the Overview reads every region's ranking and SMAA: those parts are now memoised,
    # and the process-wide caches a browser session reads hold the dataset and results
    assert MEMO.misses > 0 and len(MEMO) > 0
    from appraisal.ui import state

    assert state.dataset() is state.dataset()  # one dataset, cached for the process
    hits = MEMO.hits
    serve.warm(languages=("en",))
    assert MEMO.hits > hits  # the second first page read what the first computed


def test_a_failing_first_page_is_reported(tmp_path) -> None:
    app = tmp_path / "app.py"
    app.write_text("raise ValueError('the data folder is broken')\n")
    with pytest.raises(RuntimeError, match="the en first page failed: the data folder is broken"):
        serve.warm(app, languages=("en",))


def _capture_run(monkeypatch) -> list[list[str]]:
    seen: list[list[str]] = []
    from streamlit.web import cli

    monkeypatch.setattr(cli, "main", lambda: seen.append(list(sys.argv)))
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    return seen


def test_main_hands_streamlit_its_flags_after_the_warm_up(monkeypatch, capsys) -> None:
    seen = _capture_run(monkeypatch)
    monkeypatch.setattr(serve, "warm", lambda: {"en": 1.3, "cy": 0.5})
    from streamlit import config

    config.get_config_options()  # read without the flags, as the warm-up does
    serve.main(["--server.port", "8600", "--server.headless", "true"])
    assert seen == [
        ["streamlit", "run", str(serve.APP), "--server.port", "8600", "--server.headless", "true"]
    ]
    assert config._config_options is None  # streamlit run reads the config afresh, flags included
    out = capsys.readouterr().out
    assert out.startswith("PAIR appraisal: first page prepared in ")
    assert "(en 1.3, cy 0.5)" in out


def test_main_starts_cold_when_the_warm_up_fails(monkeypatch, capsys) -> None:
    seen = _capture_run(monkeypatch)

    def broken() -> dict:
        raise RuntimeError("the en first page failed: no data")

    monkeypatch.setattr(serve, "warm", broken)
    serve.main([])
    assert seen == [["streamlit", "run", str(serve.APP)]]  # the server still starts
    err = capsys.readouterr().err
    assert err.strip() == t("serve.warm.failed", error="RuntimeError: the en first page failed: no data")


def test_the_app_is_the_repository_s_app_py() -> None:
    assert serve.APP.name == "app.py" and serve.APP.is_file()
    assert "appraisal.ui.shell" in serve.APP.read_text()
