"""The table's wall as a plain-Python model: notes, groups, votes, tallies, draft, undo, host PIN.

Every user action is one store transaction; listeners hear of it only after the commit, so a note
on screen is always a note on disk. The model starts from a launch snapshot (sqlite3 only) and
opens the SQLAlchemy store on its first write, or earlier when `warm_up()` is called once the
window is visible. Widgets take this model (through `kiosk/ui/table/wall_model.py`) and listen
to it.
"""

from __future__ import annotations

import enum
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kiosk.core.clock import WallClock, utcnow
from kiosk.core.errors import KioskError
from kiosk.core.events import Listeners
from kiosk.core.i18n import _
from kiosk.plan.table_setup import TableSetup
from kiosk.storage.station import PIN_KEY
from kiosk.table.layout import (
    CLUSTER_LABEL_HEIGHT,
    CLUSTER_PAD,
    DEFAULT_ASPECT,
    NOTE_HEIGHT,
    NOTE_WIDTH,
    WallLayout,
    columns_for,
    group_shape,
    group_size,
    member_spots,
    overlaps,
    reading_order,
    tidy,
)
from kiosk.table.records import Draft, WallCluster, WallNote
from kiosk.table.snapshot import TableSnapshot, read_snapshot

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kiosk.core.jobs import JobControl
    from kiosk.exchange.export import ExportResult
    from kiosk.storage.store import Store
    from kiosk.table.host_pin import PinCheck

log = logging.getLogger(__name__)

DRAFT_KEY = "draft"
ROUND_KEY = "round"
LANGUAGE_KEY = "language"
# Settings that belong to the table, not the laptop: dropped when the laptop switches tables.
TABLE_KEYS = (DRAFT_KEY, ROUND_KEY, PIN_KEY)

__all__ = ["CLUSTER_LABEL_HEIGHT"]  # the UI draws the label band this high
UNDO_DEPTH = 100


class Change(enum.Enum):
    NOTES_ADDED = "notes added"
    NOTES_CHANGED = "notes changed"
    NOTES_REMOVED = "notes removed"
    CLUSTERS_CHANGED = "clusters changed"  # added or changed
    CLUSTERS_REMOVED = "clusters removed"
    FILTER = "filter"
    ROUND = "round"
    TALLY = "tally"
    UNDO = "undo"  # what Ctrl+Z (or redo) would do changed


class WallChange(NamedTuple):
    what: Change
    ids: tuple[str, ...] = ()


Listener = Callable[[WallChange], None]


class UndoStep(NamedTuple):
    """How to put notes and group frames back as they were (undone as new revisions): each
    note's version with whether it was live, each group's frame."""

    action: str  # "delete", "edit", "move" or "tidy"
    notes: tuple[tuple[WallNote, bool], ...]
    clusters: tuple[WallCluster, ...] = ()


class _Pending:
    """What a transaction will change in memory once it has committed."""

    def __init__(
        self,
        notes: dict[str, WallNote] | None = None,
        clusters: dict[str, WallCluster] | None = None,
        removed_clusters: list[str] | None = None,
    ):
        self.notes = {} if notes is None else notes
        self.clusters = {} if clusters is None else clusters
        self.removed_clusters = [] if removed_clusters is None else removed_clusters


def note_box(note: WallNote) -> tuple[float, float, float, float]:
    return note.x, note.y, note.x + NOTE_WIDTH, note.y + NOTE_HEIGHT


def cluster_box(cluster: WallCluster) -> tuple[float, float, float, float]:
    return cluster.x, cluster.y, cluster.x + cluster.width, cluster.y + cluster.height


def cluster_contains(cluster: WallCluster, x: float, y: float) -> bool:
    return (
        cluster.x <= x <= cluster.x + cluster.width and cluster.y <= y <= cluster.y + cluster.height
    )


class TableWall:
    """One table's wall and the host's actions on it."""

    def __init__(
        self,
        snapshot: TableSnapshot,
        clock: WallClock = utcnow,
        store: Store | None = None,
    ):
        self.path = snapshot.path
        self.station = snapshot.station
        self.setup: TableSetup = snapshot.setup
        self._clock = clock
        self._store = store
        self._notes: dict[str, WallNote] = {n.id: n for n in snapshot.notes}
        self._clusters: dict[str, WallCluster] = {c.id: c for c in snapshot.clusters}
        self._tallies: dict[tuple[int, str], int] = dict(snapshot.tallies)
        self._settings = snapshot.settings
        self._listeners: Listeners[[WallChange]] = Listeners()
        self._undo: list[UndoStep] = []
        self._redo: list[UndoStep] = []
        self.aspect = DEFAULT_ASPECT  # width/height of the screen area showing the wall
        self.round_filter: int | None = None
        rounds = self.setup.round_numbers()
        stored_round = (snapshot.settings.get(ROUND_KEY) or {}).get("number")
        self.current_round: int = stored_round if stored_round in rounds else rounds[0]
        self._saved_draft = Draft.from_setting(snapshot.settings.get(DRAFT_KEY))
        self._draft = self._saved_draft
        self._free: WallLayout | None = None  # free cells for new notes, made when needed

    @classmethod
    def open(cls, path: Path, clock: WallClock = utcnow) -> TableWall | None:
        """The wall of the table this store serves, or None if it serves no table yet."""
        snapshot = read_snapshot(path)
        return cls(snapshot, clock) if snapshot else None

    # -- the store ----------------------------------------------------------------------------

    def store(self) -> Store:
        """The full store, opened on first use (it imports SQLAlchemy)."""
        if self._store is None:
            from kiosk.storage.store import open_store

            self._store = open_store(self.path, create=False)
        return self._store

    @staticmethod
    def load_store_code() -> None:
        """Import what the full store and a first change need: SQLAlchemy, the models, the
        queries (with the plan's validation), about a quarter of a second. Safe on any thread;
        `warm_up` then opens the store in a few milliseconds."""
        import kiosk.storage.queries  # noqa: F401
        import kiosk.storage.store  # noqa: F401

    def warm_up(self) -> None:
        """Open the store now, with the code a first change needs, so that the first note typed
        does not wait for either (about 250 ms and 70 ms)."""
        self.load_store_code()
        self.store()

    def export(self, folder: Path, control: JobControl | None = None) -> ExportResult:
        """Write this table's export to a new file in folder (the host's USB stick), reporting
        the bytes written to control; the wall and its store change only on success. Safe on
        a worker thread: the store's connection pool serves that thread its own connection."""
        from kiosk.exchange.export import export_table

        return export_table(self.store(), folder, self._clock, control)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: commits on success, rolls back on any error."""
        with self.store().begin() as session:
            yield session

    def close(self) -> None:
        self.flush_draft()
        if self._store is not None:
            self._store.close()
            self._store = None

    def now(self) -> datetime:
        return self._clock()

    # -- listening ----------------------------------------------------------------------------

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call listener after every committed change; returns a function that stops it."""
        return self._listeners.add(listener)

    def _notify(self, what: Change, ids: Iterable[str] = ()) -> None:
        self._listeners.notify(WallChange(what, tuple(ids)))

    # -- reading ------------------------------------------------------------------------------

    @property
    def notes(self) -> list[WallNote]:
        """Every live note, in the order written."""
        return list(self._notes.values())

    def note(self, note_id: str) -> WallNote:
        return self._notes[note_id]

    def has_note(self, note_id: str) -> bool:
        return note_id in self._notes

    def visible(self, note: WallNote) -> bool:
        return self.round_filter is None or note.round_number == self.round_filter

    @property
    def visible_notes(self) -> list[WallNote]:
        return [n for n in self._notes.values() if self.visible(n)]

    @property
    def clusters(self) -> list[WallCluster]:
        return list(self._clusters.values())

    def cluster(self, cluster_id: str) -> WallCluster:
        return self._clusters[cluster_id]

    def members(self, cluster_id: str) -> list[WallNote]:
        return [n for n in self._notes.values() if n.cluster_id == cluster_id]

    def tally(self, role: str, round_number: int | None = None) -> int:
        return self._tallies.get((round_number or self.current_round, role), 0)

    def tally_total(self, round_number: int | None = None) -> int:
        wanted = round_number or self.current_round
        return sum(count for (rnd, _role), count in self._tallies.items() if rnd == wanted)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_action(self) -> str | None:
        return self._undo[-1].action if self._undo else None

    @property
    def undo_top(self) -> UndoStep | None:
        """The step Ctrl+Z would undo (compared by identity: a message offering to undo an
        action stops offering it once that step is no longer on top)."""
        return self._undo[-1] if self._undo else None

    def rounds_on_wall(self) -> list[int]:
        return sorted({n.round_number for n in self._notes.values()})

    def cluster_visible(self, cluster_id: str) -> bool:
        """A group shows when all rounds show, or when it holds a note of the round shown."""
        if self.round_filter is None:
            return True
        return any(self.visible(n) for n in self.members(cluster_id))

    def set_aspect(self, aspect: float) -> None:
        """The shape of the screen area showing the wall: new notes fill it (not stored)."""
        if aspect > 0 and abs(aspect - self.aspect) > 1e-3:
            self.aspect = aspect
            self._free = None

    @property
    def language(self) -> str | None:
        value = self._settings.get(LANGUAGE_KEY) or {}
        return value.get("language")

    # -- notes --------------------------------------------------------------------------------

    def _check_kind_role(self, kind: str, role: str | None) -> str | None:
        if self.setup.kind(kind) is None:
            raise KioskError(f"note: kind {kind!r} is not a kind of the plan")
        if not role:
            return None
        canonical = self.setup.canonical_role(role)
        if canonical is None:
            raise KioskError(f"note: role {role!r} is not a role of the plan")
        return canonical

    def add_note(
        self, text: str, kind: str, role: str | None = None, starred: bool = False
    ) -> WallNote:
        """Write a new note at the first free spot of the current round; committed, then shown."""
        from kiosk.storage.queries import add_note, set_setting

        role = self._check_kind_role(kind, role)
        layout = self._layout()
        layout.columns = self._columns()
        x, y = layout.place()
        try:
            with self.transaction() as session:
                stored = add_note(
                    session,
                    self.station,
                    text=text,
                    kind=kind,
                    role=role,
                    starred=starred,
                    round_number=self.current_round,
                    x=x,
                    y=y,
                    now=self.now(),
                )
                cleared = Draft(kind=kind, role=role)
                if self._saved_draft != cleared:
                    set_setting(session, DRAFT_KEY, cleared.as_setting())
        except BaseException:
            self._free = None  # give the spot back
            raise
        note = WallNote(
            id=stored.id,
            round_number=stored.round_number,
            kind=stored.kind,
            role=stored.role,
            text=stored.text,
            starred=stored.starred,
            votes=stored.votes,
            x=stored.x,
            y=stored.y,
            cluster_id=None,
        )
        self._notes[note.id] = note
        self._saved_draft = self._draft = Draft(kind=kind, role=role)
        self._notify(Change.NOTES_ADDED, [note.id])
        return note

    def edit_note(self, note_id: str, **changes: Any) -> WallNote:
        """Change text, kind, role or star; Ctrl+Z puts the old version back."""
        allowed = {"text", "kind", "role", "starred"}
        if set(changes) - allowed:
            raise ValueError(f"not editable here: {sorted(set(changes) - allowed)}")
        old = self._notes[note_id]
        if "kind" in changes or "role" in changes:
            changes["role"] = self._check_kind_role(
                changes.get("kind", old.kind), changes.get("role", old.role)
            )
        changes = {k: v for k, v in changes.items() if getattr(old, k) != v}
        if not changes:
            return old
        step = self._step("edit", [note_id])
        self._write_notes({note_id: old._replace(**changes)})
        self._push_undo(step)
        self._notify(Change.NOTES_CHANGED, [note_id])
        return self._notes[note_id]

    def delete_note(self, note_id: str) -> None:
        """Tombstone a note (it stays in the store); Ctrl+Z brings it back."""
        from kiosk.storage.queries import update_note

        step = self._step("delete", [note_id])
        with self.transaction() as session:
            update_note(session, self.station, note_id, self.now(), deleted=True)
        del self._notes[note_id]
        self._free = None
        self._push_undo(step)
        self._notify(Change.NOTES_REMOVED, [note_id])

    def vote(self, note_id: str, delta: int) -> WallNote:
        """Add or take away a dot vote (never below zero)."""
        old = self._notes[note_id]
        votes = max(0, old.votes + delta)
        if votes != old.votes:
            self._write_notes({note_id: old._replace(votes=votes)})
            self._notify(Change.NOTES_CHANGED, [note_id])
        return self._notes[note_id]

    def toggle_star(self, note_id: str) -> WallNote:
        old = self._notes[note_id]
        self._write_notes({note_id: old._replace(starred=not old.starred)})
        self._notify(Change.NOTES_CHANGED, [note_id])
        return self._notes[note_id]

    def move_notes(self, moves: dict[str, tuple[float, float]]) -> None:
        """Notes dragged to new spots. A note dropped inside a group joins it and takes its place
        in the group's grid; one dropped outside every group leaves its group, which shrinks.
        Ctrl+Z moves them back."""
        moves = {i: p for i, p in moves.items() if i in self._notes}
        if not moves:
            return
        updated: dict[str, WallNote] = {}
        touched: set[str] = set()
        for note_id, (x, y) in moves.items():
            old = self._notes[note_id]
            centre = (x + NOTE_WIDTH / 2, y + NOTE_HEIGHT / 2)
            target = next(
                (c for c in reversed(self._clusters.values()) if cluster_contains(c, *centre)),
                None,
            )
            cluster_id = target.id if target else None
            updated[note_id] = old._replace(x=x, y=y, cluster_id=cluster_id)
            touched.update(c for c in (old.cluster_id, cluster_id) if c)
        self._change("move", updated, touched)

    def move_note(self, note_id: str, x: float, y: float) -> None:
        self.move_notes({note_id: (x, y)})

    # -- undo and redo ------------------------------------------------------------------------

    def undo(self) -> bool:
        """Put back the notes and group frames of the last delete, edit, move or tidy-up, each
        as a new revision; redo() does it again."""
        if not self._undo:
            return False
        step = self._undo.pop()
        self._redo.append(self._apply_step(step))
        self._notify(Change.UNDO)
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        step = self._redo.pop()
        self._undo.append(self._apply_step(step))
        self._notify(Change.UNDO)
        return True

    def _step(
        self, action: str, note_ids: Iterable[str], cluster_ids: Iterable[str] = ()
    ) -> UndoStep:
        """The current state of these notes and groups, to go back to."""
        return UndoStep(
            action,
            tuple((self._notes[i], True) for i in dict.fromkeys(note_ids) if i in self._notes),
            tuple(self._clusters[c] for c in dict.fromkeys(cluster_ids) if c in self._clusters),
        )

    def _apply_step(self, step: UndoStep) -> UndoStep:
        """Bring notes and groups back to a step's state; returns the step that reverses it."""
        from kiosk.storage.queries import update_note

        inverse = UndoStep(
            step.action,
            tuple(
                (self._notes[n.id], True) if n.id in self._notes else (n, False)
                for n, _live in step.notes
            ),
            tuple(self._clusters[c.id] for c in step.clusters if c.id in self._clusters),
        )
        clusters = {c.id: c for c in step.clusters if c.id in self._clusters}
        boxes = [cluster_box(c) for c in {**self._clusters, **clusters}.values()]
        kept = [n for n in self._notes.values() if n.id not in {m.id for m, _l in step.notes}]
        layout = WallLayout(((n.x, n.y) for n in kept), columns=self._columns(), rects=boxes)
        live: dict[str, WallNote] = {}
        revived: list[str] = []
        gone: list[str] = []
        for note, alive in step.notes:
            if not alive:
                if note.id in self._notes:
                    gone.append(note.id)
                continue
            if note.cluster_id and note.cluster_id not in self._clusters:
                note = note._replace(cluster_id=None)
            if note.id not in self._notes:
                revived.append(note.id)
                if note.cluster_id is None and not layout.is_free(note.x, note.y):
                    x, y = layout.place()  # its spot was taken meanwhile
                    note = note._replace(x=x, y=y)
            layout.mark(note.x, note.y)
            live[note.id] = note
        with self.transaction() as session:
            for note_id in gone:
                update_note(session, self.station, note_id, self.now(), deleted=True)
            self._write_in(session, _Pending(notes={i: live[i] for i in revived}), undelete=True)
            self._write_in(
                session,
                _Pending(
                    notes={i: n for i, n in live.items() if i not in revived}, clusters=clusters
                ),
            )
        for note_id in gone:
            del self._notes[note_id]
        self._apply(_Pending(notes=live, clusters=clusters))
        if gone:
            self._notify(Change.NOTES_REMOVED, gone)
        if revived:
            self._notify(Change.NOTES_ADDED, revived)
        if clusters:
            self._notify(Change.CLUSTERS_CHANGED, clusters)
        changed = [i for i in live if i not in revived]
        if changed:
            self._notify(Change.NOTES_CHANGED, changed)
        return inverse

    def _push_undo(self, step: UndoStep) -> None:
        self._undo.append(step)
        del self._undo[:-UNDO_DEPTH]
        self._redo.clear()
        self._notify(Change.UNDO)

    # -- groups (clusters) --------------------------------------------------------------------

    def create_cluster(self, label: str, note_ids: Iterable[str] = ()) -> WallCluster:
        """A labelled group holding the given notes in a grid below its label, where the first
        of them was (notes it then covers move to free spots; their old groups shrink), or on
        the first free spot big enough if it would cover another group."""
        from kiosk.storage.queries import add_cluster

        chosen = reading_order(
            (n.id, n.x, n.y) for n in (self._notes[i] for i in note_ids if i in self._notes)
        )
        width, height = group_size(len(chosen))
        leaving = set(chosen)
        layout = WallLayout(
            ((n.x, n.y) for n in self._notes.values() if n.id not in leaving),
            columns=self._columns(),
            rects=[cluster_box(c) for c in self._clusters.values()],
        )
        x, y = layout.place_block(width, height)
        if chosen:
            first = self._notes[chosen[0]]
            here = (first.x - CLUSTER_PAD, first.y)
            frame = (*here, here[0] + width, here[1] + height)
            if not any(overlaps(frame, cluster_box(c)) for c in self._clusters.values()):
                x, y = here
        with self.transaction() as session:
            stored = add_cluster(
                session,
                self.station,
                label=label,
                x=x,
                y=y,
                width=width,
                height=height,
                now=self.now(),
            )
            cluster = WallCluster(stored.id, stored.label, x, y, width, height)
            self._clusters[cluster.id] = cluster  # so that the members' layout sees it
            touched = {cluster.id} | {self._notes[i].cluster_id for i in chosen} - {None}
            joined = {
                i: self._notes[i]._replace(x=sx, y=sy, cluster_id=cluster.id)
                for i, (sx, sy) in zip(chosen, member_spots(x, y, len(chosen)), strict=True)
            }
            notes, clusters = self._regroup(joined, touched)
            try:
                self._write_in(session, _Pending(notes=notes, clusters=clusters))
            except BaseException:
                del self._clusters[cluster.id]
                raise
        self._apply(_Pending(notes=notes, clusters=clusters))
        self._notify(
            Change.CLUSTERS_CHANGED, [cluster.id, *(c for c in clusters if c != cluster.id)]
        )
        if notes:
            self._notify(Change.NOTES_CHANGED, notes)
        return self._clusters[cluster.id]

    def rename_cluster(self, cluster_id: str, label: str) -> WallCluster:
        old = self._clusters[cluster_id]
        if label.strip() != old.label:
            self._write(clusters={cluster_id: old._replace(label=label)})
            self._notify(Change.CLUSTERS_CHANGED, [cluster_id])
        return self._clusters[cluster_id]

    def move_cluster(self, cluster_id: str, x: float, y: float) -> None:
        """Drag a group: its notes move with it (on top of others only if dragged there)."""
        old = self._clusters[cluster_id]
        dx, dy = x - old.x, y - old.y
        if not (dx or dy):
            return
        moved = {n.id: n._replace(x=n.x + dx, y=n.y + dy) for n in self.members(cluster_id)}
        step = self._step("move", moved, [cluster_id])
        self._write(notes=moved, clusters={cluster_id: old._replace(x=x, y=y)})
        self._push_undo(step)
        self._notify(Change.CLUSTERS_CHANGED, [cluster_id])
        if moved:
            self._notify(Change.NOTES_CHANGED, moved)

    def put_in_cluster(self, note_ids: Iterable[str], cluster_id: str) -> None:
        """Notes join a group after its other notes; the group grows below its label, and
        whatever the bigger frame would cover moves out of its way."""
        cluster = self._clusters[cluster_id]
        count = len(self.members(cluster_id))
        joining = [
            i for i in note_ids if i in self._notes and self._notes[i].cluster_id != cluster_id
        ]
        if not joining:
            return
        spots = member_spots(cluster.x, cluster.y, count + len(joining))[count:]
        updated = {
            i: self._notes[i]._replace(x=x, y=y, cluster_id=cluster_id)
            for i, (x, y) in zip(joining, spots, strict=True)
        }
        touched = {cluster_id} | {self._notes[i].cluster_id for i in joining} - {None}
        self._change("move", updated, touched)

    def take_out_of_cluster(self, note_ids: Iterable[str]) -> None:
        """Notes leave their group (which shrinks) for free spots outside every group."""
        leaving = [i for i in note_ids if i in self._notes and self._notes[i].cluster_id]
        if not leaving:
            return
        touched = {self._notes[i].cluster_id for i in leaving} - {None}
        far = 1e9  # out of every frame until they are placed
        updated = {i: self._notes[i]._replace(x=far, y=far, cluster_id=None) for i in leaving}
        self._change("move", updated, touched, place=leaving)

    def tidy_up(self) -> None:
        """Lay the whole wall out again: groups first, then the notes outside them, in rows as
        wide as the screen suits. Ctrl+Z puts everything back."""
        groups = sorted(self._clusters.values(), key=lambda c: (c.y, c.x, c.id))
        plan = tidy(
            [(c.id, reading_order((n.id, n.x, n.y) for n in self.members(c.id))) for c in groups],
            reading_order((n.id, n.x, n.y) for n in self._notes.values() if n.cluster_id is None),
            self.aspect,
        )
        notes = {
            i: self._notes[i]._replace(x=x, y=y)
            for i, (x, y) in plan.notes.items()
            if (self._notes[i].x, self._notes[i].y) != (x, y)
        }
        clusters = {
            g.id: self._clusters[g.id]._replace(x=g.x, y=g.y, width=g.width, height=g.height)
            for g in plan.groups.values()
        }
        clusters = {i: c for i, c in clusters.items() if c != self._clusters[i]}
        if not notes and not clusters:
            return
        step = self._step("tidy", notes, clusters)
        self._write(notes=notes, clusters=clusters)
        self._push_undo(step)
        if clusters:
            self._notify(Change.CLUSTERS_CHANGED, clusters)
        if notes:
            self._notify(Change.NOTES_CHANGED, notes)

    def _change(
        self,
        action: str,
        updated: dict[str, WallNote],
        touched: Iterable[str],
        place: Iterable[str] = (),
    ) -> None:
        """Write notes that joined or left groups, the groups laid out again, and (`place`)
        notes that need a free spot; one undo step."""
        notes, clusters = self._regroup(updated, touched, place)
        step = self._step(action, notes, clusters)
        self._write(notes=notes, clusters=clusters)
        self._push_undo(step)
        if clusters:
            self._notify(Change.CLUSTERS_CHANGED, clusters)
        self._notify(Change.NOTES_CHANGED, notes)

    def _regroup(
        self,
        updated: dict[str, WallNote],
        touched: Iterable[str],
        place: Iterable[str] = (),
    ) -> tuple[dict[str, WallNote], dict[str, WallCluster]]:
        """With notes changed as given, lay out each touched group again: its frame holds
        exactly its notes below its label, at its place (or, if it grew into another group, at
        the first free spot big enough). Notes outside groups that a frame now covers, and the
        notes in `place`, go to free cells. Returns every note and group to write."""
        touched = list(dict.fromkeys(touched))
        notes = {**self._notes, **updated}
        clusters = dict(self._clusters)
        out_notes = dict(updated)
        out_clusters: dict[str, WallCluster] = {}
        for cluster_id in touched:
            cluster = clusters.get(cluster_id)
            if cluster is None:
                continue
            members = reading_order(
                (n.id, n.x, n.y) for n in notes.values() if n.cluster_id == cluster_id
            )
            width, height = group_size(len(members))
            x, y = cluster.x, cluster.y
            others = [cluster_box(c) for c in clusters.values() if c.id != cluster_id]
            if any(overlaps((x, y, x + width, y + height), box) for box in others):
                x, y = WallLayout(columns=self._columns(), rects=others).place_block(width, height)
            resized = cluster._replace(x=x, y=y, width=width, height=height)
            clusters[cluster_id] = resized
            if resized != self._clusters.get(cluster_id):
                out_clusters[cluster_id] = resized
            for note_id, (sx, sy) in zip(members, member_spots(x, y, len(members)), strict=True):
                note = notes[note_id]._replace(x=sx, y=sy)
                notes[note_id] = out_notes[note_id] = note
        boxes = [cluster_box(clusters[c]) for c in touched if c in clusters]
        homeless = set(place) | {
            n.id
            for n in notes.values()
            if n.cluster_id is None and any(overlaps(note_box(n), box) for box in boxes)
        }
        if homeless:
            layout = WallLayout(
                ((n.x, n.y) for n in notes.values() if n.id not in homeless),
                columns=self._columns(),
                rects=[cluster_box(c) for c in clusters.values()],
            )
            for note_id in reading_order((i, notes[i].x, notes[i].y) for i in homeless):
                x, y = layout.place()
                notes[note_id] = out_notes[note_id] = notes[note_id]._replace(x=x, y=y)
        out_notes = {i: n for i, n in out_notes.items() if n != self._notes.get(i)}
        return out_notes, out_clusters

    def dissolve_cluster(self, cluster_id: str) -> None:
        """Remove a group; its notes stay where they are, outside any group."""
        from kiosk.storage.queries import update_cluster

        members = {n.id: n._replace(cluster_id=None) for n in self.members(cluster_id)}
        with self.transaction() as session:
            update_cluster(session, self.station, cluster_id, self.now(), deleted=True)
            self._write_in(session, _Pending(notes=members))
        self._apply(_Pending(notes=members, removed_clusters=[cluster_id]))
        self._notify(Change.CLUSTERS_REMOVED, [cluster_id])
        if members:
            self._notify(Change.NOTES_CHANGED, members)

    # -- rounds, filter, tallies --------------------------------------------------------------

    def set_round(self, number: int) -> None:
        """The round new notes and tallies belong to (the timer's round)."""
        from kiosk.storage.queries import set_setting

        if number not in self.setup.round_numbers():
            raise KioskError(f"round {number}: not a round of the plan")
        if number == self.current_round:
            return
        with self.transaction() as session:
            set_setting(session, ROUND_KEY, {"number": number})
        self.current_round = number
        self._notify(Change.ROUND)

    def set_filter(self, round_number: int | None) -> None:
        """Show the notes of one round only, or of all rounds (None)."""
        if round_number is not None and round_number not in self.setup.round_numbers():
            raise KioskError(f"round {round_number}: not a round of the plan")
        if round_number != self.round_filter:
            self.round_filter = round_number
            self._notify(Change.FILTER)

    def bump_tally(self, role: str, delta: int) -> int:
        """The host taps a participant counter of a role for the current round."""
        from kiosk.storage.queries import bump_tally

        canonical = self.setup.canonical_role(role)
        if canonical is None:
            raise KioskError(f"tally: role {role!r} is not a role of the plan")
        key = (self.current_round, canonical)
        if delta < 0 and self._tallies.get(key, 0) == 0:
            return 0
        with self.transaction() as session:
            count = bump_tally(
                session, self.station, self.current_round, canonical, delta, self.now()
            ).count
        self._tallies[key] = count
        self._notify(Change.TALLY, [canonical])
        return count

    # -- draft --------------------------------------------------------------------------------

    @property
    def draft(self) -> Draft:
        return self._draft

    def set_draft(self, draft: Draft) -> None:
        """Remember what is being typed; `flush_draft` (debounced by the UI) writes it."""
        self._draft = draft

    @property
    def draft_pending(self) -> bool:
        return self._draft != self._saved_draft

    def flush_draft(self) -> bool:
        """Write the draft if it changed since it was last written; True if written."""
        from kiosk.storage.queries import set_setting

        if not self.draft_pending:
            return False
        draft = self._draft
        with self.transaction() as session:
            set_setting(session, DRAFT_KEY, draft.as_setting())
        self._saved_draft = draft
        return True

    # -- the round timer's state ---------------------------------------------------------------

    @property
    def timer_state(self) -> dict[str, Any] | None:
        """What the round timer last saved (read at launch with the snapshot)."""
        from kiosk.storage.timer_state import TIMER

        value = self._settings.get(TIMER)
        return dict(value) if isinstance(value, dict) else None

    def save_timer_state(self, state: dict[str, Any]) -> None:
        """Keep the timer's state after each command, so a restart resumes the round."""
        from kiosk.storage.timer_state import TIMER, save_timer_state

        with self.transaction() as session:
            save_timer_state(session, state)
        self._settings[TIMER] = dict(state)

    # -- settings and the host PIN ------------------------------------------------------------

    def set_language(self, language: str) -> None:
        from kiosk.storage.queries import set_setting

        with self.transaction() as session:
            set_setting(session, LANGUAGE_KEY, {"language": language})
        self._settings[LANGUAGE_KEY] = {"language": language}

    @property
    def has_pin(self) -> bool:
        return bool(self._settings.get(PIN_KEY))

    def set_pin(self, pin: str) -> None:
        from kiosk.storage.queries import set_setting
        from kiosk.table.host_pin import pin_record

        record = pin_record(pin)
        with self.transaction() as session:
            set_setting(session, PIN_KEY, record)
        self._settings[PIN_KEY] = record

    def check_pin(self, pin: str) -> PinCheck:
        """Check the host PIN; wrong attempts are stored, so a restart does not end the wait."""
        from kiosk.storage.queries import get_setting, set_setting
        from kiosk.table.host_pin import check_pin

        with self.transaction() as session:
            record = get_setting(session, PIN_KEY)
            if record is None:
                raise KioskError("no host PIN set for this table")
            verdict, updated = check_pin(record, pin, self.now().timestamp())
            if updated != record:
                set_setting(session, PIN_KEY, updated)
        self._settings[PIN_KEY] = updated
        if not verdict.ok:
            log.info("wrong host PIN (%d in a row)", verdict.failures)
        return verdict

    def pin_wait(self) -> float:
        """Seconds before the next PIN attempt is heard (0 when none)."""
        from kiosk.table.host_pin import remaining_wait

        record = self._settings.get(PIN_KEY)
        return remaining_wait(record, self.now().timestamp()) if record else 0.0

    def release_refusal(self) -> str | None:
        """Why this laptop cannot switch tables now (it holds notes of this one), or None."""
        from kiosk.storage.queries import note_count

        with self.transaction() as session:
            count = note_count(session, self.station.event_id, self.station.table_number)
        if not count:
            return None
        return _(
            "Table {number} already has notes on this laptop. Export them to USB "
            "first; another table needs its own laptop or store."
        ).format(number=self.station.table_number)

    def release_table(self, extra_keys: tuple[str, ...] = ()) -> None:
        """Unbind this store from its table so another can be set up; only while it holds no
        notes at all, so nothing of the day is left behind under a table nobody exports.
        extra_keys: other per-table settings to drop (the round timer's)."""
        from kiosk.storage.queries import release_station
        from kiosk.storage.timer_state import TIMER

        refusal = self.release_refusal()
        if refusal:
            raise KioskError(refusal)
        with self.transaction() as session:
            release_station(session, TABLE_KEYS + (TIMER,) + extra_keys)
        self.close()

    def wipe_refusal(self) -> str | None:
        """Why no receipt could let this laptop be wiped now (`refusal_before_receipt`), or None."""
        from kiosk.table.wipe import refusal_before_receipt

        self.flush_draft()
        with self.transaction() as session:
            return refusal_before_receipt(session)

    def check_wipe(self, receipt_file: Path) -> None:
        """Raise KioskError (with a `reason` for the host) unless this receipt may wipe now."""
        from kiosk.exchange.receipts import read_receipt
        from kiosk.table.wipe import check_receipt

        receipt = read_receipt(receipt_file)
        self.flush_draft()
        with self.transaction() as session:
            check_receipt(session, receipt, receipt_file.name)

    def wipe(self, receipt_file: Path) -> None:
        """Remove the table's data for good, once the organiser's receipt shows they have it.

        Refused (KioskError, store untouched) unless the receipt matches this laptop's last
        export and nothing changed after it. The wall is closed afterwards.
        """
        from kiosk.exchange.receipts import read_receipt
        from kiosk.table.wipe import wipe_store

        receipt = read_receipt(receipt_file)
        self.flush_draft()
        wipe_store(self.store(), receipt, str(receipt_file))
        log.info("wiped the store after receipt for export %s", receipt.export_id)
        self._store = None

    # -- writing ------------------------------------------------------------------------------

    def _write_notes(self, notes: dict[str, WallNote], undelete: bool = False) -> None:
        self._write(notes=notes, undelete=undelete)

    def _write(
        self,
        notes: dict[str, WallNote] | None = None,
        clusters: dict[str, WallCluster] | None = None,
        undelete: bool = False,
    ) -> None:
        """One transaction writing new versions of notes and clusters, then memory."""
        pending = _Pending(notes=notes or {}, clusters=clusters or {})
        with self.transaction() as session:
            self._write_in(session, pending, undelete=undelete)
        self._apply(pending)

    def _write_in(self, session: Session, pending: _Pending, undelete: bool = False) -> None:

        from kiosk.storage.queries import place_notes, update_cluster, update_note

        now = self.now()
        places: dict[str, tuple[float, float, str | None]] = {}
        for note in pending.notes.values():
            old = self._notes.get(note.id)
            changes = {
                name: getattr(note, name)
                for name in (
                    "text",
                    "kind",
                    "role",
                    "starred",
                    "votes",
                    "x",
                    "y",
                    "cluster_id",
                )
                if old is None or getattr(old, name) != getattr(note, name)
            }
            if undelete:
                changes["deleted"] = False
            if changes and set(changes) <= {"x", "y", "cluster_id"}:
                places[note.id] = (note.x, note.y, note.cluster_id)  # moved: written together
            elif changes:
                update_note(session, self.station, note.id, now, **changes)
        for cluster in pending.clusters.values():
            old_cluster = self._clusters.get(cluster.id)
            if old_cluster is None:
                continue  # added by the caller in this transaction
            cluster_changes = {
                name: getattr(cluster, name)
                for name in ("label", "x", "y", "width", "height")
                if getattr(old_cluster, name) != getattr(cluster, name)
            }
            if cluster_changes:
                update_cluster(session, self.station, cluster.id, now, **cluster_changes)
        session.flush()
        place_notes(session, self.station, now, places)

    def _apply(self, pending: _Pending) -> None:
        self._notes.update(pending.notes)
        self._clusters.update(pending.clusters)
        for cluster_id in pending.removed_clusters:
            self._clusters.pop(cluster_id, None)
        self._free = None

    # -- free spots ---------------------------------------------------------------------------

    def _columns(self) -> int:
        """Columns new notes fill: as many as suit the screen for the wall one note larger."""
        counts = Counter(n.cluster_id for n in self._notes.values() if n.cluster_id)
        labels = sum(group_shape(counts[c])[0] for c in self._clusters)  # label bands
        return columns_for(len(self._notes) + 1 + labels, self.aspect)

    def _layout(self) -> WallLayout:
        """The free cells for new notes, worked out when first needed after a change."""
        if self._free is None:
            self._free = self._fresh_layout()
        return self._free

    def _fresh_layout(self) -> WallLayout:
        return WallLayout(
            ((n.x, n.y) for n in self._notes.values()),
            columns=self._columns(),
            rects=[cluster_box(c) for c in self._clusters.values()],
        )


_NOTE_FIELDS = ("text", "kind", "role", "starred", "votes", "x", "y", "cluster_id")
