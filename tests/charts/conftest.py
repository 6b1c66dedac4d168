"""Shared fixtures: one run on the bundled data (500 draws), a Presenter per language,
and every chart specification the builders make from it, in English and Welsh."""

from __future__ import annotations

import pytest

from appraisal.charts import build
from appraisal.charts.spec import ChartSpec, DataTable, Series
from appraisal.data import load_dataset
from appraisal.economics import need
from appraisal.inputs import AppraisalInputs
from appraisal.present import Presenter
from appraisal.run import run

REGION = "gwent"
OPTION = "phn_early_years"
LANGS = ("en", "cy")


@pytest.fixture(scope="session")
def dataset():
    return load_dataset()


@pytest.fixture(scope="session")
def results(dataset):
    return run(dataset, AppraisalInputs(draws=500)).complete()


@pytest.fixture(scope="session")
def region(results):
    return results.region(REGION)


@pytest.fixture(scope="session")
def presenters(dataset) -> dict[str, Presenter]:
    return {lang: Presenter(dataset, lang) for lang in LANGS}


def all_specs(dataset, results, pr: Presenter) -> list[ChartSpec]:
    """One spec from every builder (and every kind), on Gwent."""
    rr = results.region(REGION)
    return [
        build.ranking(rr.mcda, pr),
        build.contributions(rr.mcda, pr, by="group"),
        build.contributions(rr.mcda, pr, by="criterion"),
        build.weights(rr.mcda, pr, by="group"),
        build.weights(rr.mcda, pr, by="criterion"),
        build.options_regions(results, pr),
        build.rank_acceptability(rr.smaa, pr),
        build.central_weights(rr.smaa, pr),
        build.central_weights(rr.smaa_uniform, pr, rows="options"),
        build.sweep(rr.sweep, dataset.criterion_ids[0], pr, rr.switching),
        build.score_tornado(rr.tornado, pr),
        build.methods(rr.methods, pr),
        build.cumulative(rr.economics, pr, options=(OPTION,), net=True),
        build.fan(rr.monte_carlo, OPTION, pr, mode=rr.benefit_view),
        build.econ_tornado(rr.econ_tornado, OPTION, pr, domains=results.assumptions.domains),
        build.heckman(results.heckman, pr),
        build.heckman(results.heckman, pr, rr.economics),
        build.waterfall(rr.economics, OPTION, pr),
        build.evppi(rr.monte_carlo, pr, mode=rr.benefit_view),
        build.ceac(rr.monte_carlo, pr, rr.economics),
        build.value_for_money(rr, pr),
        build.blind_spot([need(r, results.assumptions) for r in dataset.regions], pr),
        grouped_bar_spec(pr),
    ]


def grouped_bar_spec(pr: Presenter) -> ChartSpec:
    """No builder makes a grouped bar chart today; the kind is still drawn by both."""
    cats = (pr.option("bau"), pr.option("phn_early_years"), pr.option("camhs"))
    return ChartSpec(
        "grouped_bar",
        cats,
        (
            Series(pr.tr("col.total"), (20.0, 70.5, 55.0)),
            Series(pr.tr("ui.chart.total_short"), (25.0, 60.0, 50.0)),
        ),
        x_title=pr.tr("col.option"),
        y_title=pr.tr("col.total"),
        key="grouped_bar",
        table=DataTable((pr.tr("col.option"),), tuple((c,) for c in cats), ("text",)),
    )


@pytest.fixture(scope="session")
def specs(dataset, results, presenters) -> dict[str, list[ChartSpec]]:
    return {lang: all_specs(dataset, results, presenters[lang]) for lang in LANGS}
