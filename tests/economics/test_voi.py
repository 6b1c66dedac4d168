"""Value of information and acceptability, against integrals worked by hand.

EVPI = E[max_o NB_o] - max_o E[NB_o] (Claxton 1999; Briggs, Claxton & Sculpher 2006, ch. 7).
EVPPI by regression (Strong, Oakley & Brennan 2014, Med Decis Making 34:311-326)."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.economics.voi import ceac, evpi, evppi, evppi_all, rcs_basis

N = 200_000


def _uniform(seed=0, n=N):
    return np.random.default_rng(seed).uniform(-1.0, 1.0, n)


def test_evpi_of_a_coin_toss_between_theta_and_nothing():
    # NB = (theta, 0), theta ~ U(-1, 1): E[max(theta, 0)] = int_0^1 x/2 dx = 1/4,
    # max(E theta, 0) = 0, so EVPI = 0.25
    th = _uniform()
    nb = np.column_stack([th, np.zeros_like(th)])
    assert evpi(nb) == pytest.approx(0.25, abs=0.003)
    # learning theta resolves everything: EVPPI(theta) = EVPI
    assert evppi(nb, th) == pytest.approx(0.25, abs=0.003)


def test_evppi_of_an_irrelevant_parameter_is_zero_and_of_a_partial_one_is_its_share():
    # NB = (theta + eps, 0) with theta, eps ~ U(-1, 1) independent:
    # EVPPI(theta) = E[max(E[NB | theta], 0)] = E[max(theta, 0)] = 0.25;
    # EVPI = E[max(theta + eps, 0)] = E[(S)+] with S triangular on (-2, 2): int_0^2 s (2 - s)/4 ds = 1/3
    th, eps, junk = _uniform(1), _uniform(2), _uniform(3)
    nb = np.column_stack([th + eps, np.zeros(N)])
    assert evpi(nb) == pytest.approx(1 / 3, abs=0.004)
    assert evppi(nb, th) == pytest.approx(0.25, abs=0.004)
    assert evppi(nb, junk) == pytest.approx(0.0, abs=0.004)
    # the vectorised version used by the Monte Carlo gives the same numbers
    (rows,) = evppi_all([nb], np.vstack([th, eps, junk]))
    assert rows == pytest.approx([evppi(nb, th), evppi(nb, eps), evppi(nb, junk)], abs=0.002)


def test_evppi_of_a_nonlinear_effect_needs_the_spline():
    # NB = (theta^2 - 1/3, 0): E = 0, so without information BAU-like 0 is chosen;
    # E[max(theta^2 - 1/3, 0)] = int_{1/sqrt3}^1 (x^2 - 1/3) dx = (1 - 3^-1.5)/3 - (1 - 3^-0.5)/3
    th = _uniform(4)
    nb = np.column_stack([th**2 - 1 / 3, np.zeros(N)])
    r = 1 / np.sqrt(3)
    exact = (1 - r**3) / 3 - (1 - r) / 3
    assert exact == pytest.approx(0.128300, abs=1e-6)
    assert evppi(nb, th) == pytest.approx(exact, abs=0.004)
    (rows,) = evppi_all([nb], th[None, :])
    assert rows[0] == pytest.approx(exact, abs=0.004)


def test_the_spline_basis_is_linear_beyond_the_outer_knots():
    x = np.linspace(-3, 3, 601)
    B = rcs_basis(x)
    assert B.shape == (601, 5) and np.allclose(B[:, 0], 1) and np.allclose(B[:, 1], x)
    hi = x > np.percentile(x, 95)
    second = np.diff(B[hi, 2:], n=2, axis=0)
    assert np.allclose(second, 0, atol=1e-9)


def test_a_constant_parameter_has_no_value_of_information():
    nb = np.column_stack([_uniform(5, 1000), np.zeros(1000)])
    assert evppi(nb, np.ones(1000)) == 0.0
    (rows,) = evppi_all([nb], np.ones((1, 1000)))
    assert rows[0] == 0.0


def test_acceptability_by_hand():
    # two draws, options (BAU, A): A costs 10 and improves 1 child worth 'scale' = 1 unit;
    # benefits are in the draw's own units, so at lambda the NB of A is lambda x b / scale - c
    b = np.array([[0.0, 20.0], [0.0, 5.0]])  # chain PV of A: 20 in draw 1, 5 in draw 2
    c = np.array([[0.0, 10.0], [0.0, 10.0]])
    scale = np.array([10.0, 10.0])  # each draw values one improved child at 10
    lam = np.array([0.0, 5.0, 10.0, 20.0, 40.0])
    out = ceac(b, c, scale, lam)
    # draw 1: lambda x 2 - 10 > 0 from lambda > 5; draw 2: lambda x 0.5 - 10 > 0 from lambda > 20
    assert out[:, 1].tolist() == [0.0, 0.0, 0.5, 0.5, 1.0]
    assert out.sum(axis=1) == pytest.approx(1.0)
