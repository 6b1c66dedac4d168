"""The scores page's value-function editor (issue 13): MACBETH judgements with the
consistency check and a suggested repair, direct rating, and the edit reaching the run."""

from __future__ import annotations

from appraisal.data import load_dataset
from appraisal.ui.pages import scores as scores_page
from tests.ui.conftest import inputs, problems

DS = load_dataset()
CRIT = "specialist_capacity"


def _key(part: str) -> str:
    return f"w_vf_{CRIT}_{part}"


def _open(open_page):
    at = open_page("scores", {"region": "gwent"})
    at.selectbox(key=scores_page.W_CRIT).set_value(CRIT).run()
    return at


def test_inconsistent_judgements_are_explained_with_a_repair_and_not_applied(open_page) -> None:
    at = _open(open_page)
    # the data's judgements: strong, moderate, moderate, moderate steps; best over worst extreme
    assert at.selectbox(key=_key("mc_1_0")).value == "strong"
    at.selectbox(key=_key("mc_4_0")).set_value("weak").run()  # four steps cannot add up to weak
    errors = " ".join(e.value for e in at.error)
    assert "cannot all hold together" in errors
    assert any("restores consistency" in c.value for c in at.caption)
    assert not [b for b in at.button if b.key == _key("apply_mc")]
    assert inputs(at).value_functions == ()


def test_consistent_judgements_applied_change_the_run_and_travel_in_the_inputs(open_page) -> None:
    at = _open(open_page)
    at.selectbox(key=_key("mc_1_0")).set_value("weak").run()
    at.selectbox(key=_key("mc_4_3")).set_value("very_strong").run()
    at.text_input(key=_key("reason")).set_value("the last step to the target matters most").run()
    next(b for b in at.button if b.key == _key("apply_mc")).click().run()
    assert not problems(at), problems(at)
    vfs = inputs(at).value_functions
    assert len(vfs) == 1 and vfs[0].criterion == CRIT and vfs[0].spec["method"] == "macbeth"
    assert vfs[0].reason == "the last step to the target matters most"
    # the page now shows the run's value function and offers to undo it
    assert any(b.key == _key("reset") for b in at.button)
    next(b for b in at.button if b.key == _key("reset")).click().run()
    assert inputs(at).value_functions == ()


def test_direct_rating_is_applied(open_page) -> None:
    at = _open(open_page)
    at.segmented_control(key=_key("method")).set_value("direct").run()
    for k, v in enumerate((0, 10, 20, 60, 100)):
        at.number_input(key=_key(f"direct_{k}")).set_value(float(v))
    at.run()
    next(b for b in at.button if b.key == _key("apply_direct")).click().run()
    assert not problems(at), problems(at)
    spec = inputs(at).value_functions[0].spec
    assert spec["method"] == "direct" and list(spec["ratings"]) == [0, 10, 20, 60, 100]
