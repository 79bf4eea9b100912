"""The organiser's archive as one object: every use case of the console, one transaction each.

Modelled on Anki's `Collection` (as `kiosk.table.wall.TableWall` is for the table laptop): the
console's tabs call `Archive` and never see a SQLAlchemy session, a store or `kiosk.storage`.
Each method is one user action and one transaction: it commits when it returns, rolls back when
it raises, and hands back plain records detached from any session (`EventChoice`, `NoteRow`,
`EventTotals`, a `Plan`). Slow work (merging the sticks, printing) is handed back as a job
(`kiosk.core.jobs`) for the UI's runner: it opens the archive again on its worker thread, apart
from the console's connection. The archive owns the clock its edits are stamped with.

`kiosk.storage.archive` is the storage-level part this builds on for the command line (listing
events, copying an archive between a file and a server).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.clock import WallClock, utcnow
from kiosk.core.jobs import Job
from kiosk.organiser import collect, console_settings, curate, printing
from kiosk.storage import texts
from kiosk.storage.queries import event_plan
from kiosk.storage.server import ArchiveTarget, DatabaseUrl, PasswordNeeded
from kiosk.storage.store import Store, open_store
from kiosk.storage.texts import CLOSING, INTRO, TextKey

if TYPE_CHECKING:
    from kiosk.exchange.sealing import KeyPair
    from kiosk.plan.model import Plan

# What the console needs to name an archive, a password prompt and a text, without reaching
# into storage itself.
__all__ = [
    "CLOSING",
    "INTRO",
    "Archive",
    "ArchiveTarget",
    "DatabaseUrl",
    "PasswordNeeded",
    "TextKey",
]


class Archive:
    """An open archive (a file or the organisation's server) and what the console does with it."""

    def __init__(self, store: Store, clock: WallClock = utcnow):
        self.store = store
        self.clock = clock

    @classmethod
    def open(cls, target: ArchiveTarget, clock: WallClock = utcnow) -> Archive:
        """Open (creating or migrating) the archive; `PasswordNeeded` when a server asks one."""
        return cls(open_store(target), clock)

    @property
    def path(self) -> ArchiveTarget:
        """The archive's file, or its server's URL."""
        return self.store.path

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- events and their plans ---------------------------------------------------------------

    def events(self) -> list[curate.EventChoice]:
        """The events in the archive, newest date first."""
        with self.store.begin() as session:
            return curate.events(session)

    def plan(self, event_id: str) -> Plan:
        """The event's plan as the archive holds it."""
        with self.store.begin() as session:
            return event_plan(session, event_id)

    def adopt_plan_texts(self, plan: Plan) -> curate.PlanTexts:
        """The organiser's saved plan gives the archive's event its editable texts
        (`kiosk.organiser.curate.adopt_plan_texts`; `PlanDiffers` when it may not)."""
        with self.store.begin() as session:
            return curate.adopt_plan_texts(session, plan, self.clock())

    # -- collecting ---------------------------------------------------------------------------

    def totals(self, event_id: str) -> collect.EventTotals:
        """Notes per table and round, and the tables whose export has not come in."""
        with self.store.begin() as session:
            return collect.event_totals(session, event_id)

    def collect(
        self,
        sources: list[Path],
        key: KeyPair | None = None,
        allow_unsealed: bool = False,
        accept_laptop: bool = False,
    ) -> Job:
        """The job that merges every export under sources into this archive, a file a step
        (`kiosk.organiser.collect.collect_job`)."""
        return collect.collect_job(
            self.path,
            sources,
            self.clock,
            key=key,
            allow_unsealed=allow_unsealed,
            accept_laptop=accept_laptop,
        )

    # -- curating -----------------------------------------------------------------------------

    def find_notes(self, wanted: curate.NoteFilter) -> list[curate.NoteRow]:
        with self.store.begin() as session:
            return curate.find_notes(session, wanted)

    def counts(self, event_id: str) -> tuple[int, int, int]:
        """Live notes, starred and hidden, for the event."""
        with self.store.begin() as session:
            return curate.counts(session, event_id)

    def set_starred(self, note_id: str, starred: bool) -> curate.NoteRow:
        with self.store.begin() as session:
            return curate.set_starred(session, note_id, starred, self.clock())

    def set_hidden(self, note_id: str, hidden: bool) -> curate.NoteRow:
        with self.store.begin() as session:
            return curate.set_hidden(session, note_id, hidden)

    def fix_text(self, note_id: str, text: str) -> curate.NoteRow:
        with self.store.begin() as session:
            return curate.fix_text(session, note_id, text, self.clock())

    # -- the organiser's texts ----------------------------------------------------------------

    def read_text(self, event_id: str, key: TextKey) -> str:
        with self.store.begin() as session:
            return texts.read_text(session, event_id, key)

    def save_text(self, event_id: str, key: TextKey, text: str) -> str:
        """Keep text as the part's new revision (unless unchanged); the text now saved."""
        with self.store.begin() as session:
            texts.save_text(session, event_id, key, text, self.clock())
            return texts.read_text(session, event_id, key)

    def entered_counts(self, event_id: str) -> dict[tuple[int, str], int]:
        """The organiser's participant counts: (round, role) -> count, where one is set."""
        with self.store.begin() as session:
            return texts.entered_counts(session, event_id)

    def set_count(self, event_id: str, round_number: int, role: str, count: int | None) -> None:
        """Set (or with None, clear) the organiser's count of one role in one round."""
        with self.store.begin() as session:
            texts.set_count(session, event_id, round_number, role, count, self.clock())

    # -- printing -----------------------------------------------------------------------------

    def print_defaults(self, event_id: str) -> tuple[str, Path | None]:
        """The event's language and the print folder chosen before for it (None: not yet)."""
        with self.store.begin() as session:
            language = event_plan(session, event_id).event.language
            folder = console_settings.remembered(session, event_id, console_settings.PRINT_FOLDER)
        return language, folder

    def print(self, order: printing.PrintOrder) -> Job:
        """The job that writes the order's files, a document a step
        (`kiosk.organiser.printing.print_job`)."""
        return printing.print_job(order)

    # -- what the console remembers -----------------------------------------------------------

    def remembered(self, event_id: str | None, name: str) -> Path | None:
        """A folder or key file the console remembers (`kiosk.organiser.console_settings`)."""
        with self.store.begin() as session:
            return console_settings.remembered(session, event_id, name)

    def remember(self, event_ids: list[str], name: str, path: Path) -> None:
        with self.store.begin() as session:
            console_settings.remember(session, event_ids, name, path)
