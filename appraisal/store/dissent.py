"""Dissent with reasons: who does not accept the appraisal's answer, what they prefer or
disagree with, and why, kept in the saved scenario and shown in the report.

A decision conference records minority views rather than forcing consensus (Phillips
2007, "Decision conferencing", in *Advances in Decision Analysis*, ch. 19: the model is a
tool for shared understanding, and disagreement that remains is stated); the MCA manual
(DCLG 2009, 6.2.12-6.2.13) asks that the results be examined and their robustness and the
remaining disagreements reported to the decision makers.

Serialised form (a scenario file's ``dissent`` list, format 3)::

    {"who": str (1-120), "region": region id or "", "option": option id or "",
     "about": str (<=200, one line), "reason": str (1-2,000, multi-line)}

``option`` (the option they prefer) or ``about`` (what they disagree with) must be given.
All text is validated (no markup, no control characters, length-limited) where it enters
and escaped wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from appraisal.checks import check_id, check_mapping, check_text
from appraisal.errors import InputError

WHO_MAX = 120
ABOUT_MAX = 200
REASON_MAX = 2_000
MAX_DISSENT = 200
KEYS = ("who", "region", "option", "about", "reason")


@dataclass(frozen=True)
class Dissent:
    """One dissent (see the module docstring); validated where it is built."""

    who: str
    reason: str
    option: str = ""
    about: str = ""
    region: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "who", check_text(self.who, "dissent.who", WHO_MAX, required=True))
        object.__setattr__(
            self,
            "reason",
            check_text(self.reason, "dissent.reason", REASON_MAX, required=True, multiline=True),
        )
        object.__setattr__(self, "about", check_text(self.about, "dissent.about", ABOUT_MAX))
        for name in ("option", "region"):
            v = getattr(self, name)
            blank = isinstance(v, str) and not v.strip()
            object.__setattr__(self, name, "" if blank else check_id(v, f"dissent.{name}"))
        if not self.option and not self.about:
            raise InputError("decision.err.dissent_what", field="dissent.option")

    def to_dict(self) -> dict[str, str]:
        return {
            "who": self.who,
            "region": self.region,
            "option": self.option,
            "about": self.about,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, doc: Any, where: str = "dissent") -> Dissent:
        d = check_mapping(doc, where, KEYS, ("who", "reason"))
        try:
            return cls(
                who=d["who"],
                reason=d["reason"],
                option=d.get("option", ""),
                about=d.get("about", ""),
                region=d.get("region", ""),
            )
        except InputError as exc:
            field = (exc.field or "").replace("dissent", where, 1)
            raise InputError(exc.key, field=field, **exc.params) from None


def check_against(entries: tuple[Dissent, ...], dataset: Any) -> None:
    """Each dissent's region and option exist in ``dataset`` (and the option is on that
    region's shortlist); InputError names the entry."""
    for i, d in enumerate(entries):
        where = f"dissent[{i}]"
        if d.region and d.region not in dataset.region_ids:
            raise InputError("store.err.unknown_ref", field=f"{where}.region", kind="region", value=d.region)
        if d.option and d.option not in dataset.option_ids:
            raise InputError("store.err.unknown_ref", field=f"{where}.option", kind="option", value=d.option)
        if d.option and d.region and d.option not in {o.id for o in dataset.options_for(d.region)}:
            raise InputError(
                "decision.err.dissent_option", field=f"{where}.option", option=d.option, region=d.region
            )
