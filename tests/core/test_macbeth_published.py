"""MACBETH golden test from a published worked example (issue 13).

Bana e Costa, C. A. & Chagas, M. P. (2004). A career choice problem: an example of how to
use MACBETH to build a quantitative value model based on qualitative value judgments.
*European Journal of Operational Research* 153(2), 323-331: the judgement matrix of the
"monetary reward" criterion (Fig. 2, with hesitation between categories in five cells) and
the value scale it gives with "neutral" = 0 and "good" = 100 (Fig. 4). The matrix is as
transcribed in the drugis/mcda-elicitation-web test `R/macbethSolve-test.R`, whose comment
gives the paper's values: I-banking 187.5, Consulting 150, Corporate sales 112.5, good 100,
I-broker 100, neutral 0, Teaching -12.5, Service -62.5.
"""

from __future__ import annotations

import pytest

from appraisal.mcda import value_scales as VS

# best first, as in the paper: 0 I-banking, 1 Consulting, 2 Corporate sales, 3 good,
# 4 I-broker, 5 neutral, 6 Teaching, 7 Service; 0 = no difference ... 6 = extreme;
# row over column; where the two matrices differ the judgement hesitates between them
N = None
LOW = [
    [0, 3, 4, 4, 3, 6, 6, 6],
    [N, 0, 3, 3, 3, 6, 6, 6],
    [N, N, 0, 1, 1, 4, 5, 6],
    [N, N, N, 0, 0, 5, 5, 6],
    [N, N, N, N, 0, 5, 4, 6],
    [N, N, N, N, N, 0, 1, 4],
    [N, N, N, N, N, N, 0, 3],
    [N, N, N, N, N, N, N, 0],
]
HIGH = [
    [0, 3, 4, 4, 4, 6, 6, 6],
    [N, 0, 3, 3, 3, 6, 6, 6],
    [N, N, 0, 1, 2, 5, 5, 6],
    [N, N, N, 0, 0, 6, 5, 6],
    [N, N, N, N, 0, 5, 5, 6],
    [N, N, N, N, N, 0, 1, 4],
    [N, N, N, N, N, N, 0, 4],
    [N, N, N, N, N, N, N, 0],
]
PAPER = [-62.5, -12.5, 0.0, 100.0, 100.0, 112.5, 150.0, 187.5]  # worst (Service) first


def _judgements(low=LOW, high=HIGH) -> list:
    """The matrix as (better level, worse level, category) on levels numbered worst first."""
    c = VS.CATEGORIES
    out = []
    for a in range(8):
        for b in range(a + 1, 8):
            lo, hi = low[a][b], high[a][b]
            out.append([7 - a, 7 - b, c[lo] if lo == hi else [c[lo], c[hi]]])
    return out


def test_the_career_choice_scale_is_the_published_one():
    scale = VS.macbeth(8, _judgements(), anchors=(2, 4))  # neutral (level 2) = 0, good (level 4) = 100
    assert list(scale.values) == pytest.approx(PAPER, abs=1e-6)
    assert VS.macbeth_check(8, _judgements()).consistent


def test_an_inconsistent_judgement_is_caught_with_a_repair():
    """Judge Corporate sales over good 'strong' (the paper: 'very weak'): with good over
    neutral 'very strong' to 'extreme', Corporate sales over neutral ('strong' to 'very
    strong') would then be smaller than one of its parts, so the judgements cannot hold."""
    low = [row[:] for row in LOW]
    high = [row[:] for row in HIGH]
    low[2][3] = high[2][3] = 4
    check = VS.macbeth_check(8, _judgements(low, high))
    assert not check.consistent and check.problems and check.suggestions
    with pytest.raises(VS.MacbethError) as err:
        VS.macbeth(8, _judgements(low, high), anchors=(2, 4))
    assert err.value.consistency.suggestions
    fixed = check.suggestions[0].apply(_judgements(low, high))
    assert VS.macbeth_check(8, fixed).consistent
