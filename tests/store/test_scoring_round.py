"""Scoring rounds (issue 13): participants' scores aggregated by hand, their refusals, the
spread fed into SMAA (seeded, reproducible, and matching the triangular distribution it
claims), and rounds stored in the workshop tables."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.data import load_dataset
from appraisal.inputs import AppraisalInputs
from appraisal.mcda import evaluate, rank_many
from appraisal.run import default_inputs, mixture_acceptability
from appraisal.scoring_round import (
    AGREE,
    CLOSE,
    DIFFER,
    check_sheet,
    ranks_with_medians,
    round_mixture,
    summarise,
    with_spread,
)
from appraisal.sensitivity import smaa
from appraisal.store import StoreError
from appraisal.store.conference import Conference, session_mixture

from .conftest import SECRET

AUTH = dict(secret=SECRET, configured_secret=SECRET)
ACC = (0.0, 27.272727273, 54.545454545, 81.818181818, 100.0)  # acceptability's value per level


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


@pytest.fixture(scope="module")
def gwent(ds):
    return ds.problem("gwent")


SHEETS = [
    {"camhs": {"acceptability": 1, "time_to_service": 12}, "bau": {"acceptability": 2}},
    {"camhs": {"acceptability": 3, "time_to_service": 6}, "bau": {"acceptability": 2}},
    {"camhs": {"acceptability": 2}, "bau": {"acceptability": 2}},
]


def test_cells_summarised_by_hand(gwent):
    """camhs x acceptability: levels 1, 3, 2 -> median 2, range 2 of 4 levels (0.5: differ);
    values 27.3, 81.8, 54.5 through the value function. camhs x time to service (months,
    value 100 at 0, 75 at 6, 50 at 10, 25 at 15): 12 and 6 -> median 9, range 6 of 24
    months (0.25: close); values 40 and 75, median value 57.5. bau x acceptability: 2, 2, 2
    -> everyone agrees. Cells in the problem's order (options, then criteria)."""
    assert gwent.criteria[gwent.criterion_ids.index("acceptability")].value_function.vs == ACC
    cells = summarise(gwent, SHEETS)
    assert [c.cell for c in cells] == [
        ("bau", "acceptability"),
        ("camhs", "acceptability"),
        ("camhs", "time_to_service"),
    ]
    bau, acc, months = cells
    assert (bau.n, bau.median, bau.share, bau.agreement) == (3, 2.0, 0.0, AGREE)
    assert (acc.scores, acc.median, acc.minimum, acc.maximum) == ((1.0, 2.0, 3.0), 2.0, 1.0, 3.0)
    assert (acc.share, acc.agreement) == (0.5, DIFFER)
    assert (acc.value_low, acc.value_mode, acc.value_high) == pytest.approx((ACC[1], ACC[2], ACC[3]))
    assert (months.n, months.median, months.share, months.agreement) == (2, 9.0, 0.25, CLOSE)
    assert (months.value_low, months.value_mode, months.value_high) == pytest.approx((40.0, 57.5, 75.0))


def test_a_sheet_is_checked_where_it_enters(gwent):
    crit = ("acceptability", "time_to_service")
    assert check_sheet({"camhs": {"acceptability": 4}}, gwent, crit) == {"camhs": {"acceptability": 4.0}}
    bad = [
        ({"camhs": {"acceptability": 5}}, "above the maximum of 4"),
        ({"camhs": {"acceptability": 1.5}}, "choose one of the described levels, 0 to 4"),
        ({"camhs": {"acceptability": "high"}}, "expected a number"),
        ({"camhs": {"time_to_service": 30}}, "above the maximum of 24"),
        ({"camhs": {"routine_contact": 2}}, "not being scored in this round"),
        ({"nowhere": {"acceptability": 2}}, "unknown option 'nowhere'"),
        ({}, "Score at least one option"),
        ({"camhs": {}}, "Score at least one option"),
        ([1, 2], "expected an object"),
    ]
    for sheet, msg in bad:
        with pytest.raises(StoreError, match=msg):
            check_sheet(sheet, gwent, crit)
    # an option the region does not have ("build on what exists" without a team)
    powys = load_dataset().problem("powys")
    assert "build_on_existing" not in powys.option_ids
    with pytest.raises(StoreError, match="unknown option 'build_on_existing'"):
        check_sheet({"build_on_existing": {"acceptability": 2}}, powys, crit)


def test_spread_replaces_the_scored_cells_only(gwent):
    cells = summarise(gwent, SHEETS)
    p = with_spread(gwent, cells)
    i, j = gwent.option_ids.index("camhs"), gwent.criterion_ids.index("acceptability")
    assert (p.values_low[i, j], p.values[i, j], p.values_high[i, j]) == pytest.approx(
        (ACC[1], ACC[2], ACC[3])
    )
    assert (p.low[i, j], p.scores[i, j], p.high[i, j]) == (1.0, 2.0, 3.0)
    assert p.cells[i][j].origin == "workshop"
    mask = np.ones(gwent.values.shape, dtype=bool)
    for c in cells:
        mask[gwent.option_ids.index(c.option), gwent.criterion_ids.index(c.criterion)] = False
    for name in ("values", "values_low", "values_high", "scores"):
        assert np.array_equal(getattr(p, name)[mask], getattr(gwent, name)[mask])
    fixed = with_spread(gwent, cells, others_fixed=True)
    assert np.array_equal(fixed.values_low[mask], gwent.values[mask])
    assert np.array_equal(fixed.values_high[mask], gwent.values[mask])
    assert with_spread(gwent, ()) is gwent


def test_ranks_with_the_rounds_medians_come_from_rank_many(gwent):
    cells = summarise(gwent, SHEETS)
    w = np.array(gwent.default_weights)
    ranks = ranks_with_medians(gwent, cells, 7 * w).ranks  # any positive scale
    assert tuple(ranks[0]) == tuple(evaluate(gwent, w).ranks)
    assert tuple(ranks[1]) == tuple(evaluate(with_spread(gwent, cells), w).ranks)
    assert np.array_equal(ranks[1], rank_many(with_spread(gwent, cells).values, w[None, :]).ranks[0])


def _one_criterion(ds, criterion: str) -> list[dict[str, float]]:
    return [{c: (1.0 if c == criterion else 0.0) for c in ds.criterion_ids}]


def test_round_spread_feeds_smaa_seeded_and_as_claimed(ds, gwent):
    """Weights on acceptability alone, other cells fixed (score uncertainty 'none'): bau
    (90.9, first in data order among the options tied there) wins unless camhs's draw
    beats it. Scores 2, 4, 4 give camhs a triangular distribution with minimum 54.5, mode
    and maximum 100, so P(camhs first) = 1 - F(90.9) = 1 - (90.9 - 54.5)^2 / (45.5 * 45.5)
    = 0.36 (about)."""
    sheets = [{"camhs": {"acceptability": v}} for v in (2, 4, 4)]
    cells = summarise(gwent, sheets)
    inputs = default_inputs(ds).with_changes(draws=20_000, seed=7, smaa_spread=0.0, score_uncertainty="none")
    w = _one_criterion(ds, "acceptability")
    res = round_mixture(ds, inputs, "gwent", w, cells)
    again = round_mixture(ds, inputs.with_changes(lang="cy"), "gwent", w, cells)
    assert np.array_equal(res.rank_acceptability, again.rank_acceptability)  # same seed, same draws
    a, c, b = ACC[2], 100.0, 90.909090909
    expected = 1 - (b - a) ** 2 / ((c - a) * (c - a))
    first = dict(zip(res.option_ids, res.rank_acceptability[:, 0]))
    half = 4 * np.sqrt(expected * (1 - expected) / 20_000)
    assert first["camhs"] == pytest.approx(expected, abs=half)
    assert first["bau"] == pytest.approx(1 - first["camhs"])
    # the same as the SMAA engine on the problem with the spread, seeded the same way
    direct = smaa(
        with_spread(gwent, cells, others_fixed=True),
        model="mixture",
        stakeholder_weights=w,
        samples=20_000,
        seed=7,
        spread=0.0,
        score_uncertainty="triangular",
    )
    assert np.array_equal(direct.rank_acceptability, res.rank_acceptability)
    # another seed gives other draws; no cells is the workshop's mixture as before
    other = round_mixture(ds, inputs.with_changes(seed=8), "gwent", w, cells)
    assert not np.array_equal(other.rank_acceptability, res.rank_acceptability)
    plain = round_mixture(ds, inputs, "gwent", w, ())
    ref = mixture_acceptability(ds, inputs, "gwent", w)
    assert np.array_equal(plain.rank_acceptability, ref.rank_acceptability)
    assert plain.rank_acceptability[gwent.option_ids.index("bau"), 0] == 1.0


def test_rounds_are_stored_and_summarised(workshop, mini_ds):
    """On the mini data (natural 0-10 scales): the facilitator opens and closes rounds,
    participants score, resubmit (the latest counts), and a later round replaces an
    earlier one's cell."""
    s = workshop.open_session(**AUTH, title="Scores", facilitator="Fay", region="north")
    cf = Conference(workshop)
    tok = {n: workshop.join(s.code, name=n, role="r", organisation="o")[1] for n in ("Alys", "Bryn", "Cai")}
    known = mini_ds.criterion_ids
    with pytest.raises(StoreError, match="not correct"):
        cf.open_round(s.code, ["reach"], known, secret="wrong-one", configured_secret=SECRET)
    with pytest.raises(StoreError, match="at least one criterion"):
        cf.open_round(s.code, [], known, **AUTH)
    with pytest.raises(StoreError, match="unknown criterion 'speed'"):
        cf.open_round(s.code, ["speed"], known, **AUTH)
    with pytest.raises(StoreError, match="more than once"):
        cf.open_round(s.code, ["reach", "reach"], known, **AUTH)
    assert cf.current_round(tok["Alys"]) is None
    r1 = cf.open_round(s.code, ["reach", "quality"], known, **AUTH)
    assert (r1.number, r1.criteria, r1.is_open) == (1, ("reach", "quality"), True)
    assert cf.current_round(tok["Alys"]) == r1
    p = mini_ds.problem("north")
    cf.submit_scores(tok["Alys"], 1, {"alpha": {"reach": 9}}, p)
    cf.submit_scores(tok["Alys"], 1, {"alpha": {"reach": 6, "quality": 5}}, p)  # a change of mind
    cf.submit_scores(tok["Bryn"], 1, {"alpha": {"reach": 8}}, p)
    cf.submit_scores(tok["Cai"], 1, {"alpha": {"reach": 2}, "beta": {"quality": 8}}, p)
    with pytest.raises(StoreError, match="not being scored"):
        cf.submit_scores(tok["Cai"], 1, {"alpha": {"delay": 3}}, p)
    with pytest.raises(StoreError, match="no scoring round 9"):
        cf.submit_scores(tok["Cai"], 9, {"alpha": {"reach": 3}}, p)
    assert cf.my_sheet(tok["Alys"], 1).revision == 2
    view = cf.facilitator_view(s.code, mini_ds, AppraisalInputs(), **AUTH)
    assert view.open_round == r1
    reach = next(c for c in view.cells if c.cell == ("alpha", "reach"))
    assert (reach.scores, reach.median, reach.agreement) == ((2.0, 6.0, 8.0), 6.0, DIFFER)
    assert [c.cell for c in view.cells] == [("alpha", "reach"), ("alpha", "quality"), ("beta", "quality")]
    assert view.round_ranks is None  # nobody has given weights yet
    # opening round 2 closes round 1; its scores stay, and round 2 replaces the cells it scores
    r2 = cf.open_round(s.code, ["reach"], known, **AUTH)
    assert r2.number == 2 and [r.status for r in cf.rounds(s.code)] == ["closed", "open"]
    with pytest.raises(StoreError, match="round 1 is closed"):
        cf.submit_scores(tok["Bryn"], 1, {"alpha": {"reach": 3}}, p)
    cf.submit_scores(tok["Bryn"], 2, {"alpha": {"reach": 7}}, p)
    cf.submit_scores(tok["Cai"], 2, {"alpha": {"reach": 7}}, p)
    workshop.submit(tok["Alys"], "points", {"reach": 1, "quality": 1, "delay": 1}, known)
    view = cf.facilitator_view(s.code, mini_ds, AppraisalInputs(), **AUTH)
    reach = next(c for c in view.cells if c.cell == ("alpha", "reach"))
    assert (reach.scores, reach.agreement) == ((7.0, 7.0), AGREE)
    assert len(view.cells) == 3 and view.round_ranks is not None
    assert cf.close_round(s.code, **AUTH).number == 2
    assert cf.close_round(s.code, **AUTH) is None
    assert [e.comment for e in _audit(workshop, s.code)] == [
        "open",
        "open scoring round 1: reach, quality",
        "close scoring round 1",
        "open scoring round 2: reach",
        "close scoring round 2",
    ]
    # the workshop's SMAA takes the spread (seeded: the same twice), and refuses no weights
    inputs = AppraisalInputs(draws=2_000, seed=3)
    subs = workshop.latest_submissions(s.code)
    one = session_mixture(mini_ds, inputs, "north", subs, view.cells)
    two = session_mixture(mini_ds, inputs, "north", subs, view.cells)
    assert np.array_equal(one.rank_acceptability, two.rank_acceptability)
    with pytest.raises(StoreError, match="No participant"):
        session_mixture(mini_ds, inputs, "north", (), view.cells)
    # a closed session takes no scores
    cf.open_round(s.code, ["delay"], known, **AUTH)
    workshop.close(s.code, **AUTH)
    with pytest.raises(StoreError, match="closed"):
        cf.submit_scores(tok["Alys"], 3, {"alpha": {"delay": 3}}, p)


def _audit(workshop, code):
    from appraisal.store import Repository

    return Repository(workshop.db).audit(f"workshop:{code}")
