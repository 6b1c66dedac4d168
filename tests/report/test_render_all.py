"""``report.parallel.render_all``: the formats rendered side by side in forked workers
give the bytes ``render`` gives one by one in this process."""

from __future__ import annotations

from datetime import date

import pytest

from appraisal import workers
from appraisal.data import load_dataset
from appraisal.inputs import AppraisalInputs
from appraisal.report import FORMATS, build_report, parallel, render
from appraisal.run import run


@pytest.fixture(scope="module")
def report():
    ds = load_dataset()
    results = run(ds, AppraisalInputs(draws=300)).complete()
    return build_report(results, regions=["powys"], report_date=date(2026, 11, 22))


def test_in_workers_the_same_bytes_as_one_by_one(report) -> None:
    seconds: dict[str, float] = {}
    got = parallel.render_all(report, [*FORMATS, "pdf"], workers=2, seconds=seconds)
    assert list(got) == list(FORMATS)  # the order asked for, repeats dropped
    for fmt in FORMATS:
        assert got[fmt] == render(report, fmt), fmt
    assert set(seconds) == set(FORMATS) and all(s > 0 for s in seconds.values())
    assert parallel._REPORT is None  # not kept alive once the workers are done


def test_one_worker_renders_here(report, monkeypatch) -> None:
    def no_pool(*_a, **_k):
        raise AssertionError("no worker process for one worker")

    monkeypatch.setattr(workers, "ProcessPoolExecutor", no_pool)
    assert parallel.render_all(report, ["html", "xlsx"], workers=1) == {
        "html": render(report, "html"),
        "xlsx": render(report, "xlsx"),
    }


def test_a_failing_format_fails_the_call_and_lets_go_of_the_report(report) -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        parallel.render_all(report, ["html", "odt"], workers=2)
    assert parallel._REPORT is None
