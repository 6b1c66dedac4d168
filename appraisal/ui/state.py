"""Session state shared by every page: language, region, the appraisal inputs, links.

The single place that knows the ``st.session_state`` keys. What the user chose for the
appraisal (weights, score edits with reasons, economic choices, SMAA model...) lives in
one validated ``AppraisalInputs`` (``inputs()``), the same object a saved scenario holds
and the report and CLI run on; pages read and change it through these helpers and never
touch the keys directly, so what a user enters survives page changes and reruns
(nothing they enter is lost). Canonical values live under keys no widget owns;
widgets get their own keys, seeded from the canonical value and written back through
callbacks, because Streamlit forgets a widget's key when its page is not shown.

Shareable links: ``?region=<id>&lang=<en|cy>&w=<criterion>:<points>,...`` are read once
per session (validated; a bad link gives a message, never a traceback) and written back
whenever the state they describe changes (``sync_query_params``). A link without
``lang`` opens in the browser's language (``cy*`` -> Welsh, anything else -> English).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import streamlit as st

from appraisal.data import Dataset, load_dataset
from appraisal.errors import InputError, WeightError
from appraisal.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from appraisal.inputs import AppraisalInputs, WeightInputs, jsonable, thaw
from appraisal.mcda.weights import normalise
from appraisal.run import default_inputs, validate

K_LANG = "lang"
W_LANG = "w_lang"  # the sidebar language toggle (widget key)
K_REGION = "region"
K_INPUTS = "appraisal_inputs"  # the one AppraisalInputs of the session (appraisal.inputs)
K_LOADED = "loaded_scenario"  # {name, version, author, reason, saved, key} or None
K_METHOD_INPUTS = "method_inputs"  # {method: inputs} kept while the user switches method
K_LINK_READ = "_link_read"  # query parameters already read this session
K_NOTICES = "_notices"  # one-off messages [(level, text)] shown on the next run
K_UNDO = "_weights_undo"  # earlier WeightInputs (None: the data's defaults), newest last
K_BEFORE = "_weights_before_last_change"  # (WeightInputs | None,) the weights just before it
K_REDO = "_weights_redo"  # WeightInputs undone, newest last
K_SCORE_UNDO = "_scores_undo"  # earlier score_edits tuples (every region's), newest last
K_SCORE_REDO = "_scores_redo"  # score_edits undone, newest last
UNDO_MAX = 100

#: Widget keys (owned by widgets, re-seeded from the canonical values above).
W_REGION = "w_region"
W_POINTS = "w_points_"  # + criterion id

#: Points are shown on sliders from 0 to POINTS_MAX; weights set by another method are
#: rescaled so the most important criterion has POINTS_TOP (normalised weights unchanged).
POINTS_MAX = 20.0
POINTS_STEP = 0.5
POINTS_TOP = 10.0

QP_REGION, QP_LANG, QP_WEIGHTS = "region", "lang", "w"


@st.cache_resource(show_spinner=False)
def dataset() -> Dataset:
    """The bundled data folder, loaded once per server process."""
    return load_dataset()


# ----------------------------------------------------------------------------- language


def lang() -> str:
    val = st.session_state.get(K_LANG, DEFAULT_LANGUAGE)
    return val if val in LANGUAGES else DEFAULT_LANGUAGE


def set_lang(value: str) -> None:
    st.session_state[K_LANG] = value if value in LANGUAGES else DEFAULT_LANGUAGE


def browser_lang() -> str:
    """The language the browser asks for: Welsh for any ``cy*`` locale, else English.

    ``st.context.locale`` is the browser's ``navigator.language`` (None outside a
    browser session, e.g. in AppTest)."""
    try:
        loc = st.context.locale
    except Exception:  # noqa: BLE001 - no browser context: fall back to the default
        return DEFAULT_LANGUAGE
    if isinstance(loc, str) and loc.strip().lower().startswith("cy"):
        return "cy"
    return DEFAULT_LANGUAGE


def on_lang_widget() -> None:
    """Callback of the sidebar language toggle: only the language changes; every
    value the user entered lives under language-free keys and is kept."""
    value = st.session_state.get(W_LANG)
    if value in LANGUAGES:
        set_lang(value)


def tr(key: str, **kwargs: Any) -> str:
    """Translate ``key`` into the session's language."""
    return t(key, lang(), **kwargs)


# ----------------------------------------------------------------------------- notices


def notify(level: str, text: str) -> None:
    """Queue a message (``info``/``warning``/``error``/``success``) for the next render."""
    notes = list(st.session_state.get(K_NOTICES, []))
    if (level, text) not in notes:
        notes.append((level, text))
    st.session_state[K_NOTICES] = notes


def pop_notices() -> list[tuple[str, str]]:
    return list(st.session_state.pop(K_NOTICES, []) or [])


# ----------------------------------------------------------------------------- region


def region_id() -> str:
    ds = dataset()
    val = st.session_state.get(K_REGION)
    if val not in ds.region_ids:
        val = ds.region_ids[0]
        st.session_state[K_REGION] = val
    return val


def set_region(value: str) -> None:
    if value in dataset().region_ids:
        st.session_state[K_REGION] = value
        st.session_state[W_REGION] = value


def on_region_widget() -> None:
    """Callback of the sidebar region selector."""
    set_region(st.session_state.get(W_REGION, region_id()))


# ----------------------------------------------------------------------------- the appraisal


def inputs() -> AppraisalInputs:
    """Everything the user chose, as the one validated ``AppraisalInputs`` of this session
    (the data's defaults on first use; always in the session's language)."""
    cur = st.session_state.get(K_INPUTS)
    if not isinstance(cur, AppraisalInputs):
        cur = default_inputs(dataset())
        st.session_state[K_INPUTS] = cur
    if cur.lang != lang():
        cur = cur.with_changes(lang=lang())
        st.session_state[K_INPUTS] = cur
    return cur


def set_inputs(new: AppraisalInputs) -> None:
    """Replace the session's inputs (checked against the data first: raises InputError
    naming the field, and the state is left as it was)."""
    from appraisal.legacy import upgrade

    carried = upgrade(new, dataset().criterion_ids)  # saved against an earlier criteria model
    validate(dataset(), carried.inputs)
    st.session_state[K_INPUTS] = carried.inputs
    if carried.changed:
        notify(
            "warning",
            tr("legacy.heading") + " " + " ".join(md(tr(k, **p)) for k, p in carried.notes[:12]),
        )


#: Widgets that show a value of the inputs (seeded from them when missing) and editors
#: whose key carries a version: after the inputs are replaced wholesale (a scenario is
#: loaded) they are forgotten or bumped, so every page shows the new values.
MIRROR_PREFIXES = ("w_points_", "w_econ_", "w_robustness_model")
EDITOR_VERSIONS = ("scores_editor_version", "econ_assumptions_editor_version")


def reseed_widgets() -> None:
    """Make every widget that mirrors the inputs show them again (after a load)."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(MIRROR_PREFIXES)]:
        del st.session_state[key]
    for key in EDITOR_VERSIONS:
        st.session_state[key] = int(st.session_state.get(key, 0) or 0) + 1
    seed_point_widgets()


def _update(**changes: Any) -> None:
    set_inputs(inputs().with_changes(**changes))


# ----------------------------------------------------------------------------- weights


def default_points() -> dict[str, float]:
    return {c.id: float(c.weight.value or 0.0) for c in dataset().criteria}


def weight_points() -> dict[str, float]:
    """Current weight points per criterion."""
    w = inputs().weights
    return dict(w.points) if w is not None else default_points()


def weight_method() -> str:
    w = inputs().weights
    return w.method if w is not None else "swing"


def weight_inputs() -> dict:
    """The raw inputs of the method that set the current weights (for audit and report)."""
    w = inputs().weights
    return thaw(w.inputs) if w is not None else {}


def weight_tuple() -> tuple[float, ...]:
    """Current points in criterion order."""
    pts = weight_points()
    return tuple(float(pts[c]) for c in dataset().criterion_ids)


def points_from_weights(weights: dict[str, float]) -> dict[str, float]:
    """Rescale weights so the largest is POINTS_TOP points, rounded to the slider step."""
    top = max(weights.values()) if weights else 0.0
    if top <= 0:
        raise WeightError("all weights are zero; at least one must be positive")
    out = {c: round(v / top * POINTS_TOP / POINTS_STEP) * POINTS_STEP for c, v in weights.items()}
    if sum(out.values()) <= 0:
        raise WeightError("all weights are zero; at least one must be positive")
    return out


def set_weights(
    points: dict[str, float], method: str, inputs_: dict | None = None, *, sync_widgets: bool = True
) -> None:
    """Replace the current weights (validated: raises WeightError or InputError, state unchanged).

    Points above the slider range are rescaled (the normalised weights do not change).
    ``sync_widgets`` also moves the points sliders; a slider's own callback passes False
    so that several sliders changed in one rerun do not overwrite each other.
    """
    ds = dataset()
    normalise(points, ds.criterion_ids)
    pts = {c: float(points[c]) for c in ds.criterion_ids}
    if max(pts.values()) > POINTS_MAX:
        top = max(pts.values())
        pts = {c: v / top * POINTS_TOP for c, v in pts.items()}
    before = inputs().weights
    _update(weights=WeightInputs(method, pts, safe_inputs(inputs_)))
    if inputs().weights != before:
        _push(K_UNDO, before)
        st.session_state[K_REDO] = []
        st.session_state[K_BEFORE] = (before,)
    if sync_widgets or pts != points:
        for c, v in pts.items():
            st.session_state[W_POINTS + c] = _slider_value(v)


def _push(key: str, value: Any) -> None:
    stack = list(st.session_state.get(key) or [])
    stack.append(value)
    st.session_state[key] = stack[-UNDO_MAX:]


def weights_before_last_change() -> tuple[WeightInputs | None] | None:
    """The weights in force just before the last change, undo and redo included, as a
    one-tuple (its ``None`` is the data's defaults); ``None`` before any change."""
    got = st.session_state.get(K_BEFORE)
    return got if isinstance(got, tuple) and len(got) == 1 else None


def can_undo() -> bool:
    return bool(st.session_state.get(K_UNDO))


def can_redo() -> bool:
    return bool(st.session_state.get(K_REDO))


def _restore_weights(weights: WeightInputs | None) -> None:
    """Make ``weights`` the session's again and every weight widget show them."""
    _update(weights=weights)
    swings = dict(weights.inputs).get("swings") if weights is not None else None
    set_method_inputs("swing", dict(swings) if isinstance(swings, dict) else None)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith((W_POINTS, "w_swing_"))]:
        del st.session_state[key]
    seed_point_widgets()


def _step(take: str, give: str, notice: str, current: Any, restore: Callable[[Any], None]) -> bool:
    """Move one state from the ``take`` stack into the session and the session's
    ``current`` state onto ``give`` (undo: take from undo, give to redo; redo: the
    reverse). False when there was nothing to take."""
    stack = list(st.session_state.get(take) or [])
    if not stack:
        return False
    value = stack.pop()
    st.session_state[take] = stack
    _push(give, current)
    restore(value)
    notify("info", tr(notice))
    return True


def undo_weights() -> None:
    """Go back one weight change (a meeting's "undo"); the change can be redone. Each step
    is a change of the inputs, so the audit trail of a saved scenario is unaffected until
    the scenario is saved again."""
    _weights_step(K_UNDO, K_REDO, "ui.undo.done")


def redo_weights() -> None:
    _weights_step(K_REDO, K_UNDO, "ui.redo.done")


def _weights_step(take: str, give: str, notice: str) -> None:
    now = inputs().weights
    if _step(take, give, notice, now, _restore_weights):
        st.session_state[K_BEFORE] = (now,)


def undo_scores() -> None:
    """Go back one score change (an edit, a criterion's or region's reset, in any region);
    the change can be redone. As with weights, the audit trail records what is saved."""
    _step(K_SCORE_UNDO, K_SCORE_REDO, "ui.undo.scores_done", inputs().score_edits, _restore_scores)


def redo_scores() -> None:
    _step(K_SCORE_REDO, K_SCORE_UNDO, "ui.redo.scores_done", inputs().score_edits, _restore_scores)


def _restore_scores(edits: Any) -> None:
    _update(score_edits=tuple(edits))


def can_undo_scores() -> bool:
    return bool(st.session_state.get(K_SCORE_UNDO))


def can_redo_scores() -> bool:
    return bool(st.session_state.get(K_SCORE_REDO))


def safe_inputs(raw: Any) -> dict:
    """A method's inputs as small JSON; inputs that cannot be kept become a note."""
    from appraisal.checks import check_inputs

    data = jsonable(raw or {})
    if not isinstance(data, dict):
        data = {"value": data}
    try:
        check_inputs(data, "weights.inputs")
        return data
    except InputError:
        return {"note": "inputs not stored (too large or not plain values)"}


def _slider_value(v: float) -> float:
    return float(min(max(v, 0.0), POINTS_MAX))


def slider_points() -> dict[str, float]:
    """The current points on the sliders' 0-POINTS_MAX scale: swing points (largest 100)
    are shown rescaled so the largest is POINTS_TOP (the normalised weights are the same)."""
    pts = weight_points()
    top = max(pts.values()) if pts else 0.0
    if top > POINTS_MAX:
        pts = {c: v / top * POINTS_TOP for c, v in pts.items()}
    return pts


def seed_point_widgets() -> None:
    """Give each points slider its canonical value if Streamlit has forgotten it."""
    for c, v in slider_points().items():
        if W_POINTS + c not in st.session_state:
            st.session_state[W_POINTS + c] = _slider_value(v)


def on_point_widget(criterion: str) -> None:
    """Callback of one points slider: the other points are kept as they are."""
    pts = slider_points()
    pts[criterion] = float(st.session_state.get(W_POINTS + criterion, pts[criterion]))
    if sum(pts.values()) <= 0:
        notify("warning", tr("ui.weights.all_zero"))
        st.session_state[W_POINTS + criterion] = _slider_value(slider_points()[criterion])
        return
    set_weights(pts, "points", {"points": pts}, sync_widgets=False)


def reset_weights() -> None:
    set_weights(default_points(), "swing", {"source": "data defaults"})


def weights_are_default() -> bool:
    d = normalise(default_points(), dataset().criterion_ids)
    cur = normalise(weight_points(), dataset().criterion_ids)
    return bool(max(abs(a - b) for a, b in zip(d, cur)) < 1e-9)


K_SIDEBAR_WEIGHTS = "_sidebar_weights_text"  # what the sidebar last said about weights


def weights_summary() -> str:
    """One line on where the current weights come from (shown in the sidebar)."""
    if weights_are_default():
        return tr("ui.weights.sidebar_default")
    return tr("ui.weights.sidebar_custom", method=tr(f"ui.method.{weight_method()}"))


def sidebar_is_stale() -> bool:
    """True when a fragment changed the weights in a way the sidebar does not show yet."""
    return st.session_state.get(K_SIDEBAR_WEIGHTS) != sidebar_summary()


def method_inputs(method: str) -> Any:
    """The inputs a weighting method last held (None before first use)."""
    return (st.session_state.get(K_METHOD_INPUTS) or {}).get(method)


def set_method_inputs(method: str, value: Any) -> None:
    allm = dict(st.session_state.get(K_METHOD_INPUTS) or {})
    allm[method] = value
    st.session_state[K_METHOD_INPUTS] = allm


# ----------------------------------------------------------------------------- scores


def score_edits(region: str) -> dict[tuple[str, str], float]:
    return inputs().edits_for(region)


def score_reasons(region: str) -> dict[tuple[str, str], str]:
    return inputs().reasons_for(region)


def set_score_edits(
    region: str, edits: dict[tuple[str, str], float], reasons: dict[tuple[str, str], str] | None = None
) -> None:
    """Replace one region's score edits (``reasons`` for new or changed cells; cells
    already edited keep the reason they were given). A change is one undo step."""
    before = inputs().score_edits
    set_inputs(inputs().with_region_edits(region, edits, reasons))
    if inputs().score_edits != before:
        _push(K_SCORE_UNDO, before)
        st.session_state[K_SCORE_REDO] = []


# ----------------------------------------------------------------------------- economics


#: Economics page choice name -> EconomicInputs field ("mode" is the headline benefit
#: view, "heckman" the curve of the labelled what-if). The page offers no discount choice
#: (the Green Book STPR, with its health rate for health effects); a scenario may still
#: carry one, so the field stays reachable.
ECON_FIELDS = {
    "coverage": "coverage",
    "discount": "discount",
    "heckman": "heckman",
    "mode": "benefit_view",
    "horizon": "horizon",
    "service_years": "service_years",
}


def econ_choices() -> dict[str, Any]:
    """The economics page's choices that differ from the data's defaults (the headline
    view counts only when it is not the outcome chain)."""
    from appraisal.inputs import BENEFIT_VIEWS

    e = inputs().economics
    out = {name: getattr(e, f) for name, f in ECON_FIELDS.items() if getattr(e, f) is not None}
    if out.get("mode") == BENEFIT_VIEWS[0]:
        out.pop("mode")
    return out


def set_econ_choice(name: str, value: Any) -> None:
    """Set one economics choice (validated; raises InputError naming the field)."""
    set_inputs(inputs().with_economics(**{ECON_FIELDS[name]: value}))


def econ_overrides() -> dict[str, float]:
    return dict(inputs().economics.overrides)


def set_econ_overrides(values: dict[str, float]) -> None:
    set_inputs(inputs().with_economics(overrides=dict(values)))


def set_smaa_model(model: str) -> None:
    _update(smaa_model=model)


# ----------------------------------------------------------------------------- scenario loaded


def loaded() -> dict | None:
    """The saved scenario the session's work started from: name, version, author, reason,
    saved (ISO time) and ``key`` (its inputs' compute key); None for the data defaults."""
    val = st.session_state.get(K_LOADED)
    return dict(val) if isinstance(val, dict) else None


def set_loaded(info: dict | None) -> None:
    st.session_state[K_LOADED] = dict(info) if info else None


def unsaved() -> bool:
    """True when the work differs from the loaded scenario (or from the data defaults)."""
    info = loaded()
    ref = info["key"] if info else default_inputs(dataset()).compute_key()
    return inputs().compute_key() != ref


def sidebar_summary() -> str:
    """What the sidebar says is active: the scenario (or defaults) and unsaved changes."""
    info = loaded()
    if info:
        text = tr("ui.active.scenario", name=md(info["name"]), version=info["version"])
    else:
        text = tr("ui.active.defaults")
    if unsaved():
        text += " · " + tr("ui.active.unsaved")
    return text + "\n\n" + weights_summary()


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """User text made inert for st.markdown (and captions, alerts): every markup character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


# ----------------------------------------------------------------------------- links


def encode_weights(points: dict[str, float], criterion_ids: tuple[str, ...]) -> str:
    """``crit:points,...`` in criterion order (compact: up to 4 significant figures)."""
    return ",".join(f"{c}:{points[c]:.4g}" for c in criterion_ids)


def decode_weights(text: str, defaults: dict[str, float]) -> tuple[dict[str, float] | None, str | None]:
    """Parse ``crit:points,...``; criteria not named keep their default points.

    Returns ``(points, None)`` or ``(None, reason)``; the reason is a message key plus
    its fields, translated by the caller.
    """
    pts = dict(defaults)
    if not text.strip():
        return None, "ui.link.bad_weights_empty"
    for part in text.split(","):
        if not part.strip():
            continue
        cid, sep, num = part.partition(":")
        cid = cid.strip()
        if not sep:
            return None, "ui.link.bad_weights_format"
        if cid not in defaults:
            return None, "ui.link.bad_weights_unknown"
        try:
            v = float(num)
        except ValueError:
            return None, "ui.link.bad_weights_number"
        if not math.isfinite(v) or v < 0:
            return None, "ui.link.bad_weights_number"
        pts[cid] = v
    if sum(pts.values()) <= 0:
        return None, "ui.link.bad_weights_zero"
    return pts, None


def _qp_get(name: str) -> str | None:
    try:
        val = st.query_params.get(name)
    except Exception:  # noqa: BLE001 - a malformed URL must never break the app
        return None
    return None if val is None else str(val)


def read_query_params() -> None:
    """Apply ``region``, ``lang`` and ``w`` from the URL, once per session."""
    if st.session_state.get(K_LINK_READ):
        return
    st.session_state[K_LINK_READ] = True
    ds = dataset()
    lg = _qp_get(QP_LANG)
    if lg is None:
        set_lang(browser_lang())  # no language in the link: follow the browser
    elif lg in LANGUAGES:
        set_lang(lg)
    else:
        notify("warning", tr("ui.link.bad_lang", value=md(lg[:40])))  # link text is user text
    rg = _qp_get(QP_REGION)
    if rg is not None:
        if rg in ds.region_ids:
            set_region(rg)
        else:
            notify(
                "warning",
                tr("ui.link.bad_region", value=md(rg[:40]), region=md(_region_name(region_id()))),
            )
    wt = _qp_get(QP_WEIGHTS)
    if wt is not None:
        pts, reason = decode_weights(wt[:4000], default_points())
        if pts is None:
            notify("warning", tr("ui.link.bad_weights", reason=tr(reason or "ui.link.bad_weights_format")))
        else:
            set_weights(pts, "link", {"link": wt[:4000]})
            notify("info", tr("ui.link.weights_loaded"))


def _region_name(rid: str) -> str:
    from appraisal.i18n import localised

    return localised(dataset().region(rid), "name", lang())


def link_params() -> dict[str, str]:
    """The query parameters that describe the current state."""
    ds = dataset()
    # the language is always in the link, so a shared link opens in the language the
    # sender used, whatever the receiver's browser asks for
    out = {QP_REGION: region_id(), QP_LANG: lang()}
    if not weights_are_default():
        out[QP_WEIGHTS] = encode_weights(weight_points(), ds.criterion_ids)
    return out


def sync_query_params() -> None:
    """Write the state's link parameters to the URL (only those that changed)."""
    want = link_params()
    try:
        have = {k: st.query_params.get(k) for k in (QP_REGION, QP_LANG, QP_WEIGHTS)}
        for k in (QP_REGION, QP_LANG, QP_WEIGHTS):
            if k in want and have.get(k) != want[k]:
                st.query_params[k] = want[k]
            elif k not in want and have.get(k) is not None:
                del st.query_params[k]
    except Exception:  # noqa: BLE001 - the URL is a convenience; never break the page
        return
