"""Issue 14, findings 10-12: disks that fail, logs and catalogues that cannot be read, two merges.

Write, fsync and rename failures are injected into a real `kiosk` process with libfiu's `fiu-run`
(Debian's fiu-utils; `.ci/run` installs it); without it those tests are skipped, saying so. Each
failure must give one line on stderr (no SQL, no link, no traceback), exit 1, and leave the store,
the stick and the archive as they were.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import kiosk.core.i18n
from kiosk.cli import main
from kiosk.storage.queries import add_note
from kiosk.storage.store import open_store
from tests.builders import dump, integrity, make_laptop

FIU_RUN = shutil.which("fiu-run")
needs_fiu = pytest.mark.skipif(
    FIU_RUN is None,
    reason="fiu-run is not installed (Debian package fiu-utils; .ci/run installs it in CI)",
)
ENOSPC, EIO = errno.ENOSPC, errno.EIO
TEXT = "een notitie die niet verloren mag gaan"


def run_kiosk(*args: str, fail: str | None = None, errno_value: int = ENOSPC):
    """Run `kiosk args...` in its own process, with one libfiu failure point enabled."""
    command = [sys.executable, "-m", "kiosk", *args]
    if fail is not None:
        assert FIU_RUN is not None
        command = [FIU_RUN, "-x", "-c", f"enable name={fail},failinfo={errno_value}", *command]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def assert_one_clear_line(result, *words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    for bad in (
        "Traceback",
        "SQL",
        "http",
        "sqlalche.me",
        "OperationalError",
        "unexpected",
        "not a kiosk store",
    ):
        assert bad not in line, line
    for word in words:
        assert word in line, line


def store_state(db: Path) -> tuple[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return integrity(db), conn.execute("SELECT id, text FROM notes ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture
def table(tmp_path: Path, demo_plan_path: Path) -> Path:
    db = tmp_path / "laptop" / "table.sqlite"
    assert (
        main(["table", "setup", "--db", str(db), "--plan", str(demo_plan_path), "--table", "2"])
        == 0
    )
    return db


@pytest.fixture
def notes_csv(tmp_path: Path) -> Path:
    path = tmp_path / "notes.csv"
    rows = "".join(f"1,insight,,,{TEXT} {i} {'x' * 4000}\n" for i in range(20))
    path.write_text(f"round,kind,role,starred,text\n{rows}", "utf-8")
    return path


# -- finding 10: the laptop's own store --------------------------------------------------------


@needs_fiu
@pytest.mark.parametrize(
    ("point", "value"),
    [("posix/io/rw/pwrite", ENOSPC), ("posix/io/sync/fdatasync", EIO)],
)
def test_a_store_that_cannot_be_written_gives_one_line(table, notes_csv, point, value):
    before = store_state(table)
    result = run_kiosk(
        "notes", "import", "--db", str(table), str(notes_csv), fail=point, errno_value=value
    )
    assert_one_clear_line(result, str(table))
    assert store_state(table) == before


def test_a_full_disk_says_so_in_one_line(table, notes_csv, monkeypatch, capsys):
    """The same in-process, with SQLite's own page limit standing in for a full disk."""
    import kiosk.storage.store as store_module

    monkeypatch.setattr(store_module, "PRAGMAS", (*store_module.PRAGMAS, "PRAGMA max_page_count=1"))
    before = store_state(table)
    assert main(["notes", "import", "--db", str(table), str(notes_csv)]) == 1
    err = capsys.readouterr().err
    assert err == f"{table}: cannot write the table's store: the disk is full\n"
    assert store_state(table) == before


def test_a_store_the_disk_cannot_read_is_not_called_a_stranger(table, monkeypatch):
    """A valid store hitting an I/O error is not "not a kiosk store"."""
    from kiosk.core.errors import KioskError
    from kiosk.storage import schema

    real = sqlite3.connect

    def connect(*args, **kwargs):
        conn = real(*args, **kwargs)

        class Wrapped:
            def execute(self, *a, **k):
                raise sqlite3.OperationalError("disk I/O error")

            def close(self):
                conn.close()

        return Wrapped()

    monkeypatch.setattr(schema.sqlite3, "connect", connect)
    with pytest.raises(KioskError) as caught:
        schema.schema_revision(table)
    assert str(caught.value) == f"{table}: cannot read the store: the disk reported an error"


def test_a_log_that_cannot_be_written_breaks_nothing(monkeypatch, capsys, tmp_path):
    """`--- Logging error ---` and its traceback never reach the user."""
    import kiosk.core.logs
    from kiosk import cli

    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "kiosk.log").symlink_to("/dev/full")
    monkeypatch.setattr(kiosk.core.logs, "log_dir", lambda: folder)
    root = logging.getLogger("kiosk")
    saved = list(root.handlers)

    def broken(_args):
        raise RuntimeError("a bug")

    try:
        assert cli.run(broken, None) == 1
    finally:
        for handler in root.handlers:
            if handler not in saved:
                root.removeHandler(handler)
                handler.close()
    err = capsys.readouterr().err
    assert "Logging error" not in err and "Traceback" not in err
    assert err.startswith("kiosk: unexpected error (RuntimeError: a bug); details in ")


def test_an_unreadable_catalogue_breaks_no_command(monkeypatch, capsys, tmp_path, demo_plan_path):
    """The finally of `cli.main` restores the language; a damaged catalogue must not raise."""
    locale = tmp_path / "locale" / "nl" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    (locale / "kiosk.mo").write_bytes(b"\x00" * 64)
    monkeypatch.setattr(kiosk.core.i18n.resources, "path", lambda *parts: tmp_path.joinpath(*parts))
    kiosk.core.i18n.translations.cache_clear()
    try:
        assert main(["plan", "check", str(demo_plan_path)]) == 0
        assert kiosk.core.i18n._("refused: {reason}") == "refused: {reason}"
    finally:
        kiosk.core.i18n.translations.cache_clear()
    assert capsys.readouterr().err == ""


# -- finding 11: a failed export leaves nothing under its name ----------------------------------


@needs_fiu
@pytest.mark.parametrize(
    ("point", "value", "words"),
    [
        ("posix/io/sync/fsync", EIO, "cannot write the export"),
        ("posix/io/dir/rename", ENOSPC, "the stick is full"),
        ("posix/io/rw/pwrite", ENOSPC, "cannot"),
    ],
)
def test_a_failed_export_leaves_no_file_and_no_record(
    table, notes_csv, tmp_path, point, value, words
):
    assert main(["notes", "import", "--db", str(table), str(notes_csv)]) == 0
    stick = tmp_path / "stick"
    stick.mkdir()
    before = store_state(table)
    result = run_kiosk(
        "export", "--db", str(table), "--to", str(stick), fail=point, errno_value=value
    )
    assert_one_clear_line(result, words)
    assert [p for p in stick.iterdir() if not p.name.endswith(".partial")] == []
    assert store_state(table) == before
    conn = sqlite3.connect(table)
    assert conn.execute("SELECT count(*) FROM exchanges").fetchone() == (0,)
    conn.close()


def test_an_export_that_cannot_be_read_back_is_removed(tmp_path, monkeypatch, demo_plan):
    from kiosk.core import sticks
    from kiosk.core.sticks import MediaError

    laptop = make_laptop(tmp_path / "l.sqlite", demo_plan, 1)
    laptop.add(TEXT)

    def gone(_path, _size):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(sticks, "_read_back", gone)
    with pytest.raises(MediaError, match="was the stick removed"):
        laptop.export(tmp_path / "stick")
    assert list((tmp_path / "stick").iterdir()) == []


@pytest.mark.parametrize("step", ["write_chunk", "_read_back"])
def test_a_stick_pulled_while_writing_the_plan_says_so_as_for_an_export(
    tmp_path, monkeypatch, demo_plan, demo_plan_path, step
):
    from kiosk.core import sticks
    from kiosk.core.sticks import MediaError
    from kiosk.plan.editor import PlanEditor

    stick = tmp_path / "stick"
    stick.mkdir()
    editor = PlanEditor.open(demo_plan_path)
    laptop = make_laptop(tmp_path / "l.sqlite", demo_plan, 1)
    laptop.add(TEXT)

    def pulled(*_args):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(sticks, step, pulled)
    with pytest.raises(MediaError) as plan_failed:
        editor.write_to_drive(stick)
    with pytest.raises(MediaError) as export_failed:
        laptop.export(stick)
    gone = "the folder cannot be reached (was the stick removed?) (Input/output error)"
    assert str(plan_failed.value) == f"{stick}: cannot write the plan: {gone}"
    assert str(export_failed.value) == f"{stick}: cannot write the export: {gone}"
    assert list(stick.iterdir()) == []


def test_an_export_the_store_cannot_record_is_removed(tmp_path, monkeypatch, demo_plan):
    import kiosk.exchange.export as export

    laptop = make_laptop(tmp_path / "l.sqlite", demo_plan, 1)
    laptop.add(TEXT)

    def full(**_values):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "Exchange", full)
    with pytest.raises(OSError):
        laptop.export(tmp_path / "stick")
    assert list((tmp_path / "stick").iterdir()) == []


# -- merge and wipe under failing writes ---------------------------------------------------------


@pytest.fixture
def exported(tmp_path: Path, demo_plan) -> Path:
    laptop = make_laptop(tmp_path / "l.sqlite", demo_plan, 1)
    laptop.add(TEXT)
    path = laptop.export(tmp_path / "stick").path
    laptop.store.close()
    return path


@needs_fiu
def test_a_merge_into_an_archive_that_cannot_be_written_changes_nothing(exported, tmp_path):
    archive = tmp_path / "archive.sqlite"
    open_store(archive).close()
    before = dump(archive)
    result = run_kiosk("merge", "--archive", str(archive), str(exported), fail="posix/io/rw/pwrite")
    assert_one_clear_line(result, str(archive))
    assert dump(archive) == before and integrity(archive) == "ok"
    assert not Path(f"{exported}.receipt").exists()


@needs_fiu
@pytest.mark.parametrize("point", ["posix/io/rw/pwrite", "posix/io/sync/fdatasync"])
def test_a_wipe_that_cannot_write_keeps_the_notes(tmp_path, demo_plan_path, notes_csv, point):
    db = tmp_path / "t.sqlite"
    stick = tmp_path / "stick"
    stick.mkdir()
    assert (
        main(["table", "setup", "--db", str(db), "--plan", str(demo_plan_path), "--table", "1"])
        == 0
    )
    assert main(["notes", "import", "--db", str(db), str(notes_csv)]) == 0
    assert main(["export", "--db", str(db), "--to", str(stick)]) == 0
    [export] = stick.glob("*.kiosk")
    assert main(["merge", "--archive", str(tmp_path / "a.sqlite"), str(export)]) == 0
    before = store_state(db)
    result = run_kiosk("wipe", "--db", str(db), "--receipt", f"{export}.receipt", fail=point)
    assert_one_clear_line(result, str(db))
    assert store_state(db) == before


# -- finding 12: two merges into one archive -----------------------------------------------------


def test_two_merges_at_once_both_wait_their_turn_and_succeed(tmp_path, demo_plan):
    files: list[list[Path]] = [[], []]
    for table in (1, 2):
        for copy in range(3):
            laptop = make_laptop(tmp_path / f"l{table}-{copy}.sqlite", demo_plan, table + 2 * copy)
            # Big enough files that the two merges overlap for a good while.
            with laptop.store.begin() as session:
                for i in range(1500):
                    add_note(
                        session,
                        laptop.at,
                        text=f"{TEXT} {table} {copy} {i}",
                        kind="insight",
                        round_number=1,
                        x=0.0,
                        y=0.0,
                        now=laptop.clock.now(),
                    )
            files[table - 1].append(laptop.export(tmp_path / "stick").path)
            laptop.store.close()
    archive = tmp_path / "archive.sqlite"
    open_store(archive).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    merges = [
        subprocess.Popen(
            [sys.executable, "-m", "kiosk", "merge", "--archive", str(archive), *map(str, group)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for group in files
    ]
    outcomes = [(m.wait(timeout=300), m.stderr.read()) for m in merges]
    for m in merges:
        m.stdout.close()
        m.stderr.close()
    assert outcomes == [(0, ""), (0, "")]
    sequential = tmp_path / "sequential.sqlite"
    assert main(["merge", "--archive", str(sequential), *map(str, files[0] + files[1])]) == 0
    assert dump(archive) == dump(sequential)
