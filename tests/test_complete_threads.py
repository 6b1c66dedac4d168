"""``AppraisalResults.complete(workers)``: the regions' parts computed side by side on
threads give exactly what one thread gives (every part is seeded on its own)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np

from appraisal.data import load_dataset
from appraisal.inputs import AppraisalInputs
from appraisal.run import MEMO, run

DS = load_dataset()


def _flat(obj, depth: int = 0):
    """A value's contents as nested tuples (arrays as their bytes), to compare exactly."""
    if depth > 12:
        return repr(obj)
    if isinstance(obj, np.ndarray):
        return (str(obj.dtype), obj.shape, obj.tobytes())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return tuple((f.name, _flat(getattr(obj, f.name), depth + 1)) for f in dataclasses.fields(obj))
    if isinstance(obj, Mapping):
        return tuple((repr(k), _flat(v, depth + 1)) for k, v in obj.items())
    if isinstance(obj, (list, tuple)):
        return tuple(_flat(v, depth + 1) for v in obj)
    if isinstance(obj, float):
        return float(obj).hex()
    return repr(obj)


def _fingerprint(results) -> dict[tuple[str, str], tuple]:
    """Every region's every part (SMAA, Monte Carlo, switching values, distance, ...)."""
    return {(reg.region_id, name): _flat(reg._part(name)) for reg in results for name in reg.parts}


def test_threads_give_what_one_thread_gives() -> None:
    inputs = AppraisalInputs(draws=400, seed=20261202)
    MEMO.clear()
    one = _fingerprint(run(DS, inputs).complete(workers=1))
    MEMO.clear()
    four = _fingerprint(run(DS, inputs).complete(workers=4))
    assert one.keys() == four.keys()
    assert {"smaa", "monte_carlo", "econ_switching", "distance"} <= {name for _, name in one}
    different = [k for k in one if one[k] != four[k]]
    assert not different, different
    # and the fingerprint does see the draws: another seed changes the SMAA and Monte Carlo
    other = _fingerprint(run(DS, inputs.with_changes(seed=7)).complete(workers=4))
    changed = {key[1] for key, v in one.items() if v != other[key]}
    assert {"smaa", "monte_carlo"} <= changed
