"""Workshop sessions: join codes, the facilitator secret, submissions, aggregate and SMAA input."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.inputs import AppraisalInputs, ScoreEdit, WeightInputs
from appraisal.mcda import evaluate
from appraisal.run import mixture_acceptability, run
from appraisal.store import StoreError
from appraisal.store.workshop import (
    CODE_ALPHABET,
    CODE_LEN,
    aggregate,
    aggregate_matrix,
    check_facilitator,
    new_code,
    normalise_code,
    participant_winners,
    stakeholder_mixture,
    stakeholder_weights,
    weights_from_inputs,
)

from .conftest import SECRET

CRIT = ("reach", "quality", "delay")


def _open(ws, **kw):
    args = dict(
        secret=SECRET, configured_secret=SECRET, title="Gwent workshop", facilitator="Fay", region="north"
    )
    args.update(kw)
    return ws.open_session(**args)


def test_join_codes_are_short_and_unambiguous():
    codes = {new_code() for _ in range(500)}
    assert len(codes) > 490
    for c in codes:
        assert len(c) == CODE_LEN and set(c) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)
    assert normalise_code(" abc-234 ") == "ABC234"
    for bad in ("ABC23", "ABC2345", "ABC0OI", 123456, None, "<scrip"):
        with pytest.raises(StoreError, match="not a valid join code"):
            normalise_code(bad)


def test_facilitator_secret(monkeypatch):
    monkeypatch.delenv("PAIR_FACILITATOR_SECRET", raising=False)
    with pytest.raises(StoreError, match="no facilitator secret is set"):
        check_facilitator("anything", None)
    with pytest.raises(StoreError, match="at least 8 characters"):
        check_facilitator("short", "short")
    check_facilitator(SECRET, SECRET)
    for wrong in ("", None, SECRET + "x", SECRET[:-1], SECRET.upper()):
        with pytest.raises(StoreError, match="not correct"):
            check_facilitator(wrong, SECRET)
    monkeypatch.setenv("PAIR_FACILITATOR_SECRET", "from-the-environment")
    check_facilitator("from-the-environment", None)
    check_facilitator(SECRET, SECRET)  # a value passed in by the UI wins


def test_facilitator_controls_need_the_secret(workshop):
    with pytest.raises(StoreError, match="not correct"):
        _open(workshop, secret="guess-guess")
    s = _open(workshop)
    for call in (
        lambda: workshop.set_reveal(s.code, True, secret="nope", configured_secret=SECRET),
        lambda: workshop.close(s.code, secret="nope", configured_secret=SECRET),
        lambda: workshop.facilitator_view(s.code, CRIT, secret="nope", configured_secret=SECRET),
        lambda: workshop.sessions(secret="nope", configured_secret=SECRET),
    ):
        with pytest.raises(StoreError, match="not correct"):
            call()
    assert workshop.session(s.code).reveal_individual is False


def test_join_submit_and_views(workshop):
    s = _open(workshop)
    assert s.is_open and len(s.code) == CODE_LEN
    pa, ta = workshop.join(s.code.lower(), name="Alys", role="Health visitor", organisation="ABUHB")
    pb, tb = workshop.join(s.code, name="Bryn", role="Social worker", organisation="Newport CC")
    with pytest.raises(StoreError, match="already uses the name"):
        workshop.join(s.code, name="  alys ", role="x", organisation="y")
    workshop.submit(ta, "points", {"reach": 50, "quality": 30, "delay": 20}, CRIT)
    workshop.submit(tb, "rank", {"reach": 2, "quality": 1, "delay": 3}, CRIT)
    view = workshop.facilitator_view(s.code, CRIT, secret=SECRET, configured_secret=SECRET)
    assert [p.name for p in view.participants] == ["Alys", "Bryn"]
    assert [x.participant.name for x in view.submissions] == ["Alys", "Bryn"]
    roc = [0.2777777777777778, 0.6111111111111112, 0.1111111111111111]  # ROC n=3: rank 2, 1, 3
    expected = (np.array([0.5, 0.3, 0.2]) + np.array(roc)) / 2
    assert view.aggregate.arithmetic == pytest.approx(expected)
    # participants see no aggregate of two (it would give the other away) ...
    pv = workshop.participant_view(ta, CRIT)
    assert pv.others is None and pv.aggregate is None and pv.withheld == "all"
    assert pv.mine.weights == pytest.approx({"reach": 0.5, "quality": 0.3, "delay": 0.2})
    assert (pv.n_participants, pv.n_submitted) == (2, 2)
    # ... until the facilitator allows more
    workshop.set_reveal(s.code, True, secret=SECRET, configured_secret=SECRET)
    assert [x.participant.name for x in workshop.participant_view(ta, CRIT).others] == ["Alys", "Bryn"]
    # a resubmission replaces the earlier one in the aggregate, which is kept
    workshop.submit(ta, "swing", {"reach": 100, "quality": 100, "delay": 0}, CRIT)
    latest = workshop.latest_submissions(s.code)
    assert latest[0].revision == 2 and latest[0].weights == pytest.approx(
        {"reach": 0.5, "quality": 0.5, "delay": 0}
    )
    assert len(workshop.all_submissions(s.code)) == 3
    # closing stops joins and submissions
    workshop.close(s.code, secret=SECRET, configured_secret=SECRET)
    with pytest.raises(StoreError, match="closed"):
        workshop.join(s.code, name="Late", role="r", organisation="o")
    with pytest.raises(StoreError, match="closed"):
        workshop.submit(tb, "points", {"reach": 1, "quality": 1, "delay": 1}, CRIT)
    assert workshop.close(s.code, secret=SECRET, configured_secret=SECRET, reopen=True).is_open


def test_participant_inputs_are_validated(workshop):
    s = _open(workshop)
    with pytest.raises(StoreError, match="HTML"):
        workshop.join(s.code, name="<script>x</script>", role="r", organisation="o")
    with pytest.raises(StoreError, match="formula"):
        workshop.join(s.code, name="=1+1", role="r", organisation="o")
    with pytest.raises(StoreError, match="too long"):
        workshop.join(s.code, name="x" * 81, role="r", organisation="o")
    with pytest.raises(StoreError, match="role"):
        workshop.join(s.code, name="Ok", role="", organisation="o")
    with pytest.raises(StoreError, match="No workshop session"):
        workshop.join("ZZZZZZ", name="Ok", role="r", organisation="o")
    _, tok = workshop.join(s.code, name="Ok", role="r", organisation="o")
    bad = [
        ("points", {"reach": 1, "quality": 1}, "inputs.delay"),
        ("points", {"reach": 1, "quality": 1, "delay": 1, "x": 1}, "unknown criterion 'x'"),
        ("points", {"reach": -1, "quality": 1, "delay": 1}, "below the minimum"),
        ("points", {"reach": 101, "quality": 1, "delay": 1}, "above the maximum"),
        ("points", {"reach": float("nan"), "quality": 1, "delay": 1}, "not a finite number"),
        ("points", {"reach": "5", "quality": 1, "delay": 1}, "expected a number"),
        ("points", {"reach": 0, "quality": 0, "delay": 0}, "all weights are zero"),
        ("swing", {"reach": 80, "quality": 50, "delay": 0}, "set to 100"),
        ("rank", {"reach": 1.5, "quality": 1, "delay": 2}, "whole number"),
        ("rank", {"reach": 4, "quality": 1, "delay": 2}, "above the maximum"),
        ("ahp", {"reach": 1, "quality": 1, "delay": 1}, "not allowed"),
        ("points", [1, 2, 3], "expected an object"),
    ]
    for method, inputs, message in bad:
        with pytest.raises(StoreError, match=message):
            workshop.submit(tok, method, inputs, CRIT)
    with pytest.raises(StoreError, match="not joined"):
        workshop.submit("not-a-real-token-123", "points", {"reach": 1, "quality": 1, "delay": 1}, CRIT)
    with pytest.raises(StoreError, match="nonce"):
        workshop.submit(tok, "points", {"reach": 1, "quality": 1, "delay": 1}, CRIT, nonce="<bad>")
    assert workshop.latest_submissions(s.code) == ()


def test_rank_ties_share_centroid_weight():
    w, clean = weights_from_inputs("rank", {"reach": 1, "quality": 1, "delay": 3}, CRIT)
    roc = [0.6111111111111112, 0.2777777777777778, 0.1111111111111111]
    assert w == pytest.approx([(roc[0] + roc[1]) / 2, (roc[0] + roc[1]) / 2, roc[2]])
    assert clean == {"reach": 1, "quality": 1, "delay": 3}


def test_aggregate_statistics_by_hand():
    w = np.array([[0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.4, 0.4, 0.2], [0.1, 0.6, 0.3]])
    agg = aggregate_matrix(w, CRIT)
    assert agg.n == 4
    assert agg.arithmetic == pytest.approx([0.3, 0.375, 0.325])
    g = np.exp(np.log(w).mean(axis=0))
    assert agg.geometric == pytest.approx(g / g.sum())
    med = np.array([0.3, 0.35, 0.25])
    assert agg.median == pytest.approx(med / med.sum())
    reach = agg.spread[0]
    assert (reach.minimum, reach.maximum) == (0.1, 0.5)
    assert reach.sd == pytest.approx(np.std([0.5, 0.2, 0.4, 0.1], ddof=1))
    assert reach.iqr == pytest.approx(0.425 - 0.175)
    rows = agg.rows()
    assert rows[1]["criterion"] == "quality" and rows[1]["arithmetic"] == pytest.approx(0.375)


def test_aggregate_edge_cases():
    one = aggregate_matrix(np.array([[0.2, 0.3, 0.5]]), CRIT)
    assert one.arithmetic == pytest.approx([0.2, 0.3, 0.5]) and one.spread[0].sd == 0.0
    # a zero weight makes that criterion's geometric mean zero; all-zero -> undefined
    corners = aggregate_matrix(np.eye(3), CRIT)
    assert corners.geometric is None and corners.median is None
    assert corners.arithmetic == pytest.approx([1 / 3] * 3)
    partial = aggregate_matrix(np.array([[0.5, 0.5, 0.0], [0.25, 0.5, 0.25]]), CRIT)
    assert partial.geometric[2] == 0.0 and partial.geometric.sum() == pytest.approx(1.0)


def test_participant_winners_and_stakeholder_mixture(workshop, mini_ds):
    s = _open(workshop)
    _, ta = workshop.join(s.code, name="Reach fan", role="r", organisation="o")
    _, tb = workshop.join(s.code, name="Quality fan", role="r", organisation="o")
    workshop.submit(ta, "points", {"reach": 100, "quality": 0, "delay": 0}, CRIT)
    workshop.submit(tb, "points", {"reach": 0, "quality": 100, "delay": 0}, CRIT)
    subs = workshop.latest_submissions(s.code)
    tops = {p.name: top for p, top in participant_winners(subs, mini_ds, AppraisalInputs(), "north")}
    assert tops == {"Reach fan": ("alpha",), "Quality fan": ("beta",)}
    sw = stakeholder_weights(subs, mini_ds.criterion_ids)
    assert sw == [{"reach": 1.0, "quality": 0.0, "delay": 0.0}, {"reach": 0.0, "quality": 1.0, "delay": 0.0}]
    inputs = AppraisalInputs(draws=4000, seed=1, smaa_spread=0.0, score_uncertainty="none")
    res = stakeholder_mixture(mini_ds, inputs, "north", subs)
    first = dict(zip(res.option_ids, res.rank_acceptability[:, 0]))
    # each stakeholder drawn half the time; each one's favourite wins under their weights
    assert first["alpha"] == pytest.approx(0.5, abs=0.03)
    assert first["beta"] == pytest.approx(0.5, abs=0.03)
    assert first["bau"] == 0.0
    with pytest.raises(StoreError, match="No participant"):
        stakeholder_mixture(mini_ds, inputs, "north", ())


def test_winners_and_mixture_come_from_run(workshop, mini_ds):
    """The new API: each participant's winners and the SMAA mixture are run() results on
    the facilitator's inputs (score edits included); submissions are WeightInputs."""
    s = _open(workshop)
    _, ta = workshop.join(s.code, name="Reach fan", role="r", organisation="o")
    _, tb = workshop.join(s.code, name="Quality fan", role="r", organisation="o")
    workshop.submit(ta, "points", {"reach": 100, "quality": 0, "delay": 0}, CRIT)
    workshop.submit(tb, "rank", {"reach": 2, "quality": 1, "delay": 3}, CRIT)
    subs = workshop.latest_submissions(s.code)
    assert subs[0].weight_inputs == WeightInputs(
        "points", {"reach": 1.0, "quality": 0.0, "delay": 0.0}, subs[0].inputs
    )
    assert subs[1].weight_inputs.method == "rank" and dict(subs[1].weight_inputs.inputs) == {
        "reach": 2,
        "quality": 1,
        "delay": 3,
    }
    # under the facilitator's score edits beta loses its quality lead, so both pick alpha
    inputs = AppraisalInputs(
        score_edits=(ScoreEdit("north", "beta", "quality", 0.0, "team left"),), draws=3000, seed=5
    )
    wins = {p.name: w for p, w in participant_winners(subs, mini_ds, inputs, "north")}
    for sub in subs:
        expected = run(mini_ds, inputs.with_changes(weights=sub.weight_inputs, regions=("north",))).region(
            "north"
        )
        assert wins[sub.participant.name] == expected.winners
    assert wins == {"Reach fan": ("alpha",), "Quality fan": ("alpha",)}
    res = stakeholder_mixture(mini_ds, inputs, "north", subs)
    ref = mixture_acceptability(mini_ds, inputs, "north", stakeholder_weights(subs, mini_ds.criterion_ids))
    assert np.array_equal(res.rank_acceptability, ref.rank_acceptability)
    with pytest.raises(StoreError, match="No participant"):
        stakeholder_mixture(mini_ds, inputs, "north", ())
    # the aggregate as the weights of a run or scenario
    agg = aggregate(subs, CRIT)
    w = agg.weight_inputs(s.code)
    assert w.method == "workshop" and dict(w.inputs) == {
        "session": s.code,
        "aggregate": "arithmetic mean",
        "participants": 2,
    }
    assert w.normalised(CRIT) == pytest.approx(tuple(agg.arithmetic))


def test_winners_and_mixture_match_the_engines_on_the_regions_problem(workshop, mini_ds):
    """participant_winners and stakeholder_mixture give what the MCDA and SMAA engines give
    when called directly on the region's problem with the same settings."""
    from appraisal.sensitivity import smaa

    s = _open(workshop)
    _, ta = workshop.join(s.code, name="A", role="r", organisation="o")
    _, tb = workshop.join(s.code, name="B", role="r", organisation="o")
    workshop.submit(ta, "swing", {"reach": 100, "quality": 40, "delay": 10}, CRIT)
    workshop.submit(tb, "points", {"reach": 10, "quality": 90, "delay": 30}, CRIT)
    subs = workshop.latest_submissions(s.code)
    inputs = AppraisalInputs(draws=2000, seed=3, smaa_spread=0.1, score_uncertainty="pert")
    problem = run(mini_ds, inputs.with_changes(regions=("south",))).region("south").problem
    direct = [(x.participant, evaluate(problem, np.array(x.vector(CRIT))).top) for x in subs]
    assert participant_winners(subs, mini_ds, inputs, "south") == direct
    ref = smaa(
        problem,
        model="mixture",
        stakeholder_weights=stakeholder_weights(subs, CRIT),
        samples=2000,
        seed=3,
        spread=0.1,
        score_uncertainty="pert",
    )
    new = stakeholder_mixture(mini_ds, inputs, "south", subs)
    assert np.array_equal(ref.rank_acceptability, new.rank_acceptability)
    # the weight model is the mixture's own: neither a keyword nor the inputs' SMAA model changes it
    with pytest.raises(TypeError, match="model"):
        stakeholder_mixture(mini_ds, inputs, "south", subs, model="uniform")  # type: ignore[call-arg]
    other = stakeholder_mixture(mini_ds, inputs.with_changes(smaa_model="uniform"), "south", subs)
    assert np.array_equal(other.rank_acceptability, new.rank_acceptability)


def test_open_session_validates_and_audits(workshop, repo):
    with pytest.raises(StoreError, match="title"):
        _open(workshop, title="")
    with pytest.raises(StoreError, match="region"):
        _open(workshop, region="no such/region")
    s = _open(workshop)
    workshop.set_reveal(s.code, True, secret=SECRET, configured_secret=SECRET)
    entries = repo.audit(f"workshop:{s.code}")
    assert [e.comment for e in entries] == ["open", "reveal individual submissions"]
    assert {e.actor for e in entries} == {"Fay"}
    listed = workshop.sessions(secret=SECRET, configured_secret=SECRET)
    assert [x.code for x in listed] == [s.code]
