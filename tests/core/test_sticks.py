"""Writing to a stick: FAT-safe unique names, never overwriting, and clear failures."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from kiosk.core import sticks
from kiosk.core.jobs import Cancelled, JobControl
from kiosk.core.sticks import MediaError, Reason, fat_safe, is_reserved, unique_name

FAT_SAFE = re.compile(r"^[A-Za-z0-9._-]+$")


@pytest.mark.parametrize(
    "text",
    ['a:b*c?d"e<f>g|h\\i/j', "tafel 3 — ronde ①", "..", "", "x" * 500, "ğüş العربية", "a\x00b"],
)
def test_fat_safe_names(text: str):
    name = fat_safe(text)
    assert FAT_SAFE.match(name) and len(name) <= sticks.MAX_NAME_CHARS
    assert not name.startswith(".") and not name.endswith(".")


@pytest.mark.parametrize("name", ["CON", "con.kiosk", "Nul", "COM1.txt", "lpt9", "AUX.x.y"])
def test_reserved_device_names(name: str):
    assert is_reserved(name)


@pytest.mark.parametrize("name", ["console", "com10", "a-con", "event_tafel-01"])
def test_ordinary_names_are_not_reserved(name: str):
    assert not is_reserved(name)


def test_one_naming_for_exports_plans_and_handouts():
    assert fat_safe("Café — ronde 3") == "Cafe-ronde-3"
    assert fat_safe("???", fallback="thema") == "thema"
    assert fat_safe("x" * 80, limit=60) == "x" * 60


def test_reserved_stem_gets_another_name(tmp_path: Path):
    assert unique_name(tmp_path, "CON", ".kiosk") == "CON-export.kiosk"


def test_names_are_unique_ignoring_case(tmp_path: Path):
    (tmp_path / "EXPORT.KIOSK").write_bytes(b"someone else's")
    name = unique_name(tmp_path, "export", ".kiosk")
    assert name.casefold() != "export.kiosk"
    assert name.endswith(".kiosk") and FAT_SAFE.match(name)


def test_write_new_file_never_overwrites(tmp_path: Path):
    (tmp_path / "Export.kiosk").write_bytes(b"keep me")
    path = sticks.write_new_file(tmp_path, "export", ".kiosk", b"new content")
    assert path.read_bytes() == b"new content"
    assert (tmp_path / "Export.kiosk").read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["Export.kiosk", path.name])


def test_progress_is_reported_up_to_the_total(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sticks, "CHUNK_BYTES", 1000)
    seen: list[tuple[int, int]] = []
    control = JobControl(lambda progress: seen.append((progress.done, progress.total)))
    sticks.write_new_file(tmp_path, "p", ".kiosk", b"x" * 2500, control)
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_a_cancel_mid_write_leaves_no_file(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sticks, "CHUNK_BYTES", 1000)
    control = JobControl(lambda progress: control.cancel())
    with pytest.raises(Cancelled):
        sticks.write_new_file(tmp_path, "p", ".kiosk", b"x" * 2500, control)
    assert list(tmp_path.iterdir()) == []


def failing_writer(code: int, after: int = 0):
    """A device that takes `after` bytes and then fails with errno `code`."""
    taken = 0

    def write(fd: int, data) -> int:
        nonlocal taken
        if taken >= after:
            raise OSError(code, os.strerror(code))
        taken += len(data)
        return os.write(fd, data)

    return write


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, Reason.FULL),
        (errno.EROFS, Reason.READ_ONLY),
        (errno.EIO, Reason.GONE),
        (errno.ENODEV, Reason.GONE),
        (errno.EINVAL, Reason.OTHER),
    ],
)
@pytest.mark.parametrize("after", [0, 300_000])
def test_a_failing_device_leaves_nothing_behind(tmp_path: Path, monkeypatch, code, reason, after):
    monkeypatch.setattr(sticks, "write_chunk", failing_writer(code, after))
    with pytest.raises(MediaError) as caught:
        sticks.write_new_file(tmp_path, "export", ".kiosk", b"x" * 1_000_000)
    assert caught.value.reason is reason
    assert str(tmp_path) in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_folder_is_named_as_such(tmp_path: Path, monkeypatch):
    real_open = os.open

    def read_only(path, flags, *args):
        if Path(path).parent == tmp_path and flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args)

    monkeypatch.setattr(sticks.os, "open", read_only)
    with pytest.raises(MediaError, match="read-only") as caught:
        sticks.write_new_file(tmp_path, "export", ".kiosk", b"data")
    assert caught.value.reason is Reason.READ_ONLY


def test_a_missing_folder_is_gone(tmp_path: Path):
    with pytest.raises(MediaError) as caught:
        sticks.write_new_file(tmp_path / "pulled-out", "export", ".kiosk", b"data")
    assert caught.value.reason is Reason.GONE


def test_a_read_back_that_differs_is_refused_and_removed(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sticks, "_read_back", lambda path, size: b"what the stick made of it")
    with pytest.raises(MediaError) as caught:
        sticks.write_new_file(tmp_path, "export", ".kiosk", b"data")
    assert caught.value.reason is Reason.MISMATCH
    assert list(tmp_path.iterdir()) == []


def test_rename_failure_leaves_no_final_file(tmp_path: Path, monkeypatch):
    def pulled_out(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(sticks.os, "replace", pulled_out)
    with pytest.raises(MediaError):
        sticks.write_new_file(tmp_path, "export", ".kiosk", b"data")
    assert not any(p.name.endswith(".kiosk") for p in tmp_path.iterdir())
