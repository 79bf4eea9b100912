"""The organiser's own words for the summary: introduction, closing, a synthesis per theme and per
table, and participant counts per round and role where the tables kept none.

Texts are kept as revisions (every save adds one; the newest is printed, the older ones stay),
written by the organiser's device like other curated data. No table exports them and no merge
touches them. Their emphasis is a small documented subset, parsed here for every output:

- a blank line starts a new paragraph; a single line break stays a line break;
- `**words**` is bold, `*words*` is italic (the marks must hug the words: `* a *` stays as typed);
- nothing else is markup: `<`, `&`, `#`, `_` and the rest print as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.core.errors import KioskError
from kiosk.storage.models import Event, EventTable, OrganiserText, ParticipantCount, Theme
from kiosk.storage.queries import organiser_station

INTRO = "intro"
CLOSING = "closing"
THEME = "theme"
TABLE = "table"
SCOPES = (INTRO, CLOSING, THEME, TABLE)
MAX_TEXT_CHARS = 20_000
MAX_COUNT = 10_000


@dataclass(frozen=True)
class TextKey:
    """Which text: the introduction, the closing, or the synthesis of one theme or table."""

    scope: str
    subject: str = ""

    @staticmethod
    def theme(key: str) -> TextKey:
        return TextKey(THEME, key)

    @staticmethod
    def table(number: int) -> TextKey:
        return TextKey(TABLE, str(number))


@dataclass(frozen=True)
class Texts:
    """The newest revision of every text of one event that has words in it."""

    introduction: str = ""
    closing: str = ""
    themes: tuple[tuple[str, str], ...] = ()
    tables: tuple[tuple[int, str], ...] = ()

    def theme(self, key: str) -> str:
        return dict(self.themes).get(key, "")

    def table(self, number: int) -> str:
        return dict(self.tables).get(number, "")

    @property
    def any(self) -> bool:
        return bool(self.introduction or self.closing or self.themes or self.tables)


def _check(session: Session, event_id: str, key: TextKey) -> None:
    if session.get(Event, event_id) is None:
        raise KioskError(f"event {event_id!r}: not in this archive")
    if key.scope not in SCOPES:
        raise KioskError(f"text {key.scope!r}: not one of {', '.join(SCOPES)}")
    if key.scope in (INTRO, CLOSING) and key.subject:
        raise KioskError(f"text {key.scope!r}: has no subject")
    if key.scope == THEME:
        found = session.scalar(
            select(Theme.id).where(Theme.event_id == event_id, Theme.key == key.subject)
        )
        if found is None:
            raise KioskError(f"theme {key.subject!r}: not in event {event_id!r}")
    if key.scope == TABLE:
        number = int(key.subject) if key.subject.isdigit() else -1
        found = session.scalar(
            select(EventTable.id).where(
                EventTable.event_id == event_id, EventTable.number == number
            )
        )
        if found is None:
            raise KioskError(f"table {key.subject!r}: not in event {event_id!r}")


def read_text(session: Session, event_id: str, key: TextKey) -> str:
    """The newest revision of one text; empty when never written."""
    row = session.scalar(
        select(OrganiserText.text)
        .where(
            OrganiserText.event_id == event_id,
            OrganiserText.scope == key.scope,
            OrganiserText.subject == key.subject,
        )
        .order_by(OrganiserText.revision.desc())
        .limit(1)
    )
    return row or ""


def revisions(session: Session, event_id: str, key: TextKey) -> int:
    """How many revisions of one text are kept."""
    return int(
        session.scalar(
            select(func.count()).where(
                OrganiserText.event_id == event_id,
                OrganiserText.scope == key.scope,
                OrganiserText.subject == key.subject,
            )
        )
        or 0
    )


def save_text(session: Session, event_id: str, key: TextKey, text: str, now: datetime) -> bool:
    """Keep `text` as the newest revision (unless it is what is kept already); True if saved.

    Line ends are made plain and trailing blanks dropped, so a save without changes adds nothing.
    """
    _check(session, event_id, key)
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    if len(text) > MAX_TEXT_CHARS:
        raise KioskError(
            f"text has {len(text):,} characters (at most {MAX_TEXT_CHARS:,}); shorten it"
        )
    if text == read_text(session, event_id, key):
        return False
    session.add(
        OrganiserText(
            event_id=event_id,
            scope=key.scope,
            subject=key.subject,
            revision=revisions(session, event_id, key) + 1,
            text=text,
            updated_at=now,
            device_id=organiser_station(session, event_id).device_id,
        )
    )
    session.flush()
    return True


def load_texts(session: Session, event_id: str) -> Texts:
    """Every text of the event at its newest revision; empty ones left out."""
    newest = (
        select(
            OrganiserText.scope,
            OrganiserText.subject,
            func.max(OrganiserText.revision).label("revision"),
        )
        .where(OrganiserText.event_id == event_id)
        .group_by(OrganiserText.scope, OrganiserText.subject)
        .subquery()
    )
    rows = session.execute(
        select(OrganiserText.scope, OrganiserText.subject, OrganiserText.text)
        .join(
            newest,
            (newest.c.scope == OrganiserText.scope)
            & (newest.c.subject == OrganiserText.subject)
            & (newest.c.revision == OrganiserText.revision),
        )
        .where(OrganiserText.event_id == event_id)
    )
    found: dict[tuple[str, str], str] = {(s, k): t for s, k, t in rows if t.strip()}
    return Texts(
        introduction=found.get((INTRO, ""), ""),
        closing=found.get((CLOSING, ""), ""),
        themes=tuple(sorted((k, t) for (s, k), t in found.items() if s == THEME)),
        tables=tuple(sorted((int(k), t) for (s, k), t in found.items() if s == TABLE)),
    )


# -- participant counts -------------------------------------------------------------------------


def entered_counts(session: Session, event_id: str) -> dict[tuple[int, str], int]:
    """The organiser's counts: (round, role) -> count, where one is set."""
    rows = session.execute(
        select(ParticipantCount.round_number, ParticipantCount.role, ParticipantCount.count).where(
            ParticipantCount.event_id == event_id, ParticipantCount.count.is_not(None)
        )
    )
    return {(rnd, role): count for rnd, role, count in rows}


def set_count(
    session: Session, event_id: str, round_number: int, role: str, count: int | None, now: datetime
) -> None:
    """Set (or with None, clear) the organiser's count of one role in one round."""
    if session.get(Event, event_id) is None:
        raise KioskError(f"event {event_id!r}: not in this archive")
    if count is not None and not 0 <= count <= MAX_COUNT:
        raise KioskError(f"participants: {count} is outside 0..{MAX_COUNT:,}")
    row = session.scalar(
        select(ParticipantCount).where(
            ParticipantCount.event_id == event_id,
            ParticipantCount.round_number == round_number,
            ParticipantCount.role == role,
        )
    )
    device = organiser_station(session, event_id).device_id
    if row is None:
        if count is None:
            return
        session.add(
            ParticipantCount(
                event_id=event_id,
                round_number=round_number,
                role=role,
                count=count,
                updated_at=now,
                device_id=device,
            )
        )
    elif row.count != count:
        row.count = count
        row.revision += 1
        row.updated_at = now
        row.device_id = device
    session.flush()


# -- the emphasis subset ------------------------------------------------------------------------

Run = tuple[str, bool, bool]  # text, bold, italic

# `**bold**` first, then a single `*italic*`; the marks must touch the words they enclose.
_EMPHASIS = re.compile(
    r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<!\*)\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)", re.S
)
# One or more blank lines (spaces on them allowed) end a paragraph.
_BLANK_LINE = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[list[Run]]:
    """The text as paragraphs of runs (text, bold, italic); a run may hold line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    result = []
    for block in _BLANK_LINE.split(text):
        if block.strip():
            result.append(runs(block.strip()))
    return result


def runs(block: str) -> list[Run]:
    out: list[Run] = []
    at = 0
    for match in _EMPHASIS.finditer(block):
        if match.start() > at:
            out.append((block[at : match.start()], False, False))
        if match.group(1) is not None:
            out.append((match.group(1), True, False))
        else:
            out.append((match.group(2), False, True))
        at = match.end()
    if at < len(block):
        out.append((block[at:], False, False))
    return out


def plain(text: str) -> str:
    """The text without its emphasis marks, paragraphs separated by a blank line."""
    return "\n\n".join("".join(t for t, _b, _i in p) for p in paragraphs(text))
