"""The plan's problems and dates in the organiser's words: the console's labels, counted from 1.

`kiosk plan check` speaks English with field paths (`themes[0].key: ...`) for scripts; the
console says the same problem as its form does ("Thema 1: de korte naam mag alleen kleine
letters, cijfers, - of _ bevatten"), in the language chosen. Dates are read as people type them
("31-03-2022", "31 maart 2022") and shown as they are used to reading them.
"""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Any

from kiosk.core.i18n import LANGUAGES, _, language, translator
from kiosk.plan.model import PlanProblem

MONTHS = {
    # Dutch and English month names and their usual abbreviations.
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2,
    "maart": 3, "march": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "augustus": 8, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip


def parse_date(text: str) -> Date | None:
    """A date as an organiser may type it: 2022-03-31, 31-03-2022, 31/3/2022, 31 maart 2022."""
    text = text.strip().lower().rstrip(".")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return Date.fromisoformat(text)
        found = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
        if found:
            day, month, year = (int(x) for x in found.groups())
            return Date(year, month, day)
        found = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})", text)
        if found and found[2] in MONTHS:
            return Date(int(found[3]), MONTHS[found[2]], int(found[1]))
    except ValueError:  # 31-02-2022: looks like a date, is none
        return None
    return None


def show_date(day: Date) -> str:
    """31-03-2022 in Dutch, 2022-03-31 in English: what the organiser types back in."""
    return day.strftime("%d-%m-%Y") if language() == "nl" else day.isoformat()


# -- the form's words -----------------------------------------------------------------------------


def _owner_and_field(loc: tuple[Any, ...], data: dict[str, Any]) -> tuple[str, str]:
    """Who a field belongs to ("Thema 1", or "" for the event) and the field's own name."""
    section = loc[0] if loc else ""
    index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    field = next((p for p in loc[2:] if isinstance(p, str)), "")
    position = "" if index is None else str(index + 1)
    if section == "event":
        field = str(loc[1]) if len(loc) > 1 else ""
        names = {
            "title": _("the title"),
            "date": _("the date"),
            "location": _("the location"),
            "language": _("the language of the printed output"),
            "id": _("the event code"),
        }
        return "", names.get(field, _("the event"))
    if section == "rounds":
        if index is None:
            return "", _("the rounds")
        names = {"minutes": _("the minutes"), "starts_at": _("the starting time")}
        return _("Round {number}").format(number=position), names.get(field, _("the round"))
    if section == "themes":
        if index is None:
            return "", _("the themes")
        if field == "questions" and len(loc) > 3 and isinstance(loc[3], int):
            name = _("guiding question {number}").format(number=loc[3] + 1)
        else:
            name = {
                "key": _("the short name"),
                "title": _("the title"),
                "description": _("the description"),
                "questions": _("the guiding questions"),
            }.get(field, _("the theme"))
        return _("Theme {number}").format(number=position), name
    if section == "tables":
        if index is None:
            return "", _("the tables")
        tables = data.get("tables")
        number: Any = position
        if isinstance(tables, list) and index < len(tables) and isinstance(tables[index], dict):
            found = tables[index].get("number")
            if isinstance(found, int) and not isinstance(found, bool):
                number = found
        names = {"number": _("the number"), "theme": _("the theme")}
        return _("Table {number}").format(number=number), names.get(field, _("the table"))
    if section == "roles":
        if index is None:
            return "", _("the roles")
        return _("Role {number}").format(number=position), _("the role")
    if section == "kinds":
        if index is None:
            return "", _("the kinds of note")
        names = {"label": _("the name"), "key": _("the short name"), "color": _("the colour")}
        return _("Kind {number}").format(number=position), names.get(field, _("the kind"))
    if section == "organiser_key":
        return "", _("the organiser key")
    return "", _("the plan")


def field_words(path: str, data: dict[str, Any]) -> str:
    """A field path as `plan_difference` gives it (`tables[2].theme`) in the form's words
    ("Tafel 3, het thema"), in the language chosen."""
    loc = tuple(int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", path))
    owner, field = _owner_and_field(loc, data)
    return f"{owner}, {field}" if owner else field


def _sentence(owner: str, text: str) -> str:
    text = text[:1].upper() + text[1:] if not owner else text
    return f"{owner}: {text}" if owner else text


def describe(problem: PlanProblem, data: dict[str, Any]) -> str:
    """The problem in the console's words and language, naming the field as the form labels it."""
    owner, field = _owner_and_field(problem.loc, data)
    value = problem.value
    shown = repr(value) if isinstance(value, str) else str(value)
    code = problem.code
    last = problem.loc[-1] if problem.loc else ""
    if code == "not_object":
        return _("This is not a kiosk plan.")
    if code in ("format_missing", "format_wrong"):
        return _("This file is not a kiosk plan of this version.")
    if code == "missing":
        text = _("{field} is not filled in").format(field=field)
    elif code == "unknown_field":
        text = _("{field} holds a field kiosk does not know ({name})").format(
            field=field, name=problem.path
        )
    elif code == "empty":
        text = _("{field} must not be empty").format(field=field)
    elif code == "pattern" and last == "key":
        text = _("{field} may only hold lower-case letters, digits, - or _ (not {value})").format(
            field=field, value=shown
        )
    elif code == "pattern" and last == "id":
        text = _("{field} may only hold lower-case letters, digits and - (not {value})").format(
            field=field, value=shown
        )
    elif code == "pattern" and last == "color":
        text = _("{field} must be a colour like #FFE66D (not {value})").format(
            field=field, value=shown
        )
    elif code == "pattern" and last == "starts_at":
        text = _("{field} must be a time like 11:15 (not {value})").format(field=field, value=shown)
    elif code == "pattern" and last == "organiser_key":
        text = _("{field} is damaged; make a new key or remove it").format(field=field)
    elif code == "pattern":
        text = _("{field} is not valid ({value})").format(field=field, value=shown)
    elif code == "minutes_range":
        text = _("{field} must be between 1 and 240 (not {value})").format(field=field, value=shown)
    elif code == "needs_entry":
        text = _("{field} need at least one entry").format(field=field)
    elif code == "not_date":
        text = _("{field} is not a date ({value}); type it like 31-03-2022").format(
            field=field, value=shown
        )
    elif code == "duplicate":
        text = _("{field} {value} is used twice").format(field=field, value=shown)
    elif code == "unknown_theme":
        text = _("{field} {value} does not exist; choose one of the themes").format(
            field=field, value=shown
        )
    elif code == "rounds_order":
        text = _("{field} must be numbered from 1 in order").format(field=field)
    else:
        text = _("{field} is not valid ({detail})").format(field=field, detail=problem.detail)
    return _sentence(owner, text)


# -- ready for the tables? ------------------------------------------------------------------------


def _in_any_language(message: str, **values: object) -> set[str]:
    """A default text as a new plan may hold it, whichever language the console spoke then."""
    return {translator(lang)(message).format(**values) for lang in LANGUAGES}


def readiness_warnings(data: dict[str, Any]) -> list[str]:
    """What still looks unfinished in a plan without problems: a warning, never a refusal.

    A field still holding the text a new plan starts with ("Nieuw evenement", "Thema 2") has
    not been filled in; a theme no table discusses gets no notes.
    """
    warnings: list[str] = []
    event = data.get("event") or {}
    if event.get("title") in _in_any_language("New event"):
        warnings.append(_("The title is still “{title}”.").format(title=event["title"]))
    themes = [t for t in data.get("themes") or [] if isinstance(t, dict)]
    for i, theme in enumerate(themes):
        if theme.get("title") in _in_any_language("Theme {number}", number=i + 1):
            warnings.append(
                _("Theme {number} is still called “{title}”.").format(
                    number=i + 1, title=theme.get("title")
                )
            )
    used = {t.get("theme") for t in data.get("tables") or [] if isinstance(t, dict)}
    lonely = [str(t.get("title") or t.get("key")) for t in themes if t.get("key") not in used]
    if lonely:
        warnings.append(
            _("No table discusses {themes}.").format(themes=", ".join(f"“{t}”" for t in lonely))
        )
    kinds = [k for k in data.get("kinds") or [] if isinstance(k, dict)]
    for i, kind in enumerate(kinds):
        if kind.get("label") in _in_any_language("Kind {number}", number=i + 1):
            warnings.append(
                _("Kind {number} is still called “{label}”.").format(
                    number=i + 1, label=kind.get("label")
                )
            )
    return warnings
