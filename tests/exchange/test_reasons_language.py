"""Refusals speak the current language (Dutch in the kiosk and console); the CLI speaks English."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.i18n import language, set_language
from kiosk.core.sticks import MediaError, Reason
from kiosk.exchange.merge import merge_paths
from kiosk.exchange.receipts import read_receipt
from kiosk.storage.store import open_store
from tests.builders import EVENT, Laptop


def damaged_export(laptop: Laptop, tmp_path: Path) -> Path:
    """A real export with its header line broken, as a half-written stick may leave it."""
    laptop.add("een notitie")
    good = laptop.export(tmp_path / "stick").path
    header, body = good.read_bytes().split(b"\n", 1)
    damaged = tmp_path / "stick" / "tafel-7.kiosk"
    damaged.write_bytes(header.replace(b"sha256=", b"sha257=") + b"\n" + body)
    return damaged


def merge_reasons(archive: Path, *paths: Path) -> list[str]:
    with open_store(archive) as store:
        return [result.line() for result in merge_paths(store, list(paths))]


def test_a_damaged_export_is_refused_in_dutch_naming_the_file(
    laptop: Laptop, tmp_path: Path, archive: Path
):
    damaged = damaged_export(laptop, tmp_path)
    set_language("nl")
    assert merge_reasons(archive, damaged) == [f"{damaged}: geweigerd: de kopregel is beschadigd"]


def test_the_same_refusal_in_english(laptop: Laptop, tmp_path: Path, archive: Path):
    damaged = damaged_export(laptop, tmp_path)
    set_language("en")
    assert merge_reasons(archive, damaged) == [f"{damaged}: refused: the header line is damaged"]


def test_a_truncated_export_and_an_accepted_one_in_dutch(
    laptop: Laptop, tmp_path: Path, archive: Path
):
    laptop.add("een notitie")
    good = laptop.export(tmp_path / "stick").path
    data = good.read_bytes()
    truncated = tmp_path / "half.kiosk"
    truncated.write_bytes(data[: len(data) - 10])
    set_language("nl")
    accepted, refused = merge_reasons(archive, good, truncated)
    assert accepted.startswith(f"{good}: ingelezen (tafel 1 van {EVENT}; notities 1 nieuw, ")
    assert refused.startswith(f"{truncated}: geweigerd: het bestand is afgekapt (")
    assert merge_reasons(archive, good)[0].startswith(f"{good}: al eerder ingelezen (")


def test_stick_and_receipt_errors_in_dutch(tmp_path: Path):
    set_language("nl")
    full = MediaError(tmp_path, Reason.FULL)
    assert str(full) == f"{tmp_path}: kan de export niet schrijven: de stick is vol"
    with pytest.raises(Exception, match="missing.kiosk.receipt: bestand bestaat niet"):
        read_receipt(tmp_path / "missing.kiosk.receipt")
    set_language("en")
    assert str(MediaError(tmp_path, Reason.FULL)).endswith(
        "cannot write the export: the stick is full"
    )


def test_the_command_line_speaks_english_whatever_the_process_language(
    laptop: Laptop, tmp_path: Path, archive: Path, capsys
):
    damaged = damaged_export(laptop, tmp_path)
    set_language("nl")  # as the kiosk or console would leave it, or a fresh process starts
    assert main(["merge", "--archive", str(archive), str(damaged)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{damaged}: refused: the header line is damaged"
    ]
    assert language() == "nl", "a caller in the same process keeps its language"


def test_the_ui_entries_keep_their_own_language(monkeypatch):
    """`kiosk` and `kiosk organiser` are windows: they choose Dutch (or the table's) themselves."""
    seen = []
    # A stand-in for the Qt composition root, which the handlers import lazily.
    app = types.ModuleType("kiosk.ui.app")
    app.run_organiser = lambda path: seen.append(language())
    app.run_kiosk = lambda db, windowed: seen.append(language())
    monkeypatch.setitem(sys.modules, "kiosk.ui.app", app)
    set_language("nl")
    assert main(["organiser"]) == 0
    assert main(["--windowed"]) == 0
    assert seen == ["nl", "nl"]
