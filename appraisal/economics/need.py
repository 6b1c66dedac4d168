"""Need and capacity per region: the 'baby blind spot' and the teams a target needs.

babies in need = births x need prevalence (15% of births: van IJzendoorn, Schuengel &
Bakermans-Kranenburg 1999; 20% in Cwm Taf Morgannwg). A team sees ``families_per_team``
(100 a year, Parent-Infant Foundation 2025) at half its time on direct work (golden thread,
section two); capacity scales with the direct-work share and falls with the time lost to
travel in rural regions. Families served today are capped
both by where teams work (coverage_share) and by the teams that exist (existing_teams).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from appraisal.economics.assumptions import Assumptions
from appraisal.economics.kernel import need_and_capacity
from appraisal.errors import DataError, DataIssue
from appraisal.model import Region


@dataclass(frozen=True)
class NeedResult:
    """Need against provision for one region (every intermediate kept)."""

    region_id: str
    region_name: str
    births: float
    prevalence: float
    babies_in_need: float
    coverage_share: float  # share of births living where a team works today (geography)
    existing_teams: float
    families_per_team: float  # at the current direct-work share, after travel time
    travel_time_share: float  # share of direct-work time lost to travel in this region
    direct_work_share: float
    clinical_wte_per_team: float
    wte_per_team: float
    families_per_clinical_wte: float
    currently_served: float
    current_share_of_need: float
    gap: float  # babies in need without specialist help today: the baby blind spot
    blind_spot_share: float
    target_coverage: float
    target_families: float
    teams_required: float  # all teams (existing + new) to meet the target
    new_teams_required: float
    new_teams_whole: int  # new teams rounded up
    new_wte_required: float
    new_clinical_wte_required: float

    def rows(self) -> list[dict]:
        keys = (
            ("births", "live births per year"),
            ("prevalence", "share of births"),
            ("babies_in_need", "babies per year"),
            ("coverage_share", "share of births"),
            ("existing_teams", "full-team equivalents"),
            ("currently_served", "families per year"),
            ("current_share_of_need", "share of need"),
            ("gap", "babies per year"),
            ("blind_spot_share", "share of need"),
            ("target_coverage", "share of need"),
            ("target_families", "families per year"),
            ("families_per_team", "families per team per year"),
            ("families_per_clinical_wte", "families per clinical WTE per year"),
            ("teams_required", "teams"),
            ("new_teams_required", "teams"),
            ("new_teams_whole", "teams"),
            ("new_wte_required", "WTE"),
            ("new_clinical_wte_required", "WTE"),
        )
        return [{"quantity": k, "value": float(getattr(self, k)), "unit": u} for k, u in keys]


def team_wte(assumptions: Assumptions) -> tuple[float, float]:
    """(clinical WTE, all WTE) of one team from the template."""
    clinical = sum(assumptions.value(f"wte.{r.id}") for r in assumptions.roles if r.clinical)
    total = sum(assumptions.value(f"wte.{r.id}") for r in assumptions.roles)
    return clinical, total


def need(region: Region, assumptions: Assumptions, coverage: float | None = None) -> NeedResult:
    """Babies in need, today's provision, the gap and the teams/WTE to reach ``coverage``."""
    a = assumptions
    if region.births.value is None or region.need_prevalence.value is None:
        raise DataError(DataIssue(f"regions/{region.id}.yaml", "births and need_prevalence are needed"))
    if f"existing_teams.{region.id}" not in a.params:
        raise DataError(
            DataIssue("assumptions/regions.yaml", f"region '{region.id}' has no economic parameters")
        )
    target = a.value("target_coverage") if coverage is None else float(coverage)
    if not math.isfinite(target) or not 0 <= target <= 1:
        from appraisal.economics.layout import ChoiceError

        raise ChoiceError(f"coverage is a share of babies in need between 0 and 1; got {coverage!r}")
    births, prev = float(region.births.value), float(region.need_prevalence.value)
    cov = float(region.provision.coverage_share.value or 0.0)
    existing = a.value(f"existing_teams.{region.id}")
    direct = a.value("direct_work_share")
    travel_time = a.value(f"travel_time_share.{region.id}")
    n, cap, served, target_new = need_and_capacity(
        births,
        prev,
        cov,
        existing,
        a.value("families_per_team"),
        direct,
        a.value("reference_direct_work_share"),
        travel_time,
        target,
    )
    new = target_new / cap
    clinical, total = team_wte(a)
    return build_need(
        region,
        births=births,
        prevalence=prev,
        coverage_share=cov,
        existing_teams=existing,
        capacity=float(cap),
        direct_work_share=direct,
        served=float(served),
        new_teams=float(new),
        target=target,
        clinical_wte=clinical,
        wte=total,
        travel_time_share=travel_time,
    )


def build_need(
    region: Region,
    *,
    births: float,
    prevalence: float,
    coverage_share: float,
    existing_teams: float,
    capacity: float,
    direct_work_share: float,
    served: float,
    new_teams: float,
    target: float,
    clinical_wte: float,
    wte: float,
    travel_time_share: float = 0.0,
) -> NeedResult:
    """Package the need figures (shared by :func:`need` and the appraisal)."""
    n = births * prevalence
    return NeedResult(
        region_id=region.id,
        region_name=region.name,
        births=births,
        prevalence=prevalence,
        babies_in_need=n,
        coverage_share=coverage_share,
        existing_teams=existing_teams,
        families_per_team=capacity,
        travel_time_share=travel_time_share,
        direct_work_share=direct_work_share,
        clinical_wte_per_team=clinical_wte,
        wte_per_team=wte,
        families_per_clinical_wte=capacity / clinical_wte if clinical_wte else float("nan"),
        currently_served=served,
        current_share_of_need=served / n if n else 0.0,
        gap=n - served,
        blind_spot_share=(n - served) / n if n else 0.0,
        target_coverage=target,
        target_families=target * n,
        teams_required=max(target * n, served) / capacity,
        new_teams_required=new_teams,
        new_teams_whole=math.ceil(new_teams - 1e-9),
        new_wte_required=new_teams * wte,
        new_clinical_wte_required=new_teams * clinical_wte,
    )
