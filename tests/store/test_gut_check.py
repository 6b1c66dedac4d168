"""Gut versus model (issue 13): the check worked by hand, the ranking form's refusals, and
gut rankings stored in the workshop tables and compared in the facilitator's view."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.gut_check import FIRST, GROUP, OWN, RANK_GAP, Disagreement, gut_check, ranking_from_positions
from appraisal.inputs import AppraisalInputs, ScoreEdit
from appraisal.mcda import evaluate
from appraisal.store import StoreError
from appraisal.store.conference import Conference

from .conftest import SECRET

CRIT = ("reach", "quality", "delay")
AUTH = dict(secret=SECRET, configured_secret=SECRET)


def test_gut_check_worked_by_hand(mini_ds):
    """The mini data's region 'north' (value functions linear on 0-10, delay reversed on 0-24):

        values        reach  quality  delay
        bau             20      30     100
        alpha           80      50      50
        beta            50      80      75

    Alys, weights (0.5, 0.3, 0.2): bau 10 + 9 + 20 = 39, alpha 40 + 15 + 10 = 65,
    beta 25 + 24 + 15 = 64, so the model ranks alpha 1, beta 2, bau 3. Her gut says beta,
    bau, alpha: her first choice differs (beta is 2nd in the model) and alpha is 3rd by gut
    but 1st in the model (two places: discuss); bau (2nd vs 3rd) is one place only.
    Bryn, weights (0, 1, 0): bau 30, alpha 50, beta 80, so beta, alpha, bau, as his gut.
    The group (mean weights 0.25, 0.65, 0.1): bau 5 + 19.5 + 10 = 34.5, alpha 20 + 32.5 + 5
    = 57.5, beta 12.5 + 52 + 7.5 = 72, so beta 1, alpha 2, bau 3. Cai gave no weights, so his
    gut (alpha, bau, beta) is set against the group's: alpha first differs (2nd in the
    model) and beta is 3rd by gut but 1st in the model."""
    p = mini_ds.problem("north")
    assert p.option_ids == ("bau", "alpha", "beta")
    assert np.allclose(p.values, [[20, 30, 100], [80, 50, 50], [50, 80, 75]])
    alys, bryn = np.array([0.5, 0.3, 0.2]), np.array([0.0, 1.0, 0.0])
    group = (alys + bryn) / 2
    g = gut_check(
        p,
        [
            ("Alys", ("beta", "bau", "alpha"), alys),
            ("Bryn", ("beta", "alpha", "bau"), bryn),
            ("Cai", ("alpha", "bau", "beta"), None),
        ],
        group,
    )
    assert g.option_ids == ("bau", "alpha", "beta")
    assert g.group_ranks == (3, 2, 1)
    a, b, c = g.rows
    assert a.gut_ranks == (2, 3, 1) and a.model_ranks == (3, 1, 2) and a.model_first == ("alpha",)
    assert a.disagreements == (
        Disagreement(FIRST, "beta", 1, 2, OWN),
        Disagreement(RANK_GAP, "alpha", 3, 1, OWN),
    )
    assert a.disagreements[1].places == 2
    assert b.model_ranks == (3, 2, 1) and b.disagreements == ()
    assert c.model_ranks is None and c.basis == GROUP
    assert c.disagreements == (
        Disagreement(FIRST, "alpha", 1, 2, GROUP),
        Disagreement(RANK_GAP, "beta", 3, 1, GROUP),
    )
    assert [name for name, _ in g.disagreements] == ["Alys", "Alys", "Cai", "Cai"]
    # the model ranks are the engine's own: evaluate gives the same
    for w, row in ((alys, a), (bryn, b)):
        assert tuple(int(x) for x in evaluate(p, w).ranks) == row.model_ranks


def test_a_first_choice_far_down_the_model_is_listed_once(mini_ds):
    """Alys's weights rank alpha 1, beta 2, bau 3; a gut ranking bau, beta, alpha puts the
    model's last option first (two places apart: said once, as the first choice) and the
    model's first last (two places: a gap)."""
    p = mini_ds.problem("north")
    (row,) = gut_check(p, [("Alys", ("bau", "beta", "alpha"), np.array([0.5, 0.3, 0.2]))], None).rows
    assert row.disagreements == (
        Disagreement(FIRST, "bau", 1, 3, OWN),
        Disagreement(RANK_GAP, "alpha", 3, 1, OWN),
    )


def test_ties_in_the_model_share_first_place(mini_ds):
    """Weights that tie two options put both first (competition ranks '113'), and a gut
    first choice among them is not a disagreement."""
    p = mini_ds.problem("south")
    # reach 0.5, quality 0.5: alpha 65, beta 65, bau 25 (a tie at the top)
    g = gut_check(p, [("Dee", ("beta", "alpha", "bau"), np.array([1.0, 1.0, 0.0]))], None)
    (row,) = g.rows
    assert row.model_ranks == (3, 1, 1) and row.model_first == ("alpha", "beta")
    assert row.disagreements == () and g.group_ranks is None


def test_nobody_with_weights_means_nothing_to_compare(mini_ds):
    g = gut_check(mini_ds.problem("north"), [("Eve", ("bau", "alpha", "beta"), None)], None)
    assert g.rows[0].model_ranks is None and g.rows[0].disagreements == ()


def test_ranking_form_refuses_ties_blanks_and_bad_numbers():
    ids = ("bau", "alpha", "beta")
    names = {"bau": "Business as usual", "alpha": "Alpha", "beta": "Beta"}.get
    assert ranking_from_positions({"bau": 3, "alpha": 1, "beta": 2}, ids) == ("alpha", "beta", "bau")
    with pytest.raises(StoreError, match="Alpha and Beta are both ranked 1"):
        ranking_from_positions({"bau": 3, "alpha": 1, "beta": 1}, ids, label=names)
    with pytest.raises(StoreError, match="Business as usual has none yet"):
        ranking_from_positions({"bau": 0, "alpha": 1, "beta": 2}, ids, label=names)
    with pytest.raises(StoreError, match="Ranks run from 1 to 3"):
        ranking_from_positions({"bau": 4, "alpha": 1, "beta": 2}, ids)
    with pytest.raises(StoreError, match="Ranks run from 1 to 3"):
        ranking_from_positions({"bau": 1.5, "alpha": 1, "beta": 2}, ids)
    with pytest.raises(StoreError) as caught:  # and in Welsh
        ranking_from_positions({"bau": 2, "alpha": 2, "beta": 1}, ids)
    assert "ill dau yn safle 2" in caught.value.localised("cy")


def _session(workshop):
    s = workshop.open_session(**AUTH, title="Gwent", facilitator="Fay", region="north")
    tokens = {}
    for name in ("Alys", "Bryn", "Cai"):
        _, tokens[name] = workshop.join(s.code, name=name, role="r", organisation="o")
    return s, tokens


def test_gut_rankings_are_stored_and_checked(workshop, mini_ds):
    s, tok = _session(workshop)
    cf = Conference(workshop)
    ids = mini_ds.problem("north").option_ids
    bad = [
        (["beta", "bau"], "has none yet"),
        (["beta", "bau", "alpha", "beta"], "more than once"),
        (["beta", "bau", "gamma"], "not one of this region's options"),
        ("beta,bau,alpha", "expected a list"),
    ]
    for ranking, msg in bad:
        with pytest.raises(StoreError, match=msg):
            cf.record_gut(tok["Alys"], ranking, ids)
    with pytest.raises(StoreError, match="not joined"):
        cf.record_gut("not-a-real-token-123", ["beta", "bau", "alpha"], ids)
    first = cf.record_gut(tok["Alys"], ["alpha", "bau", "beta"], ids)
    again = cf.record_gut(tok["Alys"], ("beta", "bau", "alpha"), ids)  # a change of mind: kept
    assert (first.revision, again.revision) == (1, 2)
    assert cf.my_gut(tok["Alys"]).ranking == ("beta", "bau", "alpha")
    assert cf.my_gut(tok["Bryn"]) is None
    cf.record_gut(tok["Cai"], ["alpha", "bau", "beta"], ids)
    cf.record_gut(tok["Bryn"], ["beta", "alpha", "bau"], ids)
    assert [g.participant.name for g in cf.gut_rankings(s.code)] == ["Alys", "Bryn", "Cai"]
    # weights: Alys and Bryn (Cai gives none)
    workshop.submit(tok["Alys"], "points", {"reach": 50, "quality": 30, "delay": 20}, CRIT)
    workshop.submit(tok["Bryn"], "points", {"reach": 0, "quality": 10, "delay": 0}, CRIT)
    with pytest.raises(StoreError, match="not correct"):
        cf.facilitator_view(
            s.code, mini_ds, AppraisalInputs(), secret="wrong-secret", configured_secret=SECRET
        )
    view = cf.facilitator_view(s.code, mini_ds, AppraisalInputs(), **AUTH)
    assert view.region == "north" and view.rounds == () and view.cells == ()
    g = view.gut
    assert g.group_ranks == (3, 2, 1)
    assert [(r.name, len(r.disagreements)) for r in g.rows] == [("Alys", 2), ("Bryn", 0), ("Cai", 2)]
    assert g.row("Cai").basis == GROUP
    # the session's score edits reach the model ranks (they come from run())
    edited = AppraisalInputs(score_edits=(ScoreEdit("north", "alpha", "reach", 0.0, "team left"),))
    alys = cf.facilitator_view(s.code, mini_ds, edited, **AUTH).gut.row("Alys")
    assert alys.model_ranks == (2, 3, 1) and alys.disagreements == ()  # 0 + 15 + 10 = 25 for alpha
    # closed sessions take no more rankings
    workshop.close(s.code, **AUTH)
    with pytest.raises(StoreError, match="closed"):
        cf.record_gut(tok["Bryn"], ["bau", "alpha", "beta"], ids)
