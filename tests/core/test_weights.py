"""Weight elicitation: golden values from published examples and hand calculations."""

import numpy as np
import pytest

from appraisal.errors import WeightError
from appraisal.mcda import weights as W

IDS4 = ["a", "b", "c", "d"]


def test_rank_order_centroid_n4_matches_barron_barrett():
    """Barron & Barrett (1996): w_k = (1/n) sum_{i=k..n} 1/i. For n = 4:
    w1 = (1 + 1/2 + 1/3 + 1/4)/4 = 2.0833/4 = 0.5208
    w2 = (1/2 + 1/3 + 1/4)/4     = 1.0833/4 = 0.2708
    w3 = (1/3 + 1/4)/4           = 0.5833/4 = 0.1458
    w4 = (1/4)/4                 = 0.0625
    """
    ws = W.rank_order_centroid(["c", "a", "d", "b"], IDS4)
    assert ws.as_dict() == pytest.approx({"c": 0.5208, "a": 0.2708, "d": 0.1458, "b": 0.0625}, abs=1e-4)
    assert ws.values.sum() == pytest.approx(1.0)


def test_rank_order_centroid_ties_share_positions():
    # a and b tied first share (0.5208 + 0.2708)/2 = 0.3958 each
    ws = W.rank_order_centroid([["a", "b"], "c", "d"], IDS4)
    assert ws.as_dict()["a"] == pytest.approx(0.3958, abs=1e-4)
    assert ws.as_dict()["a"] == ws.as_dict()["b"]


@pytest.mark.parametrize(
    "ranking, field",
    [(["a", "b", "c"], "d"), (["a", "b", "c", "d", "a"], "a"), (["a", "b", "c", "zz"], "zz")],
)
def test_rank_order_centroid_rejects_bad_rankings(ranking, field):
    with pytest.raises(WeightError) as exc:
        W.rank_order_centroid(ranking, IDS4)
    assert exc.value.field == field


def test_ahp_leader_example_priorities():
    """Published worked example: 'Analytic hierarchy process - leader example'
    (Wikipedia, after Saaty's method). Criteria Experience, Education, Charisma, Age with
    judgements Exp/Edu = 4, Exp/Cha = 3, Exp/Age = 7, Edu/Cha = 1/3, Edu/Age = 3, Cha/Age = 5.
    Published priorities: Experience .547, Education .127, Charisma .270, Age .056.

    Consistency by hand from the principal eigenvalue (lambda_max = 4.1184):
    CI = (4.1184 - 4) / 3 = 0.0395; CR = CI / RI(4) = 0.0395 / 0.90 = 0.0439 < 0.10.
    """
    m = np.array(
        [
            [1, 4, 3, 7],
            [1 / 4, 1, 1 / 3, 3],
            [1 / 3, 3, 1, 5],
            [1 / 7, 1 / 3, 1 / 5, 1],
        ]
    )
    res = W.ahp_priorities(m)
    assert res.weights == pytest.approx([0.547, 0.127, 0.270, 0.056], abs=0.0015)
    assert res.lambda_max == pytest.approx(4.1184, abs=1e-3)
    assert res.ci == pytest.approx(0.0395, abs=1e-3)
    assert res.cr == pytest.approx(0.0439, abs=1e-3)
    assert res.consistent


def test_ahp_consistent_matrix_recovers_weights_exactly():
    # a_ij = w_i / w_j is perfectly consistent: lambda_max = n, CR = 0, eigenvector = w
    w = np.array([0.5, 0.25, 0.125, 0.125])
    res = W.ahp_priorities(w[:, None] / w[None, :])
    assert res.weights == pytest.approx(w)
    assert res.cr == pytest.approx(0.0, abs=1e-9)


def test_ahp_flags_inconsistent_matrix():
    # a > b (9), b > c (9) but c > a (9): a cycle, wildly inconsistent
    m = W.pairwise_matrix({("a", "b"): 9, ("b", "c"): 9, ("c", "a"): 9}, ["a", "b", "c"])
    res = W.ahp_priorities(m)
    assert res.cr > W.CR_THRESHOLD
    assert not res.consistent


def test_ahp_rejects_non_reciprocal_and_non_positive():
    with pytest.raises(WeightError, match="reciprocal"):
        W.ahp_priorities(np.array([[1, 2], [2, 1]]))
    with pytest.raises(WeightError, match="positive"):
        W.ahp_priorities(np.array([[1, -2], [-0.5, 1]]))
    with pytest.raises(WeightError, match="between 1/9 and 9"):
        W.pairwise_matrix({("a", "b"): 12}, ["a", "b"])


def test_ahp_group_geometric_mean_is_reciprocal_and_between_members():
    # judge 1 says a/b = 4, judge 2 says a/b = 1: geometric mean = sqrt(4 * 1) = 2
    m1 = W.pairwise_matrix({("a", "b"): 4}, ["a", "b"])
    m2 = W.pairwise_matrix({("a", "b"): 1}, ["a", "b"])
    g = W.geometric_mean_matrix([m1, m2])
    assert g[0, 1] == pytest.approx(2.0)
    assert g[1, 0] == pytest.approx(0.5)
    ws = W.ahp_group([m1, m2], ["a", "b"])
    assert ws.as_dict() == pytest.approx({"a": 2 / 3, "b": 1 / 3})


def test_swing_weights_normalise_and_require_a_100():
    ws = W.swing({"a": 100, "b": 50, "c": 25, "d": 25}, IDS4)
    assert ws.as_dict() == pytest.approx({"a": 0.5, "b": 0.25, "c": 0.125, "d": 0.125})
    with pytest.raises(WeightError, match="100"):
        W.swing({"a": 80, "b": 50, "c": 25, "d": 25}, IDS4)


def test_hierarchical_weights_multiply_group_by_within_share():
    # groups G (a, b) and H (c, d) at 60/40; within G a:b = 3:1, within H c:d = 1:1
    # a = 0.6 * 0.75 = 0.45, b = 0.6 * 0.25 = 0.15, c = d = 0.4 * 0.5 = 0.2
    ws = W.hierarchical({"G": 60, "H": 40}, {"a": 3, "b": 1, "c": 5, "d": 5}, dict(zip(IDS4, "GGHH")))
    assert ws.as_dict() == pytest.approx({"a": 0.45, "b": 0.15, "c": 0.2, "d": 0.2})


@pytest.mark.parametrize(
    "raw, field, message",
    [
        ({"a": 1, "b": -1, "c": 1, "d": 1}, "b", "negative"),
        ({"a": 0, "b": 0, "c": 0, "d": 0}, None, "all weights are zero"),
        ({"a": float("nan"), "b": 1, "c": 1, "d": 1}, "a", "finite"),
        ({"a": "x", "b": 1, "c": 1, "d": 1}, "a", "expected a number"),
        ({"a": 1, "b": 1, "c": 1}, "d", "no weight"),
        ({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1}, "e", "unknown criterion"),
    ],
)
def test_bad_weights_raise_one_clear_error(raw, field, message):
    with pytest.raises(WeightError, match=message) as exc:
        W.points(raw, IDS4)
    assert exc.value.field == field
