"""The organiser's plan editor model: plan data as plain JSON-like data, checked as it changes.

The editor keeps the plan exactly as it will be written (a dict), so an opened plan with problems
can be shown and fixed instead of refused. Every change re-runs
`kiosk.plan.model.find_plan_problems`:
`problems()` gives them in the words `kiosk plan check` prints (`tables[4].theme: unknown theme
'x'`), `plan_problems()` as found, for the UI to say in its own words (`kiosk.plan.words`) next to
the field each one names (`place_problems`). The event code is fixed the first time the plan is
saved or leaves the console (`fix_event_id`), so a later title never changes the event.
"""

from __future__ import annotations

import copy
import json
import re
import secrets
from collections.abc import Callable, Iterable
from datetime import date as Date
from pathlib import Path
from typing import Any, TypeVar

from kiosk.core.atomic import write_atomic
from kiosk.core.errors import KioskError
from kiosk.core.events import Listeners
from kiosk.core.files import read_capped, read_json
from kiosk.core.i18n import LANGUAGES, _, ngettext, translator
from kiosk.core.sticks import fat_safe, write_file
from kiosk.plan.model import (
    DEFAULT_KINDS,
    DEFAULT_ROLES,
    FORMAT,
    MAX_PLAN_BYTES,
    Plan,
    PlanProblem,
    derive_event_id,
    find_plan_problems,
    plan_from_data,
)

T = TypeVar("T")

# Colours offered for a new kind after the default four (light enough for black text).
SPARE_COLOURS = ("#FFD59E", "#D7C4F2", "#C8E7E1", "#F2F2F2", "#FFC8A2", "#E2F0CB")


def problem_field(problem: str) -> str:
    """The field path a problem names: `tables[4].theme` for `tables[4].theme: unknown ...`."""
    head, sep, _rest = problem.partition(": ")
    return head if sep else ""


def _within(path: str, anchor: str) -> bool:
    return path == anchor or path.startswith((anchor + ".", anchor + "["))


def place_problems(
    problems: Iterable[T], anchors: Iterable[str], path_of: Callable[[T], str] = problem_field
) -> dict[str, list[T]]:
    """Each problem under the most specific anchor (a field path shown by the UI) it falls within.

    Problems no anchor covers are filed under "" so they can be shown in a general list.
    """
    ordered = sorted(set(anchors), key=len, reverse=True)
    placed: dict[str, list[T]] = {}
    for problem in problems:
        path = path_of(problem)
        anchor = next((a for a in ordered if a and _within(path, a)), "")
        placed.setdefault(anchor, []).append(problem)
    return placed


def new_plan_data() -> dict[str, Any]:
    """A small plan to start from: valid as it stands, so every problem shown is one just made."""
    return {
        "format": FORMAT,
        "event": {"title": _("New event"), "location": "", "language": "nl"},
        "rounds": [{"number": 1, "minutes": 45}, {"number": 2, "minutes": 45}],
        "themes": [
            {
                "key": "thema-1",
                "title": _("Theme {number}").format(number=1),
                "description": "",
                "questions": [],
            }
        ],
        "tables": [{"number": 1, "theme": "thema-1"}],
        "roles": list(DEFAULT_ROLES),
        "kinds": [k.model_dump() for k in DEFAULT_KINDS],
    }


def slug(text: str) -> str:
    """A theme or kind key made from a title: what a key looks like in a plan file."""
    return derive_event_id(text, None)[:40].strip("-") or "thema"


class PlanEditor:
    """One plan being edited. Views call its methods and listen for changes; tests need no Qt."""

    def __init__(self, data: dict[str, Any] | None = None, path: Path | None = None):
        self.data: dict[str, Any] = copy.deepcopy(data) if data is not None else new_plan_data()
        self.path = path
        self.dirty = False
        self._listeners: Listeners[[]] = Listeners()
        self._problems = find_plan_problems(self.data)

    # -- opening and saving -------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path) -> PlanEditor:
        """Read a plan file for editing. Problems inside it are shown, not refused; only a file
        that is not a JSON object at all is refused."""
        path = Path(path)
        data = read_json(read_capped(path, MAX_PLAN_BYTES, _("a plan file")), path)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            reason = _("not a kiosk plan (expected format '{format}')").format(format=FORMAT)
            raise KioskError(f"{path}: {reason}")
        for name in ("rounds", "themes", "tables", "kinds"):
            if not isinstance(data.get(name, []), list):
                raise KioskError(f"{path}: {name}: " + _("expected a list"))
        if not isinstance(data.get("event", {}), dict):
            raise KioskError(f"{path}: event: " + _("expected an object"))
        return cls(data, path)

    def to_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=2) + "\n"

    def fix_event_id(self) -> str | None:
        """Write the event's code into the plan if it has none yet; the code written, or None.

        Until then the code is derived from date and title; from then on it is the event's
        identity, so a title changed later (after the plan went to the tables) keeps the notes
        of every laptop in one event.
        """
        event = self.data.setdefault("event", {})
        if event.get("id"):
            return None
        code = self.event_id()
        if event.get("title") in {translator(lang)("New event") for lang in LANGUAGES}:
            # Saved before it was named: two such plans must still be two events.
            code = f"{code[:73]}-{secrets.token_hex(3)}"
        event["id"] = code
        self.dirty = True
        self._changed()
        return code

    def fix_event_id_in_file(self) -> str | None:
        """`fix_event_id`, saved at once into the plan's file if it has one (an older plan
        written to a stick or printed must keep the code the tables now use)."""
        code = self.fix_event_id()
        if code is not None and self.path is not None:
            self.save()
        return code

    def save(self, path: str | Path | None = None) -> Path:
        """Write the plan (atomically) to path, or where it was opened from or last saved.

        A plan saved for the first time gets its event code written in (`fix_event_id`).
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no file name yet: give a path")
        if self.path is None:
            self.fix_event_id()
        write_atomic(target, self.to_json().encode("utf-8"))
        self.path = target
        self.dirty = False
        self._changed()
        return target

    def write_to_drive(self, folder: str | Path) -> Path:
        """Put the plan on a stick for the table laptops: only a plan without problems.

        A plan without an event code gets one first (`fix_event_id_in_file`): the tables file
        their notes under it from now on.
        """
        if self._problems:
            count = len(self._problems)
            raise KioskError(
                ngettext(
                    "the plan still has {count} problem; fix it before copying the plan",
                    "the plan still has {count} problems; fix them before copying the plan",
                    count,
                ).format(count=count)
            )
        self.fix_event_id_in_file()
        # The stick writer exports use: durable, read back, and one sentence if it fails.
        data = self.to_json().encode("utf-8")
        return write_file(Path(folder) / self.drive_file_name(), data, _("the plan"))

    def drive_file_name(self) -> str:
        """A FAT-safe name that says which event the file plans."""
        return f"kiosk-plan-{fat_safe(self.event_id(), 'event')}.json"

    # -- reading ------------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """The problems as `kiosk plan check` says them (English, with field paths)."""
        return [problem.english() for problem in self._problems]

    def plan_problems(self) -> list[PlanProblem]:
        """The problems as found, for a view that says them in its own words."""
        return list(self._problems)

    def plan(self) -> Plan:
        """The validated plan; raises ProblemsError while there are problems."""
        return plan_from_data(self.data, str(self.path or "plan"))

    def event_id(self) -> str:
        event = self.data.get("event") or {}
        if event.get("id"):
            return str(event["id"])
        date = event.get("date")
        try:
            day = Date.fromisoformat(date) if date else None
        except (TypeError, ValueError):
            day = None
        return derive_event_id(str(event.get("title") or ""), day)

    def theme_keys(self) -> list[str]:
        return [str(t.get("key", "")) for t in self.data.get("themes", [])]

    def theme_titles(self) -> list[tuple[str, str]]:
        return [(str(t.get("key", "")), str(t.get("title", ""))) for t in self.themes]

    @property
    def themes(self) -> list[dict[str, Any]]:
        return self.data.setdefault("themes", [])

    @property
    def tables(self) -> list[dict[str, Any]]:
        return self.data.setdefault("tables", [])

    @property
    def rounds(self) -> list[dict[str, Any]]:
        return self.data.setdefault("rounds", [])

    @property
    def kinds(self) -> list[dict[str, Any]]:
        return self.data.setdefault("kinds", [k.model_dump() for k in DEFAULT_KINDS])

    @property
    def roles(self) -> list[str]:
        return self.data.setdefault("roles", list(DEFAULT_ROLES))

    # -- listening ----------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.add(listener)

    def _changed(self) -> None:
        self._problems = find_plan_problems(self.data)
        self._listeners.notify()

    def _edit(self) -> None:
        self.dirty = True
        self._changed()

    # -- event --------------------------------------------------------------------------------

    def set_event(self, field: str, value: str) -> None:
        """Set an event field; an emptied optional field (date, id) is left out of the file."""
        event = self.data.setdefault("event", {})
        if field in ("date", "id") and not value.strip():
            event.pop(field, None)
        else:
            event[field] = value
        self._edit()

    # -- rounds -------------------------------------------------------------------------------

    def set_round_count(self, count: int) -> None:
        """Add rounds at the end (as long as the last one) or drop the last ones."""
        rounds = self.rounds
        count = max(1, count)
        minutes = rounds[-1].get("minutes", 45) if rounds else 45
        while len(rounds) < count:
            rounds.append({"number": len(rounds) + 1, "minutes": minutes})
        del rounds[count:]
        self._edit()

    def set_round_minutes(self, index: int, minutes: int) -> None:
        self.rounds[index]["minutes"] = minutes
        self._edit()

    def set_round_start(self, index: int, starts_at: str) -> None:
        if starts_at.strip():
            self.rounds[index]["starts_at"] = starts_at.strip()
        else:
            self.rounds[index].pop("starts_at", None)
        self._edit()

    # -- themes -------------------------------------------------------------------------------

    def add_theme(self, title: str | None = None) -> int:
        n = len(self.themes) + 1
        title = title or _("Theme {number}").format(number=n)
        taken = set(self.theme_keys())
        key = base = slug(title)
        while key in taken:
            n += 1
            key = f"{base[:36]}-{n}"
        self.themes.append({"key": key, "title": title, "description": "", "questions": []})
        self._edit()
        return len(self.themes) - 1

    def remove_theme(self, index: int) -> None:
        """Remove a theme; tables that discussed it keep its key and so show a problem."""
        del self.themes[index]
        self._edit()

    def move_theme(self, index: int, delta: int) -> int:
        target = index + delta
        if not 0 <= target < len(self.themes):
            return index
        themes = self.themes
        themes[index], themes[target] = themes[target], themes[index]
        self._edit()
        return target

    def set_theme(self, index: int, field: str, value: str) -> None:
        """Set a theme's key, title or description. Renaming a key takes its tables along."""
        theme = self.themes[index]
        if field == "key":
            old = theme.get("key")
            others = [k for i, k in enumerate(self.theme_keys()) if i != index]
            if old not in others:
                for table in self.tables:
                    if table.get("theme") == old:
                        table["theme"] = value
        theme[field] = value
        self._edit()

    def set_questions(self, index: int, questions: Iterable[str]) -> None:
        """The guiding questions, one per entry; blank entries are dropped."""
        self.themes[index]["questions"] = [q.strip() for q in questions if q.strip()]
        self._edit()

    # -- tables -------------------------------------------------------------------------------

    def add_table(self) -> int:
        numbers = [t["number"] for t in self.tables if isinstance(t.get("number"), int)]
        theme = self.tables[-1].get("theme") if self.tables else next(iter(self.theme_keys()), "")
        self.tables.append({"number": max(numbers, default=0) + 1, "theme": theme})
        self._edit()
        return len(self.tables) - 1

    def remove_table(self, index: int) -> None:
        del self.tables[index]
        self._edit()

    def set_table(self, index: int, field: str, value: Any) -> None:
        self.tables[index][field] = value
        self._edit()

    # -- roles and kinds ----------------------------------------------------------------------

    def set_roles(self, roles: Iterable[str]) -> None:
        """The roles, one per entry; blank entries are dropped."""
        self.data["roles"] = [r.strip() for r in roles if r.strip()]
        self._edit()

    def add_kind(self, label: str | None = None) -> int:
        kinds = self.kinds
        label = label or _("Kind {number}").format(number=len(kinds) + 1)
        used = {str(k.get("color", "")).upper() for k in kinds}
        spare = [c for c in (*(k.color for k in DEFAULT_KINDS), *SPARE_COLOURS) if c not in used]
        taken = {k.get("key") for k in kinds}
        key = base = slug(label)
        n = 2
        while key in taken:
            key, n = f"{base[:36]}-{n}", n + 1
        kinds.append({"key": key, "label": label, "color": (spare or SPARE_COLOURS)[0]})
        self._edit()
        return len(kinds) - 1

    def remove_kind(self, index: int) -> None:
        del self.kinds[index]
        self._edit()

    def set_kind(self, index: int, field: str, value: str) -> None:
        if field == "color" and re.fullmatch(r"#[0-9a-fA-F]{6}", value):
            value = value.upper()
        self.kinds[index][field] = value
        self._edit()

    # -- organiser key ------------------------------------------------------------------------

    def set_organiser_key(self, text: str | None) -> None:
        """Put the organiser's public key in the plan, or (None) take it out: exports unsealed."""
        if text is None:
            self.data.pop("organiser_key", None)
        else:
            self.data["organiser_key"] = text.strip()
        self._edit()

    def organiser_key(self) -> str | None:
        key = self.data.get("organiser_key")
        return None if key is None else str(key)
