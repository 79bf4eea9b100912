"""The organiser's CSV: one row per live note, BOM, formulas neutralised, text verbatim."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import update

from kiosk.cli import main
from kiosk.exchange.csv_out import HEADER, neutralise, write_csv
from kiosk.exchange.merge import merge_paths
from kiosk.storage.models import Note
from kiosk.storage.store import open_store
from tests.builders import Laptop


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("gewoon = tekst", "gewoon = tekst"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, expected: str):
    assert neutralise(cell) == expected


def test_csv_of_an_archive(laptop: Laptop, tmp_path: Path, archive: Path, capsys):
    cluster = laptop.add_cluster("=Groep")
    texts = {
        "formula": '=HYPERLINK("http://x","klik")',
        "markup": "<b>vet</b> & <3",
        "lines": "regel 1\nregel 2",
        "scripts": "😀 ğüşıİ العربية",
        "long": "y" * 10_000,
    }
    ids = {key: laptop.add(text, role="Ouder") for key, text in texts.items()}
    laptop.edit(ids["formula"], cluster_id=cluster, starred=True, votes=4)
    gone = laptop.add("verwijderd")
    laptop.edit(gone, deleted=True)
    hidden = laptop.add("noemt een naam")
    with open_store(archive) as store:
        merge_paths(store, [laptop.export(tmp_path / "stick").path])
        with store.begin() as session:
            session.execute(update(Note).where(Note.id == hidden).values(hidden=True))
    out = tmp_path / "out" / "notes.csv"
    out.parent.mkdir()

    assert main(["csv", "--archive", str(archive), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"{out}: 5 notes"

    rows = read_csv(out)
    assert list(rows[0]) == list(HEADER)
    by_text = {row["text"]: row for row in rows}
    assert set(by_text) == {
        "'" + texts["formula"],
        texts["markup"],
        texts["lines"],
        texts["scripts"],
        texts["long"],
    }
    formula = by_text["'" + texts["formula"]]
    assert formula["cluster"] == "'=Groep"
    assert (formula["starred"], formula["votes"], formula["kind"]) == ("1", "4", "Inzicht")
    assert formula["table"] == "1" and formula["round"] == "1" and formula["role"] == "Ouder"
    assert formula["event"] == "Van diplomagericht naar toekomstgericht onderwijs"
    assert formula["theme"] and formula["created"].endswith("Z")
    assert [p.name for p in out.parent.iterdir()] == ["notes.csv"]


def test_the_csv_gives_each_note_its_local_time_with_the_zone(laptop: Laptop, tmp_path: Path):
    laptop.add("Om kwart over elf")
    archive = tmp_path / "archive.sqlite"
    out = tmp_path / "notes.csv"
    summer = timezone(timedelta(hours=2))  # the Netherlands on 31 March 2022
    with open_store(archive) as store:
        merge_paths(store, [laptop.export(tmp_path / "stick").path])
        write_csv(store, out, zone=summer)
    (row,) = read_csv(out)
    utc = datetime.strptime(row["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    local = datetime.fromisoformat(row["created_local"])
    assert local.utcoffset() == timedelta(hours=2) and local == utc
    assert row["created_local"].endswith("+02:00")


def test_csv_of_a_missing_archive_is_refused(tmp_path: Path, capsys):
    code = main(["csv", "--archive", str(tmp_path / "nope.sqlite"), "--out", str(tmp_path / "x")])
    assert code == 1 and "no such store" in capsys.readouterr().err
