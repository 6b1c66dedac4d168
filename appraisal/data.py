"""Load and validate the human-edited data folders into an immutable Dataset.

Every problem found is reported with the file, row and field (``DataIssue``); loading
collects all of them before raising one ``DataError``, so ``python -m appraisal validate``
can print the whole list and a consultant can fix a copied folder in one pass.
YAML is read with ``yaml.safe_load`` only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from appraisal import validation as V
from appraisal.errors import DataError, DataIssue, UnknownIdError
from appraisal.i18n import t
from appraisal.model import (
    AVAILABILITY,
    DIRECTIONS,
    FILTER_DIMENSIONS,
    HOSTS,
    LONG_LIST_OUTCOMES,
    OPTION_KINDS,
    STAGES,
    VALUE_MAX,
    VALUE_MIN,
    Anchor,
    Criterion,
    Group,
    LocalAuthority,
    LongListEntry,
    Option,
    Problem,
    Provision,
    Quantity,
    Region,
    Score,
    ValueFunction,
    build_problem,
)
from appraisal.scales import read_scale

BUNDLED_DATA_DIR = Path(__file__).resolve().parent.parent
SCORE_COLUMNS = ("option", "criterion", "score", "low", "high", "rationale", "evidence", "status")


@dataclass(frozen=True)
class Dataset:
    """Everything in one data folder, validated. Build per-region problems from it."""

    data_dir: Path
    groups: tuple[Group, ...]
    criteria: tuple[Criterion, ...]
    options: tuple[Option, ...]
    baseline: tuple[Score, ...]
    regions: tuple[Region, ...]
    version: str
    long_list: tuple[LongListEntry, ...] = ()

    @property
    def region_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.regions)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    def region(self, region_id: str) -> Region:
        for r in self.regions:
            if r.id == region_id:
                return r
        raise UnknownIdError("region", region_id, self.region_ids)

    def options_for(self, region_id: str) -> tuple[Option, ...]:
        """The options on a region's shortlist, in data order ("build on what exists" only
        where the region has a team today)."""
        region = self.region(region_id)
        return tuple(o for o in self.options if o.available_in(region))

    def problem(self, region_id: str) -> Problem:
        """Baseline scores with the region's overrides applied (Problem is cached)."""
        return self._problems[region_id] if region_id in self._problems else self._missing(region_id)

    def problems(self) -> tuple[Problem, ...]:
        return tuple(self._problems[r] for r in self.region_ids)

    def _missing(self, region_id: str) -> Problem:
        raise UnknownIdError("region", region_id, self.region_ids)

    @cached_property
    def _problems(self) -> dict[str, Problem]:
        base = {(s.option, s.criterion): s for s in self.baseline}
        out: dict[str, Problem] = {}
        for region in self.regions:
            cells_map = dict(base)
            for ov in region.overrides:
                cells_map[(ov.option, ov.criterion)] = ov
            options = tuple(o for o in self.options if o.available_in(region))
            cells = tuple(tuple(cells_map[(o.id, c.id)] for c in self.criteria) for o in options)
            out[region.id] = build_problem(region, options, self.criteria, self.groups, cells)
        return out


# ----------------------------------------------------------------------------- helpers

_Collector = V.FileIssues


def _read_yaml(root: Path, path: Path, issues: list[DataIssue]) -> Any:
    return V.read_yaml(V.FileIssues(root, path, issues))


_num = V.number
_text = V.text
_status = V.status


def _quantity(
    col: V.FileIssues, d: Any, row: int | None, field: str, *, allow_null: bool = False
) -> Quantity:
    """Parse {value, unit, source, status, [low, high, year, note]}."""
    if not isinstance(d, dict):
        col.msg("quantity_mapping", row, field)
        return Quantity(None, "", "", "unverified")
    value = V.number(col, d.get("value"), row, f"{field}.value", required=not allow_null)
    low = V.number(col, d.get("low"), row, f"{field}.low", required=False)
    high = V.number(col, d.get("high"), row, f"{field}.high", required=False)
    if value is not None and low is not None and low > value:
        col.msg("low_above_value", row, f"{field}.low", low=f"{low:g}", value=f"{value:g}")
        low = None  # reported; the Quantity is built only from values that hang together
    if value is not None and high is not None and high < value:
        col.msg("high_below_value", row, f"{field}.high", high=f"{high:g}", value=f"{value:g}")
        high = None
    unit = V.text(col, d, "unit", row, field + ".")
    source = V.text(col, d, "source", row, field + ".")
    status = V.status(col, d.get("status"), row, f"{field}.status")
    year = d.get("year")
    if year is not None and V.whole_number(col, year, row, f"{field}.year") is None:
        year = None
    return Quantity(value, unit, source, status, low, high, year, str(d.get("note") or ""))


def _list_of_maps(col: V.FileIssues, doc: Any, key: str) -> list[dict]:
    return [item for _, item in V.list_of_maps(col, doc, key)]


def _check_ids(col: V.FileIssues, items: list[dict], key: str) -> list[str]:
    return V.unique_ids(col, list(enumerate(items, start=1)))


# ----------------------------------------------------------------------------- loaders


def _load_criteria(root: Path, issues: list[DataIssue]) -> tuple[list[Group], list[Criterion]]:
    path = root / "criteria" / "criteria.yaml"
    col = _Collector(root, path, issues)
    doc = _read_yaml(root, path, issues)
    if doc is None:
        return [], []
    gitems = _list_of_maps(col, doc, "groups")
    _check_ids(col, gitems, "groups")
    groups = [
        Group(
            id=str(g.get("id", "")),
            name=_text(col, g, "name", i, "groups."),
            name_cy=_text(col, g, "name_cy", i, "groups."),
            description=_text(col, g, "description", i, "groups."),
            description_cy=_text(col, g, "description_cy", i, "groups."),
        )
        for i, g in enumerate(gitems, start=1)
    ]
    gids = {g.id for g in groups}
    citems = _list_of_maps(col, doc, "criteria")
    _check_ids(col, citems, "criteria")
    criteria = []
    for i, c in enumerate(citems, start=1):
        group = c.get("group")
        if group not in gids:
            col.msg("unknown_group", i, "group", got=repr(group), known=", ".join(sorted(gids)))
        direction = c.get("direction")
        V.choice(col, direction, DIRECTIONS, i, "direction")
        scale = c.get("scale") if isinstance(c.get("scale"), dict) else {}
        unit_cy = ""
        if "type" in scale:  # described levels or natural units, with an elicited value function
            smin, smax, unit, unit_cy, vf = read_scale(col, c, i, direction)
        else:  # earlier format: fixed anchors and points on a 0-10 judgement scale
            if not scale:
                col.msg("scale_required", i, "scale")
            smin = _num(col, scale.get("min"), i, "scale.min")
            smax = _num(col, scale.get("max"), i, "scale.max")
            unit = _text(col, scale, "unit", i, "scale.")
            if smin is not None and smax is not None and smin >= smax:
                col.msg("scale_order", i, "scale", min=f"{smin:g}", max=f"{smax:g}")
            vf = _value_function(col, c.get("value_function"), i, smin, smax, direction)
        swing = c.get("swing")
        if swing is not None and not isinstance(swing, dict):
            col.msg("expected_mapping", i, "swing")
            swing = None
        weight = _quantity(col, c.get("weight"), i, "weight")
        if weight.value is not None and weight.value < 0:
            col.msg("weight_negative", i, "weight.value", got=f"{weight.value:g}")
        criteria.append(
            Criterion(
                id=str(c.get("id", "")),
                group=str(group),
                name=_text(col, c, "name", i),
                name_cy=_text(col, c, "name_cy", i),
                description=_text(col, c, "description", i),
                description_cy=_text(col, c, "description_cy", i),
                direction=str(direction),
                scale_min=smin if smin is not None else 0.0,
                scale_max=smax if smax is not None else 1.0,
                unit=unit,
                value_function=vf,
                weight=weight,
                paper_section=_text(col, c, "paper_section", i),
                in_economics=_in_economics(col, c, i),
                swing=_text(col, swing, "description", i, "swing.") if swing else "",
                swing_cy=_text(col, swing, "description_cy", i, "swing.") if swing else "",
                unit_cy=unit_cy,
            )
        )
    if criteria and all((c.weight.value or 0) == 0 for c in criteria):
        col.msg("weights_all_zero", None, "weight")
    return groups, criteria


def _value_function(
    col: _Collector,
    d: Any,
    row: int,
    smin: float | None,
    smax: float | None,
    direction: Any,
) -> ValueFunction:
    fallback = ValueFunction((0.0, 1.0), (0.0, 100.0), Anchor(0, ""), Anchor(1, ""))
    field = "value_function"
    if not isinstance(d, dict):
        col.msg("vf_required", row, field)
        return fallback
    if d.get("type") != "piecewise_linear":
        col.msg("vf_type", row, field + ".type", got=repr(d.get("type")))
        return fallback
    pts = d.get("points")
    if not isinstance(pts, list) or len(pts) < 2:
        col.msg("vf_points", row, field + ".points")
        return fallback
    xs: list[float] = []
    vs: list[float] = []
    for k, p in enumerate(pts):
        f = f"{field}.points[{k}]"
        if not isinstance(p, (list, tuple)) or len(p) != 2:
            col.msg("vf_pair", row, f, got=repr(p))
            return fallback
        x, v = _num(col, p[0], row, f), _num(col, p[1], row, f)
        if x is None or v is None:
            return fallback
        if not VALUE_MIN <= v <= VALUE_MAX:
            col.msg("vf_value_range", row, f, value=f"{v:g}")
        xs.append(x)
        vs.append(v)
    if any(b <= a for a, b in zip(xs, xs[1:])):
        col.msg("vf_increasing", row, field + ".points")
    if smin is not None and xs[0] != smin:
        col.msg("vf_first", row, field + ".points", min=f"{smin:g}", got=f"{xs[0]:g}")
    if smax is not None and xs[-1] != smax:
        col.msg("vf_last", row, field + ".points", max=f"{smax:g}", got=f"{xs[-1]:g}")
    steps = [b - a for a, b in zip(vs, vs[1:])]
    if direction == "benefit" and (any(s < 0 for s in steps) or vs[0] != 0 or vs[-1] != 100):
        col.msg("vf_benefit_shape", row, field + ".points")
    if direction == "cost" and (any(s > 0 for s in steps) or vs[0] != 100 or vs[-1] != 0):
        col.msg("vf_cost_shape", row, field + ".points")
    anchors = d.get("anchors") if isinstance(d.get("anchors"), dict) else {}
    parsed = []
    for end in ("low", "high"):
        a = anchors.get(end)
        f = f"{field}.anchors.{end}"
        if not isinstance(a, dict):
            col.msg("anchor_required", row, f)
            parsed.append(Anchor(0.0, ""))
            continue
        s = _num(col, a.get("score"), row, f + ".score")
        parsed.append(Anchor(s if s is not None else 0.0, _text(col, a, "meaning", row, f + ".")))
    return ValueFunction(tuple(xs), tuple(vs), parsed[0], parsed[1], str(d.get("rationale") or "").strip())


def _in_economics(col: V.FileIssues, c: dict, row: int) -> str:
    """Why the economic appraisal already counts this criterion ('' when it does not):
    the value-for-money view leaves such criteria out of the MCDA value it sets against
    cost, so no criterion is counted twice."""
    raw = c.get("in_economics")
    if raw is None:
        return ""
    if not isinstance(raw, str) or not raw.strip():
        col.msg("expected_text", row, "in_economics", got=repr(raw))
        return ""
    return raw.strip()


def _load_options(root: Path, issues: list[DataIssue]) -> list[Option]:
    path = root / "criteria" / "options.yaml"
    col = _Collector(root, path, issues)
    doc = _read_yaml(root, path, issues)
    if doc is None:
        return []
    items = _list_of_maps(col, doc, "options")
    _check_ids(col, items, "options")
    out = []
    for i, o in enumerate(items, start=1):
        kind = o.get("kind")
        V.choice(col, kind, OPTION_KINDS, i, "kind")
        available = o.get("available", "all")
        if not V.choice(col, available, AVAILABILITY, i, "available"):
            available = "all"
        ex = o.get("exemplar") if isinstance(o.get("exemplar"), dict) else {}
        out.append(
            Option(
                id=str(o.get("id", "")),
                name=_text(col, o, "name", i),
                name_cy=_text(col, o, "name_cy", i),
                kind=str(kind),
                host=_text(col, o, "host", i),
                host_cy=_text(col, o, "host_cy", i),
                description=_text(col, o, "description", i),
                description_cy=_text(col, o, "description_cy", i),
                exemplar_team=_text(col, ex, "team", i, "exemplar.", required=False),
                exemplar_region=_text(col, ex, "region", i, "exemplar.", required=False),
                exemplar_section=_text(col, ex, "paper_section", i, "exemplar.", required=False),
                available=str(available),
            )
        )
    kinds = [o.kind for o in out]
    if out and "comparator" not in kinds:
        col.msg("need_comparator", None, "kind")
    return out


def _load_long_list(root: Path, issues: list[DataIssue], options: list[Option]) -> list[LongListEntry]:
    """``criteria/long_list.yaml`` (optional): the long list through the options framework
    filter. Every shortlist option appears exactly once, as shortlisted or comparator."""
    path = root / "criteria" / "long_list.yaml"
    if not path.is_file():
        return []
    col = _Collector(root, path, issues)
    doc = _read_yaml(root, path, issues)
    if doc is None:
        return []
    items = _list_of_maps(col, doc, "long_list")
    _check_ids(col, items, "long_list")
    kinds = {o.id: o.kind for o in options}
    out: list[LongListEntry] = []
    linked: dict[str, int] = {}
    for i, e in enumerate(items, start=1):
        dim, outcome = e.get("dimension"), e.get("outcome")
        ok = V.choice(col, dim, FILTER_DIMENSIONS, i, "dimension")
        ok &= V.choice(col, outcome, LONG_LIST_OUTCOMES, i, "outcome")
        option = str(e.get("option") or "")
        if ok and outcome in ("shortlisted", "comparator"):
            if option not in kinds:
                col.add(t("data.long_list_option", option=option or "-", known=", ".join(kinds)), i, "option")
                ok = False
            elif (kinds[option] == "comparator") != (outcome == "comparator"):
                col.add(t("data.long_list_kind", option=option, outcome=outcome), i, "outcome")
                ok = False
            elif option in linked:
                col.add(t("data.long_list_twice", option=option, row=linked[option]), i, "option")
                ok = False
            else:
                linked[option] = i
        elif ok and option:
            col.add(t("data.long_list_no_option", outcome=outcome), i, "option")
            ok = False
        status = V.status(col, e.get("status"), i, "status")
        texts = {
            k: _text(col, e, k, i)
            for k in ("name", "name_cy", "reason", "reason_cy", "paper_section", "paper_section_cy")
        }
        if ok:
            out.append(
                LongListEntry(
                    str(e.get("id", "")), str(dim), str(outcome), **texts, status=status, option=option
                )
            )
    for oid in kinds:
        if oid not in linked:
            col.add(t("data.long_list_missing", option=oid), None, "long_list")
    return out


def _score_record(
    col: _Collector,
    d: dict,
    row: int,
    criteria: dict[str, Criterion],
    option_ids: set[str],
    origin: str,
    prefix: str = "",
) -> Score | None:
    ok = True
    opt, crit = d.get("option"), d.get("criterion")
    opt = str(opt).strip() if opt is not None else ""
    crit = str(crit).strip() if crit is not None else ""
    # an empty set of known ids means that file could not be read (already reported):
    # naming every row that refers to it would only bury that one problem
    if not option_ids:
        ok = False
    elif opt not in option_ids:
        col.msg("unknown_option", row, prefix + "option", got=repr(opt), known=", ".join(sorted(option_ids)))
        ok = False
    if not criteria:
        ok = False
    elif crit not in criteria:
        col.msg(
            "unknown_criterion", row, prefix + "criterion", got=repr(crit), known=", ".join(sorted(criteria))
        )
        ok = False
    vals = {}
    for key in ("score", "low", "high"):
        vals[key] = _num(col, d.get(key), row, prefix + key)
        ok = ok and vals[key] is not None
    for key in ("rationale", "evidence"):
        _text(col, d, key, row, prefix)
    status = _status(col, d.get("status"), row, prefix + "status")
    if not ok:
        return None
    c = criteria[crit]
    s, lo, hi = vals["score"], vals["low"], vals["high"]
    for key, v in (("score", s), ("low", lo), ("high", hi)):
        if not c.scale_min <= v <= c.scale_max:
            col.msg(
                "outside_scale",
                row,
                prefix + key,
                got=f"{v:g}",
                min=f"{c.scale_min:g}",
                max=f"{c.scale_max:g}",
                unit=c.unit,
                criterion=crit,
            )
            ok = False
    if not lo <= s <= hi:
        col.msg("score_order", row, prefix + "score", low=f"{lo:g}", score=f"{s:g}", high=f"{hi:g}")
        ok = False
    if not ok:
        return None
    return Score(
        option=opt,
        criterion=crit,
        score=s,
        low=lo,
        high=hi,
        rationale=str(d.get("rationale") or "").strip(),
        evidence=str(d.get("evidence") or "").strip(),
        status=status,
        origin=origin,
        file=col.name,
        row=row,
    )


def _load_scores(
    root: Path, issues: list[DataIssue], criteria: list[Criterion], options: list[Option]
) -> list[Score]:
    col = _Collector(root, root / "criteria" / "scores.csv", issues)
    rows = V.read_csv(col, SCORE_COLUMNS)
    if rows is None:
        return []
    cmap = {c.id: c for c in criteria}
    oids = {o.id for o in options}
    out: list[Score] = []
    seen: dict[tuple[str, str], int] = {}
    for line, rec in rows:
        s = _score_record(col, rec, line, cmap, oids, "baseline")
        if s is None:
            continue
        key = (s.option, s.criterion)
        if key in seen:
            col.msg("duplicate_score", line, option=key[0], criterion=key[1], other=seen[key])
            continue
        seen[key] = line
        out.append(s)
    if cmap and oids:
        for o in options:
            for c in criteria:
                if (o.id, c.id) not in seen and not any(
                    i.file == col.name and i.row is not None for i in issues
                ):
                    col.msg("missing_score", None, "score", option=o.id, criterion=c.id)
    return out


def _load_region(
    root: Path,
    path: Path,
    issues: list[DataIssue],
    criteria: list[Criterion],
    options: list[Option],
) -> Region | None:
    col = _Collector(root, path, issues)
    doc = _read_yaml(root, path, issues)
    if doc is None:
        return None
    if not isinstance(doc, dict):
        col.msg("top_mapping")
        return None
    rid = doc.get("id")
    if not isinstance(rid, str) or rid != path.stem:
        col.msg("region_id_file", None, "id", stem=path.stem, got=repr(rid))
        rid = path.stem
    las = []
    for i, la in enumerate(doc.get("local_authorities") or [], start=1):
        if not isinstance(la, dict):
            col.msg("expected_mapping", i, "local_authorities")
            continue
        la_births = _quantity(col, la.get("births"), i, "local_authorities.births", allow_null=True)
        if la_births.value is not None and la_births.value < 0:
            col.msg("births_positive", i, "local_authorities.births.value")
        las.append(
            LocalAuthority(
                name=_text(col, la, "name", i, "local_authorities."),
                name_cy=_text(col, la, "name_cy", i, "local_authorities."),
                births=la_births,
            )
        )
    if not las:
        col.msg("la_required", None, "local_authorities")
    births = _quantity(col, doc.get("births"), None, "births")
    if births.value is not None and births.value <= 0:
        col.msg("births_positive", None, "births.value")
    need = _quantity(col, doc.get("need_prevalence"), None, "need_prevalence")
    if need.value is not None and not 0 < need.value < 1:
        col.msg("need_share", None, "need_prevalence.value")
    cp = doc.get("current_provision") if isinstance(doc.get("current_provision"), dict) else None
    if cp is None:
        col.msg("provision_required", None, "current_provision")
        cp = {}
    host, stage = cp.get("host"), cp.get("stage")
    V.choice(col, host, HOSTS, None, "current_provision.host")
    V.choice(col, stage, STAGES, None, "current_provision.stage")
    share = _quantity(col, cp.get("coverage_share"), None, "current_provision.coverage_share")
    if share.value is not None and not 0 <= share.value <= 1:
        col.msg("coverage_share", None, "current_provision.coverage_share.value")
    provision = Provision(
        host=str(host),
        team=_text(col, cp, "team", None, "current_provision.", required=host != "none"),
        coverage=_text(col, cp, "coverage", None, "current_provision."),
        coverage_share=share,
        stage=str(stage),
        source=_text(col, cp, "source", None, "current_provision."),
        status=_status(col, cp.get("status"), None, "current_provision.status"),
    )
    rurality = None
    if doc.get("rurality") is not None:
        rurality = _quantity(col, doc.get("rurality"), None, "rurality")
    cmap = {c.id: c for c in criteria}
    oids = {o.id for o in options}
    overrides: list[Score] = []
    seen: set[tuple[str, str]] = set()
    raw_ov = doc.get("overrides") or []
    if not isinstance(raw_ov, list):
        col.msg("overrides_list", None, "overrides")
        raw_ov = []
    for i, ov in enumerate(raw_ov, start=1):
        if not isinstance(ov, dict):
            col.msg("expected_mapping", i, "overrides")
            continue
        s = _score_record(col, ov, i, cmap, oids, rid, "overrides.")
        if s is None:
            continue
        if (s.option, s.criterion) in seen:
            col.msg("duplicate_override", i, "overrides", option=s.option, criterion=s.criterion)
            continue
        seen.add((s.option, s.criterion))
        overrides.append(s)
    return Region(
        id=rid,
        name=_text(col, doc, "name", None),
        name_cy=_text(col, doc, "name_cy", None),
        health_board=_text(col, doc, "health_board", None),
        health_board_cy=_text(col, doc, "health_board_cy", None),
        local_authorities=tuple(las),
        births=births,
        need_prevalence=need,
        provision=provision,
        overrides=tuple(overrides),
        rurality=rurality,
    )


def data_files(root: Path) -> list[Path]:
    """The files that make up a data folder (used for the data version hash)."""
    files: list[Path] = []
    for sub in ("criteria", "regions", "assumptions"):
        d = root / sub
        if d.is_dir():
            files.extend(sorted(p for p in d.rglob("*") if p.suffix in (".yaml", ".yml", ".csv")))
    return files


def data_version(root: Path) -> str:
    """Short content hash of every data file: the same data gives the same version."""
    h = hashlib.sha256()
    for p in data_files(root):
        h.update(str(p.relative_to(root)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def collect(data_dir: str | Path | None = None) -> tuple[Dataset | None, list[DataIssue]]:
    """Load a data folder; return the dataset (None when invalid) and every issue found."""
    root = Path(data_dir) if data_dir is not None else BUNDLED_DATA_DIR
    issues: list[DataIssue] = []
    if not root.is_dir():
        return None, [DataIssue(str(root), t("data.folder_missing"))]
    groups, criteria = _load_criteria(root, issues)
    options = _load_options(root, issues)
    long_list = _load_long_list(root, issues, options)
    baseline = _load_scores(root, issues, criteria, options) if criteria and options else []
    regions: list[Region] = []
    rdir = root / "regions"
    paths = sorted(rdir.glob("*.yaml")) if rdir.is_dir() else []
    if not paths:
        issues.append(DataIssue("regions", t("data.no_regions")))
    for p in paths:
        r = _load_region(root, p, issues, criteria, options)
        if r is not None:
            regions.append(r)
    if issues:
        return None, issues
    ds = Dataset(
        data_dir=root,
        groups=tuple(groups),
        criteria=tuple(criteria),
        options=tuple(options),
        baseline=tuple(baseline),
        regions=tuple(regions),
        version=data_version(root),
        long_list=tuple(long_list),
    )
    return ds, []


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Load and validate; raise one DataError listing every problem found."""
    ds, issues = collect(data_dir)
    if issues:
        raise DataError(issues)
    assert ds is not None
    return ds


def iter_numbers(doc: Any, path: str = "") -> Iterable[tuple[str, dict]]:
    """Yield every mapping that holds a numeric ``value`` (for provenance scans)."""
    if isinstance(doc, dict):
        if "value" in doc and (isinstance(doc["value"], (int, float)) or doc["value"] is None):
            yield path, doc
        for k, v in doc.items():
            yield from iter_numbers(v, f"{path}.{k}" if path else str(k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from iter_numbers(v, f"{path}[{i}]")
