"""Merging exports into an empty archive: kiosk's merge against bare sqlite3 (or psycopg) inserts.

20 export files of 2,500 notes each (20 tables of the demo event, two laptops' worth of device
ids), each signed by its table's laptop key. The kiosk side does the whole job per file: read it,
check its SHA-256, validate it (canonical form, times, roles, revisions), verify its Ed25519
signature, check the plan and the pinned laptop key, fetch the stored versions, upsert, record the
exchange, in one transaction. The bare side
inserts the same rows with `executemany` into a notes table with the same columns, primary key and
indexes, one transaction per file, with the same PRAGMAs. They alternate file by file in one
process, so disk and CPU drift hit both alike. Prints both times and the ratio (target <= 3x),
and what verifying one file's signature costs on its own.

`--archive postgresql://…` also runs it on that server: kiosk's merge into a new, empty archive
(a schema of its own, dropped after) against a bare psycopg script inserting the same rows with
`executemany` into a table with the same columns and indexes, one transaction per file. The
SQLite figure is printed beside it.

`--populated` measures merging one event into an empty archive against merging it into one that
already holds 200 other events of 500 notes each (100,000 notes), file by file in turns (target:
within 20%). What the filling merges left in an SQLite archive's WAL is checkpointed before,
and what the event's merges left is checkpointed at the end and counted.
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
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core.signing import new_private_key, public_text, sign, verify  # noqa: E402
from kiosk.exchange.format import (  # noqa: E402
    ExportDoc,
    ExportNote,
    encode_export,
    frame,
)
from kiosk.exchange.merge import merge_file  # noqa: E402
from kiosk.plan.model import load_plan  # noqa: E402
from kiosk.storage.models import UTCDateTime  # noqa: E402
from kiosk.storage.server import parse_url  # noqa: E402
from kiosk.storage.store import PRAGMAS, Store, open_store  # noqa: E402

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


def make_exports(
    folder: Path, files: int, notes: int, seed: int, event_id: str | None = None
) -> list[tuple[Path, list]]:
    """Write the export files; return each with the rows the bare side will insert."""
    rng = random.Random(seed)
    plan = load_plan(DEMO)
    if event_id is not None:
        plan = plan.model_copy(update={"event": plan.event.model_copy(update={"id": event_id})})
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
        path = folder / f"{event_id or 'export'}-{index:02d}.kiosk"
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


# -- PostgreSQL ---------------------------------------------------------------------------------

PG_NOTES = (
    "CREATE TABLE notes (id VARCHAR(36) PRIMARY KEY, event_id VARCHAR(80), table_number INT, "
    "round_number INT, kind VARCHAR(40), role VARCHAR(500), text TEXT, starred BOOLEAN, "
    "votes INT, x FLOAT, y FLOAT, cluster_id VARCHAR(36), deleted BOOLEAN, hidden BOOLEAN, "
    "created_at VARCHAR(27), updated_at VARCHAR(27), revision INT, device_id VARCHAR(64))"
)


class Schemas:
    """New, empty schemas on the server, each reached by its own URL; dropped at the end."""

    def __init__(self, url: str):
        import psycopg

        self.base = url
        self.libpq = (
            parse_url(url).url.set(drivername="postgresql").render_as_string(hide_password=False)
        )
        self.admin = psycopg.connect(self.libpq, autocommit=True)
        self.made: list[str] = []

    def new(self) -> tuple[str, str]:
        """(kiosk URL, libpq conninfo) of a new schema."""
        name = f"kiosk_bench_{uuid.uuid4().hex[:10]}"
        self.admin.execute(f"CREATE SCHEMA {name}")
        self.made.append(name)
        joiner = "&" if "?" in self.base else "?"
        option = f"options=-csearch_path%3D{name}"
        libpq_joiner = "&" if "?" in self.libpq else "?"
        return f"{self.base}{joiner}{option}", f"{self.libpq}{libpq_joiner}{option}"

    def close(self) -> None:
        for name in self.made:
            self.admin.execute(f"DROP SCHEMA {name} CASCADE")
        self.admin.close()


def pg_bare_setup(conninfo: str) -> Any:
    import psycopg

    conn = psycopg.connect(conninfo)
    conn.execute(PG_NOTES)
    conn.execute("CREATE INDEX ix_notes_event_id ON notes (event_id)")
    conn.execute("CREATE INDEX ix_notes_cluster_id ON notes (cluster_id)")
    conn.commit()
    return conn


def pg_bare_insert(conn: Any, rows: list) -> None:
    with conn.transaction(), conn.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO notes VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            rows,
        )


# -- runs ---------------------------------------------------------------------------------------


def count_notes(store: Store) -> int:
    with store.begin() as session:
        return session.connection().exec_driver_sql("SELECT count(*) FROM notes").scalar_one()


def merge_timed(store: Store, path: Path, expected: int) -> float:
    start = time.perf_counter()
    result = merge_file(store, path)
    took = time.perf_counter() - start
    if not result.accepted or result.new != expected:
        raise SystemExit(f"merge went wrong: {result.line()}")
    return took


def checkpoint_timed(store: Store) -> float:
    """Seconds to copy what is left in an SQLite store's WAL into its file (0 on a server)."""
    if store.engine.dialect.name != "sqlite":
        return 0.0
    start = time.perf_counter()
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").all()
    return time.perf_counter() - start


def against_bare(
    exports: list[tuple[Path, list]],
    store: Store,
    bare_insert_file: Callable[[list], None],
    bare_count: Callable[[], int],
) -> tuple[list[float], list[float]]:
    """Alternate file by file: the bare insert, then kiosk's merge; both lists of times."""
    bare_times: list[float] = []
    kiosk_times: list[float] = []
    for path, rows in exports:
        start = time.perf_counter()
        bare_insert_file(rows)
        bare_times.append(time.perf_counter() - start)
        kiosk_times.append(merge_timed(store, path, len(rows)))
    total = sum(len(rows) for _path, rows in exports)
    assert bare_count() == count_notes(store) == total
    return bare_times, kiosk_times


def report(
    name: str,
    bare_name: str,
    files: int,
    notes: int,
    bare_times: list[float],
    kiosk_times: list[float],
) -> None:
    bare, ours = sum(bare_times), sum(kiosk_times)
    ratios = [k / b for k, b in zip(kiosk_times, bare_times, strict=True)]
    print(f"{name}: exports merged: {files} files of {notes} notes ({files * notes} notes)")
    print(f"  {bare_name}: {bare:.3f} s ({bare / files * 1000:.1f} ms per file)")
    print(f"  kiosk merge:  {ours:.3f} s ({ours / files * 1000:.1f} ms per file)")
    print(
        f"  ratio kiosk/bare: {ours / bare:.2f}x (median file {statistics.median(ratios):.2f}x; "
        "target <= 3x)"
    )


def sqlite_run(folder: Path, exports: list[tuple[Path, list]], files: int, notes: int) -> None:
    conn = bare_setup(folder / "bare.sqlite")
    with open_store(folder / "archive.sqlite") as store:
        times = against_bare(
            exports,
            store,
            lambda rows: bare_insert(conn, rows),
            lambda: conn.execute("SELECT count(*) FROM notes").fetchone()[0],
        )
    conn.close()
    report("SQLite", "bare sqlite3", files, notes, *times)


def pg_run(schemas: Schemas, exports: list[tuple[Path, list]], files: int, notes: int) -> None:
    url, _libpq = schemas.new()
    _url, bare_libpq = schemas.new()
    conn = pg_bare_setup(bare_libpq)
    with open_store(url) as store:
        times = against_bare(
            exports,
            store,
            lambda rows: pg_bare_insert(conn, rows),
            lambda: conn.execute("SELECT count(*) FROM notes").fetchone()[0],
        )
    conn.close()
    report("PostgreSQL", "bare psycopg", files, notes, *times)


def populated_run(
    name: str, empty: Store, full: Store, folder: Path, args: argparse.Namespace
) -> None:
    """One event into an empty archive and into one holding 200 events, file by file in turns."""
    start = time.perf_counter()
    for number in range(200):
        for path, rows in make_exports(folder, 1, 500, 1000 + number, f"bench-{number:03d}"):
            merge_timed(full, path, len(rows))
            path.unlink()
    filled = time.perf_counter() - start
    held = count_notes(full)
    # What the filling merges left in the WAL is theirs, not the event's.
    checkpoint_timed(full)
    event = make_exports(folder, args.files, args.notes, args.seed + 1, "bench-event")
    into_empty: list[float] = []
    into_full: list[float] = []
    for path, rows in event:
        into_empty.append(merge_timed(empty, path, len(rows)))
        into_full.append(merge_timed(full, path, len(rows)))
    # Merges checkpoint an SQLite archive's WAL only now and then: what they left is counted.
    into_empty.append(checkpoint_timed(empty))
    into_full.append(checkpoint_timed(full))
    a, b = sum(into_empty), sum(into_full)
    print(f"{name}: one event of {args.files} files of {args.notes} notes")
    print(f"  into an empty archive:            {a:.3f} s")
    print(f"  into one holding 200 events ({held} notes, filled in {filled:.0f} s): {b:.3f} s")
    print(f"  ratio: {b / a:.2f}x (target <= 1.2x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--notes", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--archive", default=None, metavar="URL", help="also run on this postgresql:// server"
    )
    parser.add_argument(
        "--populated", action="store_true", help="an archive of 200 events against an empty one"
    )
    args = parser.parse_args()

    schemas = Schemas(args.archive) if args.archive else None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            exports = make_exports(folder, args.files, args.notes, args.seed)
            if args.populated:
                with (
                    open_store(folder / "empty.sqlite") as empty,
                    open_store(folder / "full.sqlite") as full,
                ):
                    populated_run("SQLite", empty, full, folder, args)
                if schemas is not None:
                    with (
                        open_store(schemas.new()[0]) as empty,
                        open_store(schemas.new()[0]) as full,
                    ):
                        populated_run("PostgreSQL", empty, full, folder, args)
                return
            sqlite_run(folder, exports, args.files, args.notes)
            print(
                f"signature check: {signature_cost([p for p, _rows in exports]):.3f} ms per file "
                "(Ed25519 over the content's SHA-256)"
            )
            if schemas is not None:
                pg_run(schemas, exports, args.files, args.notes)
    finally:
        if schemas is not None:
            schemas.close()


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
