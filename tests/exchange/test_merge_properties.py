"""Property tests: any exports, duplicated and reordered, merge to the same archive; later wins."""

from __future__ import annotations

import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.clock import FakeClock
from kiosk.exchange.format import ExportDoc, ExportNote, encode_export, frame, read_export_file
from kiosk.exchange.merge import merge_paths
from kiosk.plan.model import Plan, load_plan
from kiosk.storage.store import open_store
from tests.conftest import DEMO_PLAN
from tests.exchange.helpers import dump, make_laptop

PLAN: Plan = load_plan(DEMO_PLAN)

operation = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 1), st.text(min_size=1, max_size=20)),
    st.tuples(st.just("edit"), st.integers(0, 1), st.integers(0, 50), st.text(min_size=1)),
    st.tuples(st.just("star"), st.integers(0, 1), st.integers(0, 50), st.booleans()),
    st.tuples(st.just("delete"), st.integers(0, 1), st.integers(0, 50)),
    st.tuples(st.just("export"), st.integers(0, 1)),
)


def merged_dump(folder: Path, name: str, files: list[Path]):
    archive = folder / f"{name}.sqlite"
    with open_store(archive) as store:
        results = merge_paths(store, files, accept_laptop=True)
    assert all(r.accepted for r in results), [r.line() for r in results]
    return dump(archive)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(operations=st.lists(operation, min_size=1, max_size=14), data=st.data())
def test_exports_of_two_laptops_merge_the_same_in_any_order(operations, data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clock = FakeClock()
        laptops = [make_laptop(folder / f"laptop{i}.sqlite", PLAN, 1, clock) for i in range(2)]
        exports: list[Path] = []
        last_export: dict[int, Path] = {}
        for op in operations:
            laptop = laptops[op[1]]
            if op[0] == "add":
                laptop.add(op[2] if op[2].strip() else "leeg")
            elif op[0] == "export":
                path = laptop.export(folder / "stick").path
                exports.append(path)
                last_export[op[1]] = path
            elif laptop.notes:
                note = laptop.notes[op[2] % len(laptop.notes)]
                if op[0] == "edit" and op[3].strip():
                    laptop.edit(note, text=op[3])
                elif op[0] == "star":
                    laptop.edit(note, starred=op[3])
                elif op[0] == "delete":
                    laptop.edit(note, deleted=True)
        for laptop in laptops:
            laptop.store.close()
        if not exports:
            return

        in_order = merged_dump(folder, "in-order", exports)
        shuffled = data.draw(st.permutations(exports), label="order")
        repeats = data.draw(st.lists(st.sampled_from(exports), max_size=4), label="repeats")
        mixed = list(shuffled)
        for position, repeat in enumerate(repeats):
            mixed.insert(position * 2 % (len(mixed) + 1), repeat)
        assert merged_dump(folder, "mixed", mixed) == in_order

        # Later edits and deletes win: the archive holds each laptop's last export, note by note.
        expected = set()
        for path in last_export.values():
            for note in read_export_file(path).doc.notes:
                expected.add((str(note.id), note.text, note.starred, note.deleted, note.revision))
        columns = ("id", "text", "starred", "deleted", "revision")
        notes = in_order["notes"]
        names = ["id", "event_id", "table_number", "round_number", "kind", "role", "text"]
        names += ["starred", "votes", "x", "y", "cluster_id", "deleted", "hidden", "created_at"]
        names += ["updated_at", "revision", "device_id"]
        index = [names.index(c) for c in columns]
        got = {tuple(bool(row[i]) if names[i] in ("starred", "deleted") else row[i] for i in index)
               for row in notes}  # fmt: skip
        assert got == expected


NOTE_IDS = [uuid.UUID(int=i + 1, version=4) for i in range(4)]
DEVICES = ["laptopa", "laptopb"]
START = datetime(2022, 3, 31, 9, 0, tzinfo=UTC)

version = st.builds(
    lambda note, revision, minute, device, text, deleted: ExportNote(
        id=NOTE_IDS[note],
        round_number=1,
        kind="insight",
        role=None,
        text=text,
        starred=False,
        votes=0,
        x=0.0,
        y=0.0,
        cluster_id=None,
        deleted=deleted,
        created_at=START,
        updated_at=START + timedelta(minutes=minute),
        revision=revision,
        device_id=DEVICES[device],
    ),
    st.integers(0, len(NOTE_IDS) - 1),
    st.integers(1, 3),
    st.integers(0, 2),
    st.integers(0, 1),
    st.text(min_size=1, max_size=5).filter(str.strip),
    st.booleans(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    files=st.lists(st.lists(version, max_size=6, unique_by=lambda n: n.id), min_size=1, max_size=5),
    data=st.data(),
)
def test_the_largest_version_wins_whatever_the_order(files, data):
    """Versions of the same notes from two devices, with ties on revision and time."""
    plan = PLAN.model_dump(mode="json", exclude_none=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for index, notes in enumerate(files):
            doc = ExportDoc(
                format="kiosk-export/1",
                export_id=uuid.UUID(int=1000 + index, version=4),
                exported_at=START + timedelta(hours=1, minutes=index),
                app_version="test",
                device_id=DEVICES[index % 2],
                event_id=PLAN.event_id,
                table_number=1,
                plan=plan,
                timer=None,
                notes=notes,
                clusters=[],
                tallies=[],
            )
            path = folder / f"f{index}.kiosk"
            path.write_bytes(frame(encode_export(doc)))
            paths.append(path)

        in_order = merged_dump(folder, "a", paths)
        order = data.draw(st.permutations(paths))
        assert merged_dump(folder, "b", [*order, *order[:2]]) == in_order

        # The largest (revision, updated_at, device_id) wins; equal versions with different
        # content (only a copied store or a forged file makes those) still agree across orders.
        best: dict[uuid.UUID, tuple] = {}
        for notes in files:
            for note in notes:
                key = (note.revision, note.updated_at, note.device_id)
                if note.id not in best or key > best[note.id][0]:
                    best[note.id] = (key, {note.text})
                elif key == best[note.id][0]:
                    best[note.id][1].add(note.text)
        merged = {uuid.UUID(row[0]): row[6] for row in in_order["notes"]}
        assert merged.keys() == best.keys()
        for note_id, (_, texts) in best.items():
            assert merged[note_id] in texts
