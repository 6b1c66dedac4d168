"""Carry inputs saved against an earlier criteria model over to today's.

Issue 13 rebuilt the criteria to the MCA manual's tests (overlaps removed, double-barrelled
criteria split, three criteria added, 0-10 judgement scales replaced by described levels).
A scenario, share link or workshop saved before then names criteria that no longer exist.
Nothing the user entered is silently lost: :func:`upgrade` maps each old criterion's weight to
its successor (a split criterion's weight is shared equally between its parts), gives the
criteria that are new the mean of the carried-over weights, and drops score edits made on the
old scales (their numbers do not mean the same on the new levels), listing every step in
``notes`` for the page, the report and the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from appraisal.inputs import AppraisalInputs, WeightInputs

#: Old criterion id -> its successor(s) in the criteria model of issue 13.
RENAMED: dict[str, tuple[str, ...]] = {
    "reach_first_1000_days": ("routine_contact",),
    "non_stigmatising_access": ("acceptability",),
    "rural_reach": ("equitable_coverage",),
    "baby_focus_referral": ("relationship_focus",),
    "clinical_governance": ("clinical_leadership",),
    "multi_agency_nest": ("system_partnership",),
    "ownership_pathways": ("ownership", "pathway_clarity"),
    "recruitment_retention": ("workforce_supply",),
    "coproduction_baby_voice": ("coproduction_parents", "baby_voice"),
}


@dataclass(frozen=True)
class Upgrade:
    """The inputs as today's data can use them, and what was changed (empty when nothing)."""

    inputs: AppraisalInputs
    notes: tuple[tuple[str, dict], ...] = ()  # (catalogue key, params)

    @property
    def changed(self) -> bool:
        return bool(self.notes)


def upgrade(inputs: AppraisalInputs, criterion_ids: tuple[str, ...]) -> Upgrade:
    """Map ``inputs`` saved against the earlier criteria onto ``criterion_ids`` (see module)."""
    known = set(criterion_ids)
    notes: list[tuple[str, dict]] = []
    weights = inputs.weights

    def retired(cid: str) -> bool:
        return cid in RENAMED and cid not in known

    # saved against the earlier model (it names a retired criterion): every score edit was
    # made on the earlier 0-10 scales, including those of criteria whose id was kept. Any
    # other unknown id is an error for the caller's checks, not an upgrade.
    old_model = any(retired(k) for k in (weights.points if weights else ())) or any(
        retired(e.criterion) for e in inputs.score_edits
    )
    if weights is not None and old_model:
        carried: dict[str, float] = {}
        for old, value in weights.points.items():
            if old in known:
                carried[old] = carried.get(old, 0.0) + value
                continue
            new = tuple(n for n in RENAMED.get(old, ()) if n in known)
            if not new:
                notes.append(("legacy.weight_dropped", {"old": old}))
                continue
            for n in new:
                carried[n] = carried.get(n, 0.0) + value / len(new)
            notes.append(("legacy.weight_renamed", {"old": old, "new": ", ".join(new)}))
        added = [c for c in criterion_ids if c not in carried]
        mean = (sum(carried.values()) / len(carried)) if carried else 1.0
        for c in added:
            carried[c] = mean
        if added:
            notes.append(("legacy.weight_added", {"new": ", ".join(added), "value": f"{mean:.3g}"}))
        points = {c: carried[c] for c in criterion_ids}
        info = dict(weights.inputs)
        info["upgraded_from"] = weights.method
        weights = WeightInputs("points" if weights.method != "points" else weights.method, points, info)
    edits = [e for e in inputs.score_edits if not old_model]
    for e in inputs.score_edits:
        if old_model:
            notes.append(
                (
                    "legacy.edit_dropped",
                    {
                        "region": e.region,
                        "option": e.option,
                        "criterion": e.criterion,
                        "score": f"{e.score:g}",
                    },
                )
            )
    if not notes:
        return Upgrade(inputs)
    return Upgrade(replace(inputs, weights=weights, score_edits=tuple(edits)), tuple(notes))
