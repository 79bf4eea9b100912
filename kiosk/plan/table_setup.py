"""What the kiosk needs of the plan for one table: theme, questions, roles, kinds and rounds.

Plain data read from the plan as stored (canonical JSON, validated when it was installed), so the
kiosk can draw its window without importing pydantic; `from_plan` builds the same from a `Plan`.

The records the kiosk reads at launch (these, the wall's notes and groups, the timer's rounds) are
NamedTuples rather than dataclasses: Python 3.11 makes a frozen dataclass several times slower,
and launch time is measured (issue 3).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from kiosk.plan.model import Plan


class KindInfo(NamedTuple):
    key: str
    label: str
    color: str


class RoundInfo(NamedTuple):
    number: int
    minutes: int
    starts_at: str | None = None


class TableSetup(NamedTuple):
    event_id: str
    event_title: str
    table_number: int
    theme_key: str
    theme_title: str
    theme_description: str
    questions: tuple[str, ...]
    roles: tuple[str, ...]
    kinds: tuple[KindInfo, ...]
    rounds: tuple[RoundInfo, ...]
    plan_json: str

    @classmethod
    def from_plan_json(cls, plan_json: str, event_id: str, table_number: int) -> TableSetup:
        data: dict[str, Any] = json.loads(plan_json)
        table = next(t for t in data["tables"] if t["number"] == table_number)
        theme = next(t for t in data["themes"] if t["key"] == table["theme"])
        return cls(
            event_id=event_id,
            event_title=data["event"]["title"],
            table_number=table_number,
            theme_key=theme["key"],
            theme_title=theme["title"],
            theme_description=theme.get("description", ""),
            questions=tuple(theme.get("questions", ())),
            roles=tuple(data["roles"]),
            kinds=tuple(KindInfo(k["key"], k["label"], k["color"]) for k in data["kinds"]),
            rounds=tuple(
                RoundInfo(r["number"], r["minutes"], r.get("starts_at")) for r in data["rounds"]
            ),
            plan_json=plan_json,
        )

    @classmethod
    def from_plan(cls, plan: Plan, table_number: int) -> TableSetup:
        return cls.from_plan_json(plan.to_json(), plan.event_id, table_number)

    def kind(self, key: str) -> KindInfo | None:
        return next((k for k in self.kinds if k.key == key), None)

    def canonical_role(self, role: str) -> str | None:
        """The plan's spelling of a role, matched case-insensitively; None if unknown."""
        folded = role.strip().casefold()
        return next((r for r in self.roles if r.casefold() == folded), None)

    def round_numbers(self) -> tuple[int, ...]:
        return tuple(r.number for r in self.rounds)
