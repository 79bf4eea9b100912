"""The event plan (`kiosk-plan/1`): parse, validate with every problem named by field, defaults."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kiosk.core.errors import ProblemsError
from kiosk.core.files import read_capped, read_json
from kiosk.core.i18n import _

FORMAT = "kiosk-plan/1"
MAX_PLAN_BYTES = 2 * 1024 * 1024

DEFAULT_ROLES = [
    "Jongere",
    "Ouder",
    "Docent",
    "Schoolleider",
    "Jeugdhulpverlener",
    "Beleidsmedewerker",
    "Bestuurder",
    "Wethouder",
]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
LongText = Annotated[str, StringConstraints(max_length=5000)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
OrganiserKey = Annotated[str, StringConstraints(pattern=r"^kiosk-pub-1:[A-Za-z0-9+/]{43}=$")]
EventId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EventInfo(_Strict):
    title: Text
    date: Date | None = None
    location: Annotated[str, StringConstraints(max_length=500)] = ""
    language: Literal["nl", "en"] = "nl"
    # Who organised the day (an organisation or a person): the summary's author.
    organiser: Annotated[str, StringConstraints(max_length=200)] = ""
    # Optional stable id; derived from date and title when absent, so every laptop agrees on it.
    id: EventId | None = None


class Round(_Strict):
    number: int
    minutes: Annotated[int, Field(ge=1, le=240)]
    starts_at: ClockTime | None = None


class Theme(_Strict):
    key: Key
    title: Text
    description: LongText = ""
    questions: Annotated[list[Text], Field(max_length=30)] = []


class Table(_Strict):
    number: Annotated[int, Field(ge=1, le=999)]
    theme: str


class Kind(_Strict):
    key: Key
    label: Text
    color: Colour


DEFAULT_KINDS = (
    Kind(key="insight", label="Inzicht", color="#FFE66D"),
    Kind(key="quote", label="Uitspraak", color="#9ED8F5"),
    Kind(key="suggestion", label="Suggestie/actie", color="#B5EAA4"),
    Kind(key="question", label="Vraag/zorg", color="#FFB8C6"),
)


class Plan(_Strict):
    format: Literal["kiosk-plan/1"]
    event: EventInfo
    rounds: Annotated[list[Round], Field(min_length=1, max_length=20)]
    themes: Annotated[list[Theme], Field(min_length=1, max_length=100)]
    tables: Annotated[list[Table], Field(min_length=1, max_length=200)]
    roles: Annotated[list[Text], Field(max_length=50)] = Field(
        default_factory=lambda: list(DEFAULT_ROLES)
    )
    kinds: Annotated[list[Kind], Field(min_length=1, max_length=12)] = Field(
        default_factory=lambda: list(DEFAULT_KINDS)
    )
    # The organiser's X25519 public key (base64); when present, exports are sealed for it.
    organiser_key: OrganiserKey | None = None

    @property
    def event_id(self) -> str:
        return self.event.id or derive_event_id(self.event.title, self.event.date)

    def table(self, number: int) -> Table | None:
        return next((t for t in self.tables if t.number == number), None)

    def theme(self, key: str) -> Theme:
        return next(t for t in self.themes if t.key == key)

    def round(self, number: int) -> Round | None:
        return next((r for r in self.rounds if r.number == number), None)

    def kind(self, key: str) -> Kind | None:
        return next((k for k in self.kinds if k.key == key), None)

    def canonical_role(self, role: str) -> str | None:
        """The plan's spelling of a role, matched case-insensitively; None if unknown."""
        folded = role.strip().casefold()
        return next((r for r in self.roles if r.casefold() == folded), None)

    def to_json(self) -> str:
        return self.model_dump_json(exclude_none=True, indent=2)

    def summary(self) -> str:
        return (
            f"{self.event.title}: {len(self.themes)} themes, {len(self.tables)} tables, "
            f"{len(self.rounds)} rounds"
        )


def derive_event_id(title: str, date: Date | None) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")
    parts = [date.isoformat()] if date else []
    return "-".join(parts + [slug or "event"])


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file; raise KioskError naming the file and every problem."""
    path = Path(path)
    return parse_plan(read_capped(path, MAX_PLAN_BYTES, _("a plan file")), source=str(path))


def parse_plan(raw: bytes | str, source: str = "plan") -> Plan:
    return plan_from_data(read_json(raw, source), source)


def plan_from_data(data: Any, source: str = "plan") -> Plan:
    problems = plan_problems(data)
    if problems:
        raise ProblemsError(source, problems)
    return Plan.model_validate(data)


@dataclass(frozen=True)
class PlanProblem:
    """One problem with a plan: where (`loc`, as pydantic gives it), what (`code`), the value.

    `english()` is what `kiosk plan check` prints (`tables[4].theme: unknown theme 'x'`); the
    console says the same problem in the words of its form (`kiosk.plan.words`).
    """

    loc: tuple[str | int, ...]
    code: str
    value: Any = None
    detail: str = ""

    @property
    def path(self) -> str:
        return field_path(self.loc)

    def english(self) -> str:
        path, value, last = self.path, self.value, self.loc[-1] if self.loc else ""
        if self.code == "not_object":
            return "not a kiosk plan (expected a JSON object)"
        if self.code == "format_missing":
            return f"format: missing (expected '{FORMAT}')"
        if self.code == "format_wrong":
            return f"format: expected '{FORMAT}', found {_show(value)}"
        if self.code == "missing":
            return f"{path}: missing"
        if self.code == "unknown_field":
            return f"{path}: unknown field"
        if self.code == "pattern":
            hint = PATTERN_HINTS.get(str(last), "the expected pattern")
            return f"{path}: {_show(value)} is not {hint}"
        if self.code == "empty":
            return f"{path}: must not be empty"
        if self.code == "minutes_range":
            return f"{path}: {_show(value)} is outside 1..240"
        if self.code == "needs_entry":
            return f"{path}: needs at least one entry"
        if self.code == "not_date":
            return f"{path}: {_show(value)} is not a date like 2022-03-31"
        if self.code == "duplicate":
            return f"{path}: duplicate {self.detail} {_show(value)}"
        if self.code == "unknown_theme":
            return f"{path}: unknown theme {_show(value)}"
        if self.code == "rounds_order":
            return f"{path}: must be numbered 1..{len(value)} in order (found {self.detail})"
        return f"{path}: {self.detail}"


PATTERN_HINTS = {
    "color": "a colour like #FFE66D",
    "starts_at": "a time like 11:15",
    "key": "lower-case letters, digits, - or _",
    "id": "lower-case letters, digits and -",
    "organiser_key": "a key made by `kiosk keys new` (kiosk-pub-1:...)",
}


def plan_problems(data: Any) -> list[str]:
    """Every problem with a plan, each naming its field: `tables[4].theme: unknown theme 'x'`."""
    return [problem.english() for problem in find_plan_problems(data)]


def find_plan_problems(data: Any) -> list[PlanProblem]:
    """Every problem with a plan, in a stable order, each once."""
    if not isinstance(data, dict):
        return [PlanProblem((), "not_object")]
    fmt = data.get("format")
    if fmt != FORMAT:
        if fmt is None:
            return [PlanProblem(("format",), "format_missing")]
        return [PlanProblem(("format",), "format_wrong", fmt)]
    problems: list[PlanProblem] = []
    try:
        Plan.model_validate(data)
    except ValidationError as exc:
        problems.extend(_describe(err) for err in exc.errors())
    problems.extend(_cross_checks(data))
    # Keep the order stable and drop repeats (a field may fail structurally and by cross-check).
    unique: dict[str, PlanProblem] = {}
    for problem in problems:
        unique.setdefault(problem.english(), problem)
    return list(unique.values())


def field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "plan"


def _describe(err: dict[str, Any]) -> PlanProblem:
    loc = tuple(p for p in err["loc"] if p not in ("function-after",))
    kind = err["type"]
    last = loc[-1] if loc else ""
    value = err.get("input")
    if kind == "missing":
        return PlanProblem(loc, "missing")
    if kind == "extra_forbidden":
        return PlanProblem(loc, "unknown_field")
    if kind == "string_pattern_mismatch":
        return PlanProblem(loc, "pattern", value)
    if kind == "string_too_short":
        return PlanProblem(loc, "empty")
    if kind in ("greater_than_equal", "less_than_equal") and last == "minutes":
        return PlanProblem(loc, "minutes_range", value)
    if kind == "too_short":
        return PlanProblem(loc, "needs_entry")
    if kind == "date_from_datetime_parsing" or kind.startswith("date_"):
        return PlanProblem(loc, "not_date", value)
    message = str(err["msg"])
    return PlanProblem(loc, "other", value, f"{message[0].lower()}{message[1:]}")


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _items(data: dict[str, Any], name: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(name)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _cross_checks(data: dict[str, Any]) -> list[PlanProblem]:
    problems: list[PlanProblem] = []

    def duplicates(name: str, field: str, label: str, fold: bool = False) -> set[Any]:
        seen: set[Any] = set()
        values: set[Any] = set()
        for i, item in _items(data, name):
            value = item.get(field)
            if not isinstance(value, str | int) or isinstance(value, bool):
                continue
            folded = value.casefold() if fold and isinstance(value, str) else value
            if folded in seen:
                problems.append(PlanProblem((name, i, field), "duplicate", value, label))
            seen.add(folded)
            values.add(value)
        return values

    theme_keys = duplicates("themes", "key", "theme key")
    duplicates("tables", "number", "table number")
    duplicates("kinds", "key", "kind key")

    roles = data.get("roles")
    if isinstance(roles, list):
        seen_roles: set[str] = set()
        for i, role in enumerate(roles):
            if isinstance(role, str):
                if role.strip().casefold() in seen_roles:
                    problems.append(PlanProblem(("roles", i), "duplicate", role, "role"))
                seen_roles.add(role.strip().casefold())

    for i, table in _items(data, "tables"):
        theme = table.get("theme")
        if isinstance(theme, str) and theme not in theme_keys:
            problems.append(PlanProblem(("tables", i, "theme"), "unknown_theme", theme))

    numbers = [r.get("number") for _, r in _items(data, "rounds")]
    whole = all(isinstance(n, int) and not isinstance(n, bool) for n in numbers)
    if numbers and whole and numbers != list(range(1, len(numbers) + 1)):
        found = ", ".join(str(n) for n in numbers)
        problems.append(PlanProblem(("rounds",), "rounds_order", numbers, found))
    return problems
