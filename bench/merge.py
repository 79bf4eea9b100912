"""Merging exports into an empty archive: kiosk's merge against bare sqlite3 inserts.

20 export files of 2,500 notes each (20 tables of the demo event, two laptops' worth of device
ids), each signed by its table's laptop key. The kiosk side does the whole job per file: read it,
check its SHA-256, validate it (canonical form, times, roles, revisions), verify its Ed25519
signature, check the plan and the pinned laptop key, fetch the stored versions, upsert, record the
exchange, in one transaction. The bare side
inserts the same rows with `executemany` into a notes table with the same columns, primary key and
indexes, one transaction per file, with the same PRAGMAs. They alternate file by file in one
process, so disk and CPU drift hit both alike. Prints both times and the ratio (target <= 3x),
and what verifying one file's signature costs on its own.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.exchange.format import (  # noqa: E402
    ExportDoc,
    ExportNote,
    encode_export,
    frame,
)
from kiosk.exchange.merge import merge_file  # noqa: E402
from kiosk.plan import load_plan  # noqa: E402
from kiosk.signing import new_private_key, public_text, sign, verify  # noqa: E402
from kiosk.storage.models import UTCDateTime  # noqa: E402
from kiosk.storage.store import PRAGMAS, open_store  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "kiosk" / "resources" / "demo" / "plan.json"
WORDS = (
    "ouders",
    "school",
    "jongeren",
    "zorg",
    "aanbod",
    "passend",
    "onderwijs",
    "samen",
    "kansen",
    "thuis",
    "wachtlijst",
    "mentor",
    "klas",
    "gesprek",
    "steun",
    "begeleiding",
    "vertrouwen",
    "luisteren",
    "plek",
    "talent",
)
_stamp = UTCDateTime().process_bind_param


def make_exports(folder: Path, files: int, notes: int, seed: int) -> list[tuple[Path, list]]:
    """Write the export files; return each with the rows the bare side will insert."""
    rng = random.Random(seed)
    plan = load_plan(DEMO)
    plan_data = plan.model_dump(mode="json", exclude_none=True)
    tables = [t.number for t in plan.tables]
    start = datetime(2022, 3, 31, 9, 0, tzinfo=UTC)
    keys = {table: new_private_key() for table in tables}
    made = []
    for index in range(files):
        table = tables[index % len(tables)]
        device = uuid.UUID(int=rng.getrandbits(128)).hex
        records = []
        for i in range(notes):
            moment = start + timedelta(seconds=i)
            records.append(
                ExportNote(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    round_number=1 + i % len(plan.rounds),
                    kind=plan.kinds[i % len(plan.kinds)].key,
                    role=plan.roles[i % len(plan.roles)],
                    text=" ".join(rng.choices(WORDS, k=rng.randint(5, 30))),
                    starred=i % 7 == 0,
                    votes=i % 4,
                    x=float(i % 6 * 264),
                    y=float(i // 6 * 194),
                    cluster_id=None,
                    deleted=i % 50 == 0,
                    created_at=moment,
                    updated_at=moment,
                    revision=1,
                    device_id=device,
                )
            )
        doc = ExportDoc(
            format="kiosk-export/1",
            export_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            exported_at=start + timedelta(hours=8, seconds=index),
            app_version="bench",
            device_id=device,
            event_id=plan.event_id,
            table_number=table,
            plan=plan_data,
            timer=None,
            notes=records,
            clusters=[],
            tallies=[],
            laptop_key=public_text(keys[table]),
            # A laptop's later export has made more changes than its earlier one.
            changes=notes * (index // len(tables) + 1),
        )
        path = folder / f"export-{index:02d}.kiosk"
        path.write_bytes(frame(encode_export(doc), sign=lambda d, key=keys[table]: sign(key, d)))
        rows = [
            (
                str(n.id),
                doc.event_id,
                table,
                n.round_number,
                n.kind,
                n.role,
                n.text,
                n.starred,
                n.votes,
                n.x,
                n.y,
                None,
                n.deleted,
                False,
                _stamp(n.created_at, None),
                _stamp(n.updated_at, None),
                n.revision,
                n.device_id,
            )
            for n in records
        ]
        made.append((path, rows))
    return made


def bare_setup(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    conn.execute(
        "CREATE TABLE notes (id VARCHAR(36) PRIMARY KEY, event_id VARCHAR(80), table_number INT, "
        "round_number INT, kind VARCHAR(40), role VARCHAR(500), text TEXT, starred BOOLEAN, "
        "votes INT, x FLOAT, y FLOAT, cluster_id VARCHAR(36), deleted BOOLEAN, hidden BOOLEAN, "
        "created_at VARCHAR(27), updated_at VARCHAR(27), revision INT, device_id VARCHAR(64))"
    )
    conn.execute("CREATE INDEX ix_notes_event_id ON notes (event_id)")
    conn.execute("CREATE INDEX ix_notes_cluster_id ON notes (cluster_id)")
    return conn


def bare_insert(conn: sqlite3.Connection, rows: list) -> None:
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.execute("COMMIT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--notes", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        exports = make_exports(folder, args.files, args.notes, args.seed)
        exports_kept = [(p.with_name(p.name + ".copy"), rows) for p, rows in exports]
        for (path, _rows), (copy, _same) in zip(exports, exports_kept, strict=True):
            copy.write_bytes(path.read_bytes())
        conn = bare_setup(folder / "bare.sqlite")
        store = open_store(folder / "archive.sqlite")
        bare_times: list[float] = []
        kiosk_times: list[float] = []
        for path, rows in exports:
            start = time.perf_counter()
            bare_insert(conn, rows)
            bare_times.append(time.perf_counter() - start)

            start = time.perf_counter()
            result = merge_file(store, path)
            kiosk_times.append(time.perf_counter() - start)
            if not result.accepted or result.new != len(rows):
                raise SystemExit(f"merge went wrong: {result.line()}")
        (bare_count,) = conn.execute("SELECT count(*) FROM notes").fetchone()
        conn.close()
        with store.begin() as session:
            kiosk_count = session.connection().exec_driver_sql("SELECT count(*) FROM notes")
            kiosk_count = kiosk_count.scalar_one()
        store.close()
        signature_ms = signature_cost([path for path, _rows in exports_kept])

    assert bare_count == kiosk_count == args.files * args.notes
    bare, ours = sum(bare_times), sum(kiosk_times)
    ratios = [k / b for k, b in zip(kiosk_times, bare_times, strict=True)]
    print(f"exports merged: {args.files} files of {args.notes} notes ({bare_count} notes)")
    print(f"bare sqlite3: {bare:.3f} s ({bare / args.files * 1000:.1f} ms per file)")
    print(f"kiosk merge:  {ours:.3f} s ({ours / args.files * 1000:.1f} ms per file)")
    print(
        f"ratio kiosk/bare: {ours / bare:.2f}x (median file {statistics.median(ratios):.2f}x; "
        "target <= 3x)"
    )
    print(f"signature check: {signature_ms:.3f} ms per file (Ed25519 over the content's SHA-256)")


def signature_cost(paths: list[Path]) -> float:
    """Milliseconds to verify one file's signature: the header's over its content's SHA-256
    (the SHA-256 itself is computed for the framing check in any case)."""
    import msgspec

    checks = []
    for path in paths:
        header, body = path.read_bytes().split(b"\n", 1)
        signature = header.split(b" signature=")[1].decode()
        key = msgspec.json.decode(body)["laptop_key"]
        checks.append((key, signature, hashlib.sha256(body).digest()))
    start = time.perf_counter()
    rounds = 50
    for _ in range(rounds):
        for key, signature, digest in checks:
            assert verify(key, signature, digest)
    return (time.perf_counter() - start) / (rounds * len(checks)) * 1000


if __name__ == "__main__":
    main()
