"""The table's plain records: a note and a group as the wall shows them, and the entry bar's draft.

Plain data for the wall model, the launch snapshot and the widgets alike (the store keeps
revisions and times; these keep what is shown). `MAX_NOTE_CHARS` is the store's column limit,
named here so the widgets that cap typing need not reach into storage.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from kiosk.storage.schema import MAX_NOTE_CHARS as MAX_NOTE_CHARS


class WallNote(NamedTuple):
    """A live note as the wall shows it (plain data; the store holds revisions and times)."""

    id: str
    round_number: int
    kind: str
    role: str | None
    text: str
    starred: bool
    votes: int
    x: float
    y: float
    cluster_id: str | None


class WallCluster(NamedTuple):
    id: str
    label: str
    x: float
    y: float
    width: float
    height: float


class Draft(NamedTuple):
    """What is being typed in the entry bar, kept so a crash loses at most a few keystrokes."""

    text: str = ""
    kind: str | None = None
    role: str | None = None
    starred: bool = False

    def as_setting(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "role": self.role, "starred": self.starred}

    @classmethod
    def from_setting(cls, value: dict[str, Any] | None) -> Draft:
        if not value:
            return cls()
        return cls(
            text=str(value.get("text") or ""),
            kind=value.get("kind"),
            role=value.get("role"),
            starred=bool(value.get("starred")),
        )
