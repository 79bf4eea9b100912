"""`make demo`: the whole pipeline run headless on the bundled demo event, output in demo/.

Each table laptop is a store in a temporary folder: `kiosk table setup`, `kiosk notes import`,
the host's wall work, `kiosk export` to a folder standing in for the USB stick. Then, as the
organiser: `kiosk merge` into `demo/archive.sqlite`, the organiser's texts as the console would
write them (`texts.json`: an introduction, a synthesis per table, a closing), then `kiosk report`
(per theme, per table, short, and the Word copy), `kiosk handouts`, `kiosk cards` and `kiosk csv`
(CSV and xlsx). Every printing step goes through the command line, as a script would.

The demo notes are one CSV per table (`resources/demo/notes/table-N.csv`, the notes CSV format
with its optional columns: `cluster`, the group the host made on the wall, and `votes`, the dots
the table gave; `kiosk notes import` makes the groups). `tallies.json` holds the participants a
host counted per round and role.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from kiosk import cli
from kiosk.core import resources
from kiosk.core.clock import utcnow
from kiosk.core.errors import KioskError
from kiosk.plan.model import load_plan
from kiosk.storage.models import Tally
from kiosk.storage.queries import Station, require_station
from kiosk.storage.store import open_store
from kiosk.storage.texts import CLOSING, INTRO, TextKey, save_text


def demo_file(*parts: str) -> Path:
    """A file of the bundled demo event (`plan.json`, `notes/table-1.csv`, `tallies.json`)."""
    return resources.path("demo", *parts)


def count_participants(session: Session, at: Station, counts: dict[str, dict[str, int]]) -> None:
    now = utcnow()
    for round_number, roles in counts.items():
        for role, count in roles.items():
            session.add(
                Tally(
                    event_id=at.event_id,
                    table_number=at.table_number,
                    round_number=int(round_number),
                    role=role,
                    count=count,
                    updated_at=now,
                    device_id=at.device_id,
                )
            )


def write_texts(archive: Path, event_id: str) -> None:
    """What the organiser writes in the console's Texts tab after the merge."""
    texts = json.loads(demo_file("texts.json").read_text(encoding="utf-8"))
    now = utcnow()
    with open_store(archive, create=False) as store, store.begin() as session:
        save_text(session, event_id, TextKey(INTRO), texts["introduction"], now)
        for table, text in texts["tables"].items():
            save_text(session, event_id, TextKey.table(int(table)), text, now)
        save_text(session, event_id, TextKey(CLOSING), texts["closing"], now)


def kiosk(*args: str | Path) -> str:
    """Run one kiosk command as an organiser's script would; its output, or stop the demo."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    if code != 0:
        raise KioskError(f"kiosk {' '.join(map(str, args))}: {err.getvalue().strip()}")
    return out.getvalue()


def run_table(folder: Path, number: int, counts: dict[str, dict[str, int]], stick: Path) -> Path:
    """One table laptop's day: set up, notes in (grouped, with votes), the participants counted,
    an export to the stick."""
    db = folder / f"table-{number}.sqlite"
    notes = demo_file("notes", f"table-{number}.csv")
    kiosk("table", "setup", "--db", db, "--plan", demo_file("plan.json"), "--table", number)
    kiosk("notes", "import", "--db", db, notes)
    with open_store(db, create=False) as store, store.begin() as session:
        at = require_station(session, db)
        count_participants(session, at, counts)
    return Path(kiosk("export", "--db", db, "--to", stick).strip())


def run(out: Path) -> list[Path]:
    plan = load_plan(demo_file("plan.json"))
    out.mkdir(parents=True, exist_ok=True)
    archive = out / "archive.sqlite"
    for old in (
        archive,
        archive.with_name(archive.name + "-wal"),
        archive.with_name(archive.name + "-shm"),
    ):
        old.unlink(missing_ok=True)
    tallies = json.loads(demo_file("tallies.json").read_text(encoding="utf-8"))["tables"]
    with tempfile.TemporaryDirectory() as tmp:
        stick = Path(tmp) / "stick"
        stick.mkdir()
        exports = [
            run_table(Path(tmp), t.number, tallies.get(str(t.number), {}), stick)
            for t in plan.tables
        ]
        kiosk("merge", "--archive", archive, *exports)
    write_texts(archive, plan.event_id)
    written = [archive]
    for name, options in (
        ("summary.pdf", ()),
        ("summary-per-table.pdf", ("--by", "table")),
        ("summary-short.pdf", ("--short", "--by", "table")),
        ("summary-per-table.docx", ("--by", "table", "--format", "docx")),
    ):
        report = kiosk("report", "--archive", archive, "--out", out / name, *options)
        written.append(Path(report.strip()))
    written += [
        Path(p)
        for p in kiosk("handouts", "--archive", archive, "--out", out / "handouts").splitlines()
    ]
    cards = kiosk("cards", "--plan", demo_file("plan.json"), "--out", out / "table-cards.pdf")
    written.append(Path(cards.strip()))
    kiosk("csv", "--archive", archive, "--out", out / "notes.csv")
    kiosk("csv", "--archive", archive, "--out", out / "notes.xlsx", "--format", "xlsx")
    written += [out / "notes.csv", out / "notes.xlsx"]
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("demo"))
    args = parser.parse_args()
    for path in run(args.out):
        print(path)


if __name__ == "__main__":
    main()
