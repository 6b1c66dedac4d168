"""Value scales elicited from judgements: MACBETH, direct rating and bisection.

Golden MACBETH answers. No published judgement matrix with its published basic scale (the
M-MACBETH User's Guide illustrative example, Bana e Costa, De Corte & Vansnick 2005/2012,
Bana e Costa & Chagas 2004) could be read in full. Two kinds of reference answer are used
instead, and say which they are:

1. hand calculations: the MC1 linear programme of Bana e Costa, De Corte & Vansnick (2005),
   "On the mathematical foundations of MACBETH", in Figueira, Greco & Ehrgott (eds),
   *Multiple Criteria Decision Analysis: State of the Art Surveys*, Springer, 409-442,
   solved by hand for 3-4 levels and written out in the docstrings;
2. M-MACBETH's own output: the judgement matrices and the basic scales that M-MACBETH (the
   authors' software, file format version 250) saved in the file
   ``tests/data/RuesPartagéesSherbrooke.mcb`` of the public repository ulaval-rs/othello
   (commit cfc2e7f9323083d9916aa87729dda4010097cfc4), read with the search tool: for each
   criterion section ``[Parametres du critere ...]``, the keys ``MatJugLigne1..L`` (the
   judgement matrix), ``Perm(k)`` (the level ranked k-th, best first) and
   ``EchelleMacbeth1..L`` (the MACBETH basic scale). It is software output, not a
   peer-reviewed publication.

How the saved matrices are read (checked by reproducing every saved basic scale): the cell
in row r, column c belongs to levels r and c in the file's numbering; '@' is the diagonal
or "no difference", '>' marks the cell mirroring a judgement, 'A'..'F' are very weak ..
extreme (r better than c) and 'G' is M-MACBETH's "positive" judgement (any of very weak ..
extreme, i.e. the range (1, 6)).
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest

from appraisal.errors import AppraisalError, InputError
from appraisal.i18n import catalogue
from appraisal.mcda import value_scales as V

ROOT = Path(__file__).resolve().parents[2]


def _mmacbeth(rows: list[str], perm: list[int]) -> tuple[int, list[tuple]]:
    """Judgements of an M-MACBETH matrix in this module's numbering (0 = worst level)."""
    n = len(rows)
    ours = {level: n - 1 - rank for rank, level in enumerate(perm)}  # perm: best first, 1-based
    out = []
    for r, c in itertools.product(range(1, n + 1), repeat=2):
        ch = rows[r - 1][c - 1]
        if r == c or ch == ">" or (ch == "@" and r > c):
            continue
        if ch == "@":
            cat: object = "no"
        elif ch == "G":
            cat = ("very_weak", "extreme")
        else:
            cat = ord(ch) - ord("@")
        out.append((ours[r], ours[c], cat))
    return n, out


def _ours(values_by_file_level: list[float], perm: list[int]) -> list[float]:
    n = len(values_by_file_level)
    out = [0.0] * n
    for rank, level in enumerate(perm):
        out[n - 1 - rank] = values_by_file_level[level - 1]
    return out


# Section, MatJugLigne1..L, Perm(1..L), EchelleMacbeth1..L, all as saved in the .mcb file.
M_MACBETH = {
    "Visibilité": (["@CEE", ">@DG", ">>@B", ">>>@"], [1, 2, 3, 4], [9, 6, 2, 0]),
    "Engagement citoyen": (["@CDG", ">@DG", ">>@C", ">>>@"], [1, 2, 3, 4], [10, 7, 3, 0]),
    "Réseau de mobilité active": (["@DEF", ">@CG", ">>@C", ">>>@"], [1, 2, 3, 4], [10, 6, 3, 0]),
    "Connectivité": (
        ["@AGGGGG", ">@BCGGG", ">>@BGDG", ">>>@BGD", ">>>>@CG", ">>>>>@D", ">>>>>>@"],
        [1, 2, 3, 4, 5, 6, 7],
        [15, 14, 12, 10, 8, 5, 0],
    ),
    "Proximité aux arrêts de transport en commun": (
        ["@BGCGGGG", ">@BGGGDG", ">>@BGGGG", ">>>@BGGD", ">>>>@BGG", ">>>>>@CG", ">>>>>>@D", ">>>>>>>@"],
        [1, 2, 3, 4, 5, 6, 7, 8],
        [20, 18, 16, 14, 12, 10, 7, 0],
    ),
    "Indice canopée": (
        ["@>>>>>>>", "C@>>>>>B", "GC@>>>BC", "GGG@>BDD", "GDGC@GGG", "GGB>>@GG", "GB>>>>@G", "B>>>>>>@"],
        [5, 4, 6, 3, 7, 2, 8, 1],
        [0, 4, 8, 13, 16.5, 10.5, 6, 2],
    ),
    "Densité de logements": (
        [
            "@BCCGGGGG",
            ">@BGGGGGG",
            ">>@BGGGGG",
            ">>>@BGDGE",
            ">>>>@CGGG",
            ">>>>>@CEE",
            ">>>>>>@CG",
            ">>>>>>>@C",
            ">>>>>>>>@",
        ],
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
        [23, 21, 19, 17, 15, 12, 9, 3, 0],
    ),
    "Proximité à des bâtiments ou un parc": (
        [
            "@>>>>>>>>>",
            "D@>>>>>>>>",
            "GA@>>>>>>>",
            "GGC@@>>>>>",
            "GCG@@>>>>>",
            "GGGGC@@>>>",
            "GGDGG@@>>>",
            "GGGGGGC@>>",
            "GGGGGGCB@>",
            "FGGGGGGCC@",
        ],
        [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
        [0, 6, 7, 10, 10, 13, 13, 16, 18, 21],
    ),
    # The weighting matrix of the root node (criteria and "[all lower references]").
    "Rues partagées": (
        [
            "@>>>>>>>>>",
            "C@>>>G>>>>",
            "CB@G>G>>B>",
            "CB>@>G>>>>",
            "CCGG@G>>BB",
            "B>>>>@>>>>",
            "CCBGBG@>BB",
            "CCCCBCB@CC",
            "CB>G>G>>@>",
            "CBBG>G>>B@",
        ],
        [8, 7, 5, 10, 3, 9, 4, 2, 6, 1],
        [0, 9, 14, 11, 18, 5, 20, 25, 12, 16],
    ),
}


# ---------------------------------------------------------------------------- 1. golden MACBETH


def test_macbeth_four_levels_by_hand_matches_m_macbeth():
    """Criterion "Visibilité" of the M-MACBETH file (levels renumbered 0 = worst .. 3 =
    best). Judgements: 3 over 2 moderate (3); 3 over 1 and 3 over 0 very strong (5); 2 over
    1 strong (4); 2 over 0 positive (1..6); 1 over 0 weak (2).

    MC1 by hand, v0 = 0, minimise v3:
      thresholds   v1 - v0 >= 2, v2 - v1 >= 4, v3 - v2 >= 3, v3 - v1 >= 5, v3 - v0 >= 5,
                   v2 - v0 >= 1;
      comparisons  strong(2,1) - weak(1,0) >= 4 - 2:      v2 - v1 >= v1 + 2  => v2 >= 2 v1 + 2
                   moderate(3,2) - weak(1,0) >= 3 - 2:    v3 - v2 >= v1 + 1
                   strong(2,1) - moderate(3,2) >= 4 - 3:  v2 - v1 >= v3 - v2 + 1
                   (the very strong pairs add v3 - v2 >= 1, v2 - v1 >= 2, v3 - v1 >= 3,
                   v2 - v0 >= 2, all slack below; the positive pair adds nothing).
      So v3 >= v2 + v1 + 1 >= 3 v1 + 3 >= 9 with v1 >= 2: the minimum v3 = 9 forces v1 = 2,
      then v2 >= 6 and v2 <= v3 - 3 = 6, so v2 = 6. Basic scale (0, 2, 6, 9), unique;
      M-MACBETH saved EchelleMacbeth = 9, 6, 2, 0 (best first): the same.
    On 0..100: 100 v / 9 = (0, 22.22, 66.67, 100).
    """
    judgements = [
        (3, 2, "moderate"),
        (3, 1, "very_strong"),
        (3, 0, "very strong"),
        (2, 1, "strong"),
        (2, 0, ("very_weak", "extreme")),
        (1, 0, "weak"),
    ]
    assert V.basic_scale(4, judgements) == (0.0, 2.0, 6.0, 9.0)
    scale = V.macbeth(4, judgements)
    assert scale.method == "macbeth"
    assert scale.points == (0.0, 1.0, 2.0, 3.0)
    assert scale.values == pytest.approx((0.0, 200 / 9, 600 / 9, 100.0))
    # Intervals with the others fixed (strict order of the judged differences), by hand:
    # level 1: 0 < u1 (weak > 0); weak(1,0) < moderate(3,2) = 33.3 and < strong(2,1) = 66.7 - u1
    # level 2: strong(2,1) = u2 - 22.2 > moderate(3,2) = 100 - u2 => u2 > 61.1;
    #          moderate(3,2) = 100 - u2 > weak(1,0) = 22.2 => u2 < 77.8.
    flat = [end for interval in scale.intervals for end in interval]
    assert flat == pytest.approx([0.0, 0.0, 0.0, 100 / 3, 550 / 9, 700 / 9, 100.0, 100.0], abs=1e-6)


@pytest.mark.parametrize("section", sorted(M_MACBETH))
def test_macbeth_reproduces_the_basic_scales_m_macbeth_saved(section):
    rows, perm, saved = M_MACBETH[section]
    n, judgements = _mmacbeth(rows, perm)
    expected = _ours(saved, perm)
    assert V.basic_scale(n, judgements) == pytest.approx(expected, abs=1e-9)
    scale = V.macbeth(n, judgements)
    assert scale.values == pytest.approx([100 * v / expected[-1] for v in expected], abs=1e-6)


def test_macbeth_several_optimal_solutions_take_the_midpoint():
    """In the root weighting matrix MC1's optimum (25 for the top element) leaves one
    element free between 2 and 8; M-MACBETH saved 5, the midpoint, and so does this module
    (each level takes the middle of its least and greatest optimal value)."""
    rows, perm, saved = M_MACBETH["Rues partagées"]
    n, judgements = _mmacbeth(rows, perm)
    basic = V.basic_scale(n, judgements)
    assert basic[-1] == 25.0
    assert basic[1] == 5.0 == saved[5]  # file level 6 is ranked 9th of 10: our level 1


def test_macbeth_intervals_match_m_macbeth():
    """M-MACBETH stores the interval of a level (EchelleCourMin/Max) when the user drags it
    on the current scale. For "Densité de logements" the current scale is the basic scale
    with file level 6 at 0 and level 5 at 100 (our anchors 3 and 4), and M-MACBETH saved
    (300.01, 399.99) for file level 1 and (266.68, 333.32) for level 2: open intervals shown
    0.01 inside their ends (after rounding). For "Proximité à des bâtiments ou un parc" (file level 3 at 0,
    level 6 at 100: our anchors 2 and 5) it saved (166.68, 191.66) for file level 9.
    (The file also holds intervals for Densité levels 7-9 that belong to an earlier state
    of that scale: those of levels 8 and 9 do not even contain the levels' saved values.)

    By hand for Densité level 1 (basic units, others fixed: v2 = 21, v3 = 19, v4 = 17):
    1 over 2 is weak, so 0 < v1 - 21 < 3 (the smallest moderate difference, 5 over 6);
    1 over 3 and 1 over 4 are moderate, larger than every weak difference (2): v1 > 21.
    So 21 < v1 < 24, i.e. 300 < (v1 - 12) * 100 / 3 < 400.
    """
    rows, perm, _ = M_MACBETH["Densité de logements"]
    n, judgements = _mmacbeth(rows, perm)
    scale = V.macbeth(n, judgements, anchors=(3, 4))
    saved_current = [366.67, 300.00, 233.33, 166.67, 100.00, 0.00, -100.00, -300.00, -400.00]
    assert scale.values == pytest.approx(_ours(saved_current, perm), abs=0.005)
    assert scale.intervals[8] == pytest.approx((300.01, 399.99), abs=0.02)
    assert scale.intervals[7] == pytest.approx((266.68, 333.32), abs=0.02)
    assert scale.intervals[3] == (0.0, 0.0) and scale.intervals[4] == (100.0, 100.0)

    rows, perm, _ = M_MACBETH["Proximité à des bâtiments ou un parc"]
    n, judgements = _mmacbeth(rows, perm)
    scale = V.macbeth(n, judgements, anchors=(2, 5))
    assert scale.values[8] == pytest.approx(183.33, abs=0.005)
    assert scale.intervals[8] == pytest.approx((166.68, 191.66), abs=0.02)


# ---------------------------------------------------------------------------- 2. inconsistency

ABC = [(2, 1, "strong"), (1, 0, "strong"), (2, 0, "weak")]  # a = 2 > b = 1 > c = 0


def test_inconsistent_judgements_are_named_and_a_fix_is_suggested():
    """a over b strong, b over c strong, a over c weak. The difference a-c contains b-c, so
    it cannot be judged weaker than it: MC1 needs v1 - v0 >= (v2 - v0) + (4 - 2), i.e.
    v1 >= v2 + 2, against the order v2 > v1. The conflict is b-c strong with a-c weak
    (dropping a-b strong leaves it). Moving a-c up one category (moderate) still leaves it
    below the strong pairs it contains; two categories (strong) puts all three pairs in
    one category, which MC1 allows: v = (0, 4, 8), i.e. (0, 50, 100)."""
    check = V.macbeth_check(3, ABC)
    assert not check.consistent
    assert [(j.better, j.worse, j.category, j.index) for j in check.problems] == [
        (1, 0, "strong", 1),
        (2, 0, "weak", 2),
    ]
    best = check.suggestions[0]
    assert [(c.index, c.before.category, c.after.category, c.steps) for c in best.changes] == [
        (2, "weak", "strong", 2)
    ]
    assert best.describe("en") == "change the judgement of level 2 against level 0 from weak to strong"
    fixed = best.apply(ABC)
    assert fixed == [[2, 1, "strong"], [1, 0, "strong"], [2, 0, "strong"]]
    assert V.macbeth_check(3, fixed).consistent
    assert V.macbeth(3, fixed).values == pytest.approx((0.0, 50.0, 100.0))
    json.dumps(check.as_dict())


def test_every_suggestion_restores_consistency_and_they_are_ranked():
    """3-0 judged weak contains 3-1 judged moderate: a nested conflict."""
    judgements = [(3, 2, "weak"), (2, 1, "weak"), (1, 0, "weak"), (3, 0, "weak"), (3, 1, "moderate")]
    check = V.macbeth_check(4, judgements)
    assert not check.consistent and check.suggestions
    keys = [(len(s.changes), s.steps) for s in check.suggestions]
    assert keys == sorted(keys)
    for s in check.suggestions:
        assert V.macbeth_check(4, s.apply(judgements)).consistent


def test_macbeth_refuses_inconsistent_judgements_with_the_consistency():
    with pytest.raises(V.MacbethError) as exc:
        V.macbeth(3, ABC)
    err = exc.value
    assert isinstance(err, InputError) and isinstance(err, AppraisalError)
    assert err.consistency == V.macbeth_check(3, ABC)
    assert str(err) == (
        "the MACBETH judgements are inconsistent: judgements 2, 3 cannot all hold together. "
        "For example: change the judgement of level 2 against level 0 from weak to strong."
    )
    assert "barnau 2, 3" in err.localised("cy") and "'gwan' i 'cryf'" in err.localised("cy")
    with pytest.raises(V.MacbethError):
        V.basic_scale(3, ABC)


def test_two_changes_are_suggested_when_no_single_change_works():
    """Two separate conflicts of the a-b-c kind above, on levels 0-1-2 and 2-3-4: 1-0
    strong inside 2-0 weak, and 3-2 strong inside 4-2 weak. One change cannot mend both,
    so every suggestion changes two judgements; raising both weak pairs to strong (two
    categories each) is one of them, and every suggestion works."""
    judgements = [(1, 0, "strong"), (2, 0, "weak"), (3, 2, "strong"), (4, 2, "weak")]
    check = V.macbeth_check(5, judgements)
    assert not check.consistent and check.suggestions
    assert all(len(s.changes) == 2 for s in check.suggestions)
    pairs = [[(c.index, c.after.category) for c in s.changes] for s in check.suggestions]
    assert [(1, "strong"), (3, "strong")] in pairs
    for s in check.suggestions:
        assert V.macbeth_check(5, s.apply(judgements)).consistent
    keys = [(len(s.changes), s.steps) for s in check.suggestions]
    assert keys == sorted(keys)


# ---------------------------------------------------------------------------- 3. ranges, indifference


def test_hesitation_range_relaxes_the_comparisons():
    """Levels 0, 1, 2: 1 over 0 moderate (3), 2 over 0 very strong (5), 2 over 1 given as
    the range moderate to strong [3, 4].
    MC1: d10 >= 3, d21 >= 3, d20 >= 5; d20 - d21 >= 5 - 4 (so d10 >= 1) and
    d20 - d10 >= 5 - 3 (so d21 >= 2); the range [3, 4] against moderate [3, 3] gives no
    comparison (3 > 3 is false both ways). Minimum v2 = 3 + 3 = 6: basic (0, 3, 6).
    With 2 over 1 strong (4) instead, strong > moderate adds d21 >= d10 + 1, so v2 = 3 + 4
    = 7: basic (0, 3, 7), i.e. (0, 42.86, 100)."""
    ranged = [(1, 0, "moderate"), (2, 0, "very_strong"), (2, 1, ("moderate", "strong"))]
    assert V.basic_scale(3, ranged) == (0.0, 3.0, 6.0)
    assert V.macbeth(3, ranged).values == pytest.approx((0.0, 50.0, 100.0))
    single = [(1, 0, "moderate"), (2, 0, "very_strong"), (2, 1, "strong")]
    assert V.basic_scale(3, single) == (0.0, 3.0, 7.0)
    assert V.macbeth(3, single).values == pytest.approx((0.0, 300 / 7, 100.0))
    # a range may also be given by indices, and is kept as names in the inputs
    assert V.macbeth(3, [(1, 0, 3), (2, 0, 5), (2, 1, (3, 4))]).inputs["judgements"][2] == [
        2,
        1,
        ["moderate", "strong"],
    ]


def test_no_difference_gives_equal_values():
    """Levels 1 and 2 judged equally attractive; 1 over 0 weak, 3 over 2 weak, 3 over 0
    strong. MC1: v1 = v2, d10 >= 2, d32 >= 2, d30 >= 4, strong - weak: d30 >= d10 + 2 and
    d30 >= d32 + 2 (so v2 >= 2 and v3 - v1 >= 2). Minimum v3 = v2 + 2 = 4: basic
    (0, 2, 2, 4), i.e. (0, 50, 50, 100). With its twin fixed, each tied level is pinned."""
    judgements = [(2, 1, "no"), (1, 0, "weak"), (3, 2, "weak"), (3, 0, "strong")]
    scale = V.macbeth(4, judgements)
    assert scale.values == pytest.approx((0.0, 50.0, 50.0, 100.0))
    assert scale.intervals[1] == (50.0, 50.0) and scale.intervals[2] == (50.0, 50.0)
    # "no" may be given either way round
    assert V.macbeth(4, [(1, 2, "no"), *judgements[1:]]).values == scale.values


def test_indifference_across_a_level_in_between_is_inconsistent():
    check = V.macbeth_check(3, [(2, 0, "no")])
    assert not check.consistent
    assert [j.index for j in check.problems] == [0]
    assert check.suggestions[0].changes[0].after.category == "very_weak"


def test_intervals_contain_the_values_for_every_golden_case():
    for rows, perm, _ in M_MACBETH.values():
        n, judgements = _mmacbeth(rows, perm)
        scale = V.macbeth(n, judgements)
        for v, (lo, hi) in zip(scale.values, scale.intervals):
            assert lo - 1e-9 <= v <= hi + 1e-9


def test_unjudged_pairs_follow_the_order_of_the_levels():
    """No judgements at all: the order alone counts each step as "positive" (at least one
    unit), so the basic scale is 0, 1, 2 and the scale is linear."""
    assert V.basic_scale(3, []) == (0.0, 1.0, 2.0)
    assert V.macbeth(3, []).values == (0.0, 50.0, 100.0)


# ---------------------------------------------------------------------------- 4. direct, bisection


def test_bisection_months_to_first_family_by_hand():
    """Months from funding to the first family seen: worst 24, best 0 (a cost scale).
    x50 = 9 (halfway in value), x25 = 15, x75 = 4. Piecewise linear through
    (24, 0), (15, 25), (9, 50), (4, 75), (0, 100):
      12 months: between 9 (50) and 15 (25): 50 - (12 - 9) / (15 - 9) * 25 = 37.5
      20 months: between 15 (25) and 24 (0): 25 * (24 - 20) / (24 - 15)  = 11.11
       2 months: between 0 (100) and 4 (75): 100 - 2 / 4 * 25            = 87.5
      beyond the ends the end values hold: 30 months -> 0."""
    scale = V.bisection(24, 0, {0.5: 9, 0.25: 15, 0.75: 4})
    assert scale.method == "bisection"
    assert scale.points == (0.0, 4.0, 9.0, 15.0, 24.0)
    assert scale.values == (100.0, 75.0, 50.0, 25.0, 0.0)
    assert scale.direction == "cost"
    assert scale(12) == pytest.approx(37.5)
    assert scale([20, 2, 30, 9]) == pytest.approx([100 / 9, 87.5, 0.0, 50.0])
    assert isinstance(scale(12), np.ndarray)
    assert scale.inputs == {"worst": 24, "best": 0, "midpoints": {"0.25": 15, "0.5": 9, "0.75": 4}}
    json.dumps(scale.as_dict())


def test_bisection_with_x50_only_on_a_benefit_scale():
    """Share of babies in need reached, worst 0 %, best 100 %, x50 = 30 %: a gain from 0 to
    30 % is worth as much as from 30 to 100 %. Value of 15 % = 50 * 15 / 30 = 25; of 65 %
    = 50 + 50 * (65 - 30) / 70 = 75."""
    scale = V.bisection(0, 100, {"0.5": 30})
    assert scale.points == (0.0, 30.0, 100.0)
    assert scale([15, 65]) == pytest.approx([25.0, 75.0])
    assert scale.direction == "benefit"


def test_direct_rating_rescales_to_0_100():
    """Levels 0..4 rated 2, 4, 7, 9, 10 on a 0-10 scale: (r - 2) / (10 - 2) * 100 =
    0, 25, 62.5, 87.5, 100. Waiting weeks 2, 6, 12 rated 10, 6, 0 (cost scale): best is 2
    weeks (10), worst 12 weeks (0): 100, 60, 0."""
    scale = V.direct([0, 1, 2, 3, 4], [2, 4, 7, 9, 10])
    assert scale.values == (0.0, 25.0, 62.5, 87.5, 100.0)
    assert scale(2.5) == pytest.approx(75.0)
    cost = V.direct([12, 2, 6], [0, 10, 6], direction="cost")
    assert cost.points == (2.0, 6.0, 12.0)
    assert cost.values == (100.0, 60.0, 0.0)
    assert cost.inputs == {"points": [12, 2, 6], "ratings": [0, 10, 6], "direction": "cost"}
    assert V.direct([0, 1, 2], [0, 5, 5]).values == (0.0, 100.0, 100.0)  # a plateau is allowed


# ---------------------------------------------------------------------------- 5. bad inputs


@pytest.mark.parametrize(
    "judgements, key, params",
    [
        ([(2, 0, "weak"), (1, 0, "quite_strong")], "vscale.err.unknown_category", {"n": 2}),
        ([(3, 0, "weak")], "vscale.err.level_range", {"n": 1, "level": 3, "top": 2}),
        ([(2, -1, "weak")], "vscale.err.level_range", {"n": 1, "level": -1}),
        ([(1.5, 0, "weak")], "vscale.err.level_type", {"n": 1}),
        ([(1, 1, "weak")], "vscale.err.same_level", {"n": 1, "level": 1}),
        ([(0, 2, "weak")], "vscale.err.wrong_way", {"n": 1, "better": 0, "worse": 2}),
        ([(2, 0, "weak"), (1, 0, "weak"), (2, 0, "strong")], "vscale.err.twice", {"n": 3, "first": 1}),
        ([(1, 0, "no"), (0, 1, "no")], "vscale.err.twice", {"n": 2, "first": 1}),
        ([(2, 0, ("moderate", "weak"))], "vscale.err.range_order", {"n": 1, "lo": "moderate", "hi": "weak"}),
        ([(2, 0, ("no", "weak"))], "vscale.err.range_no", {"n": 1}),
        ([(2, 0, ("weak", "moderate", "strong"))], "vscale.err.unknown_category", {"n": 1}),
        ([(2, 0, 7)], "vscale.err.unknown_category", {"n": 1}),
        ([(2, 0)], "vscale.err.judgement_form", {"n": 1}),
        ([{"better": 2, "category": "weak"}], "vscale.err.judgement_form", {"n": 1}),
    ],
)
def test_bad_judgements_are_refused_naming_the_judgement(judgements, key, params):
    for call in (V.macbeth, V.macbeth_check):
        with pytest.raises(V.ValueScaleError) as exc:
            call(3, judgements)
        assert exc.value.key == key
        assert params.items() <= exc.value.params.items()
        assert f"judgement {params['n']}" in str(exc.value)
        assert f"barn {params['n']}" in exc.value.localised("cy")


def test_bad_judgement_messages_read_well():
    with pytest.raises(V.ValueScaleError) as exc:
        V.macbeth(3, [(2, 0, "weak"), (1, 0, "quite_strong")])
    assert str(exc.value) == (
        "judgement 2: 'quite_strong' is not a MACBETH category; use one of no, very_weak, weak, "
        "moderate, strong, very_strong, extreme, or two of them for a range"
    )
    with pytest.raises(V.ValueScaleError) as exc:
        V.macbeth(3, [(0, 2, "weak")])
    assert str(exc.value) == (
        "judgement 1: level 0 is judged better than level 2, but levels are numbered from the "
        "worst (0) to the best (2)"
    )


@pytest.mark.parametrize(
    "kwargs, key",
    [
        ({"n_levels": 1}, "vscale.err.n_levels"),
        ({"n_levels": V.MAX_LEVELS + 1}, "vscale.err.n_levels"),
        ({"n_levels": 3, "anchors": (2, 0)}, "vscale.err.anchors"),
        ({"n_levels": 3, "anchors": (0, 3)}, "vscale.err.anchors_form"),
        ({"n_levels": 3, "anchors": (0,)}, "vscale.err.anchors_form"),
        ({"n_levels": 3, "anchors": (1, 2), "judgements": [(2, 1, "no")]}, "vscale.err.anchors_tied"),
    ],
)
def test_bad_levels_and_anchors_are_refused(kwargs, key):
    kwargs.setdefault("judgements", [])
    with pytest.raises(V.ValueScaleError) as exc:
        V.macbeth(kwargs.pop("n_levels"), kwargs.pop("judgements"), **kwargs)
    assert exc.value.key == key


@pytest.mark.parametrize(
    "points, ratings, direction, key, params",
    [
        ([0, 1, 2], [0, 50], "benefit", "vscale.err.count", {}),
        ([0], [0], "benefit", "vscale.err.too_few_points", {}),
        ([0, "x", 2], [0, 1, 2], "benefit", "vscale.err.point_number", {"index": 2}),
        ([0, 1, 2], [0, float("nan"), 2], "benefit", "vscale.err.rating_number", {"point": "1"}),
        ([0, 1, 1], [0, 1, 2], "benefit", "vscale.err.duplicate_point", {"point": "1"}),
        ([0, 1, 2], [0, 60, 40], "benefit", "vscale.err.not_monotone_benefit", {"point": "2"}),
        ([0, 1, 2], [100, 40, 60], "cost", "vscale.err.not_monotone_cost", {"point": "2"}),
        ([0, 1, 2], [5, 5, 5], "benefit", "vscale.err.flat", {}),
        ([0, 1], [0, 1], "up", "vscale.err.direction", {}),
    ],
)
def test_bad_direct_ratings_are_refused_naming_the_level(points, ratings, direction, key, params):
    with pytest.raises(V.ValueScaleError) as exc:
        V.direct(points, ratings, direction=direction)
    assert exc.value.key == key
    assert params.items() <= exc.value.params.items()


def test_a_falling_rating_is_refused_naming_both_points():
    with pytest.raises(V.ValueScaleError) as exc:
        V.direct([0, 1, 2], [0, 60, 40])
    assert str(exc.value) == (
        "point 2 is rated 40, below point 1 (60); on a benefit scale a better performance cannot be rated lower"
    )


@pytest.mark.parametrize(
    "worst, best, midpoints, key, params",
    [
        (24, 0, {0.25: 15}, "vscale.err.need_x50", {}),
        (24, 0, {0.5: 30}, "vscale.err.midpoint_order", {"pct": "50", "lo_pct": "0", "hi_pct": "100"}),
        (24, 0, {0.5: 9, 0.25: 8}, "vscale.err.midpoint_order", {"pct": "25", "x": "8"}),
        (24, 0, {0.5: 9, 0.75: 0}, "vscale.err.midpoint_order", {"pct": "75"}),
        (24, 0, {0.5: 24}, "vscale.err.midpoint_order", {"pct": "50"}),
        (24, 0, {1.5: 9}, "vscale.err.midpoint_key", {}),
        (24, 0, {0.5: 9, "0.5": 10}, "vscale.err.midpoint_twice", {"pct": "50"}),
        (24, 0, {0.5: None}, "vscale.err.midpoint_number", {"pct": "50"}),
        (24, 24, {0.5: 9}, "vscale.err.same_ends", {}),
        (None, 0, {0.5: 9}, "vscale.err.ends_number", {}),
        (24, 0, [9], "vscale.err.midpoints_mapping", {}),
    ],
)
def test_bad_bisections_are_refused(worst, best, midpoints, key, params):
    with pytest.raises(V.ValueScaleError) as exc:
        V.bisection(worst, best, midpoints)
    assert exc.value.key == key
    assert params.items() <= exc.value.params.items()


def test_a_misplaced_midpoint_is_named():
    with pytest.raises(V.ValueScaleError) as exc:
        V.bisection(24, 0, {0.5: 9, 0.25: 8})
    assert str(exc.value) == "x25 = 8 must lie strictly between x0 = 24 and x50 = 9"


# ---------------------------------------------------------------------------- 6. properties


def _random_consistent(rng: np.random.Generator, n: int) -> list[tuple]:
    """Judgements read off a hidden scale: a difference falls in category k when it lies
    in the k-th of six bins, so larger differences never get weaker categories and MC1 is
    feasible. Some pairs are left out, some given as a range of two categories."""
    v = np.cumsum(rng.uniform(0.2, 3.0, size=n))
    v -= v[0]
    edges = np.linspace(0, v[-1] - v[0], 7)[1:-1]
    out = []
    for b, w in itertools.combinations(range(n), 2):
        b, w = w, b
        if rng.random() < 0.3:
            continue
        k = 1 + int(np.searchsorted(edges, v[b] - v[w]))
        if k < 6 and rng.random() < 0.2:
            out.append((b, w, (k, k + 1)))
        else:
            out.append((b, w, k))
    return out


def test_properties_on_random_consistent_judgements():
    rng = np.random.default_rng(20250301)
    for _ in range(12):
        n = int(rng.integers(2, 7))
        judgements = _random_consistent(rng, n)
        check = V.macbeth_check(n, judgements)
        assert check.consistent
        scale = V.macbeth(n, judgements)
        values = np.array(scale.values)
        assert values[0] == 0.0 and values[-1] == 100.0
        assert np.all(np.diff(values) > 0)  # no indifference: strictly increasing
        for v, (lo, hi) in zip(scale.values, scale.intervals):
            assert lo - 1e-9 <= v <= hi + 1e-9
        again = V.macbeth(n, list(reversed(judgements)))
        assert again.values == scale.values
        assert V.macbeth(n, judgements) == scale


def test_scales_rebuild_from_their_spec_and_are_json_safe():
    scales = [
        V.macbeth(4, [(2, 1, "no"), (1, 0, "weak"), (3, 2, "weak"), (3, 0, "strong")], anchors=(1, 3)),
        V.bisection(24, 0, {0.5: 9, 0.25: 15, 0.75: 4}),
        V.direct([12, 2, 6], [0, 10, 6], direction="cost"),
    ]
    for scale in scales:
        spec = json.loads(json.dumps(scale.spec))
        assert V.from_spec(spec) == scale
        json.dumps(scale.as_dict())
    anchored = scales[0]
    assert anchored.values == pytest.approx((-100.0, 0.0, 0.0, 100.0))
    with pytest.raises(V.ValueScaleError) as exc:
        V.from_spec({"method": "smart"})
    assert exc.value.key == "vscale.err.method"
    with pytest.raises(V.ValueScaleError) as exc:
        V.from_spec({"method": "bisection", "worst": 24, "best": 0})
    assert exc.value.params == {"method": "bisection", "key": "midpoints"}


def test_judgements_may_be_given_as_mappings_and_category_labels_are_translated():
    judgements = [{"better": 1, "worse": 0, "category": "Very weak"}]
    assert V.macbeth(2, judgements).inputs["judgements"] == [[1, 0, "very_weak"]]
    labels_en = [V.category_label(c, "en") for c in V.CATEGORIES]
    labels_cy = [V.category_label(c, "cy") for c in V.CATEGORIES]
    assert labels_en == ["no difference", "very weak", "weak", "moderate", "strong", "very strong", "extreme"]
    assert labels_cy == ["dim gwahaniaeth", "gwan iawn", "gwan", "cymedrol", "cryf", "cryf iawn", "eithafol"]
    j = V.parse_judgements(3, [(2, 1, ("weak", "moderate"))])[0]
    assert j.describe("en") == "level 2 over level 1: weak to moderate"
    assert j.describe("cy") == "lefel 2 dros lefel 1: gwan–cymedrol"


def test_every_message_key_used_is_in_both_catalogues():
    source = (ROOT / "appraisal" / "mcda" / "value_scales.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'"(vscale\.[a-z0-9_.]+)"', source))
    keys |= {f"vscale.err.not_monotone_{d}" for d in V.DIRECTIONS}
    keys |= {f"vscale.category.{c}" for c in V.CATEGORIES}
    keys |= {f"vscale.method.{m}" for m in V.METHODS}
    for lang in ("en", "cy"):
        missing = sorted(k for k in keys if k not in catalogue(lang))
        assert not missing, f"{lang}: {missing}"


def test_basic_scale_falls_back_to_the_nearest_optimal_solution(monkeypatch):
    """Should the midpoints ever break a constraint, the optimal MC1 solution nearest to
    them is used; when they do not (as here) that nearest solution is the midpoints."""
    rows, perm, saved = M_MACBETH["Rues partagées"]
    n, judgements = _mmacbeth(rows, perm)
    monkeypatch.setattr(V._System, "_satisfied", lambda self, x: False)
    assert V.basic_scale(n, judgements) == pytest.approx(_ours(saved, perm), abs=1e-9)


@pytest.mark.parametrize(
    "points, values, intervals, key",
    [
        ((0,), (0,), (), "vscale.err.scale_shape"),
        ((0, 1), (0, 50, 100), (), "vscale.err.scale_shape"),
        ((0, 2, 1), (0, 50, 100), (), "vscale.err.points_order"),
        ((0, float("inf")), (0, 100), (), "vscale.err.points_order"),
        ((0, 1), (0, float("nan")), (), "vscale.err.values_finite"),
        ((0, 1), (0, 100), ((0, 0),), "vscale.err.intervals_shape"),
    ],
)
def test_a_value_scale_refuses_malformed_points(points, values, intervals, key):
    with pytest.raises(V.ValueScaleError) as exc:
        V.ValueScale("direct", points, values, {}, intervals)
    assert exc.value.key == key
