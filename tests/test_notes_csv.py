"""Importing notes from CSV: verbatim text, every bad row named by line, all or nothing."""

from __future__ import annotations

import pytest

from kiosk.errors import KioskError, ProblemsError
from kiosk.notes_csv import import_notes, read_notes_csv
from kiosk.storage.queries import live_notes

HEADER = "round,kind,role,starred,text\n"


@pytest.fixture
def write_csv(tmp_path):
    def write(body: str, *, header: str = HEADER, bom: bool = False) -> object:
        path = tmp_path / "notes.csv"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + (header + body).encode("utf-8"))
        return path

    return write


def imported(table_store, path, clock):
    store, at = table_store
    with store.begin() as session:
        from kiosk.storage.queries import event_plan

        plan = event_plan(session, at.event_id)
    rows = read_notes_csv(path, plan)
    with store.begin() as session:
        import_notes(session, at, rows, clock.now())
    with store.begin() as session:
        return live_notes(session, at.event_id, at.table_number)


def test_good_rows_with_bom_newlines_and_scripts(table_store, write_csv, clock):
    texts = [
        "Geef ongelijkheid een naam\nen een gezicht.",
        "<b>vet</b> & <3 \U0001f60a",
        "İstanbul'da öğrenciler çok şey öğrendi",
        "التعليم للجميع",
        "x" * 10_000,
    ]
    body = "".join(
        f'1,quote,JONGERE,1,"{texts[0]}"\n'
        f"2,insight,,0,{texts[1]}\n"
        f"1,question,Ouder,,{texts[2]}\n"
        f"2,suggestion,docent,1,{texts[3]}\n"
        f"1,insight,,,{texts[4]}\n"
    )
    notes = imported(table_store, write_csv(body, bom=True), clock)
    assert [n.text for n in notes] == texts
    assert [n.role for n in notes] == ["Jongere", None, "Ouder", "Docent", None]
    assert [n.starred for n in notes] == [True, False, False, True, False]
    assert [n.round_number for n in notes] == [1, 2, 1, 2, 1]
    assert len({n.id for n in notes}) == 5
    assert len({(n.x, n.y) for n in notes}) == 5, "each note gets its own spot on the wall"


def test_columns_in_any_order(table_store, write_csv, clock):
    path = write_csv("Mooi gesprek,1,quote\n", header="text,round,kind,role,starred\n")
    with pytest.raises(ProblemsError, match="line 2: 3 cells, the header has 5"):
        imported(table_store, path, clock)
    path = write_csv("Mooi gesprek,1,quote,,\n", header="text,round,kind,role,starred\n")
    (note,) = imported(table_store, path, clock)
    assert (note.text, note.kind) == ("Mooi gesprek", "quote")


def test_every_bad_row_reported_and_nothing_imported(table_store, write_csv, clock):
    body = (
        "1,insight,,,goed\n"
        "3,insight,,,ronde bestaat niet\n"
        "1,idea,,,soort bestaat niet\n"
        "1,insight,Astronaut,,rol bestaat niet\n"
        "1,insight,,ja,ster\n"
        "1,insight,,,\n"
        f"1,insight,,,{'y' * 10_001}\n"
        'x,insight,,,"meer\nregels"\n'
        "2,quote,,1,ook goed\n"
    )
    with pytest.raises(ProblemsError) as caught:
        imported(table_store, write_csv(body), clock)
    assert caught.value.problems == [
        "line 3: round 3 is not a round of the plan",
        "line 4: unknown kind 'idea' (known: insight, question, quote, suggestion)",
        "line 5: unknown role 'Astronaut'",
        "line 6: starred 'ja' is not 1, 0 or empty",
        "line 7: text is empty",
        "line 8: text has 10,001 characters (at most 10,000)",
        "line 9: round 'x' is not a number",
    ]
    store, at = table_store
    with store.begin() as session:
        assert live_notes(session, at.event_id, at.table_number) == []


def test_line_numbers_count_multiline_cells(table_store, write_csv, clock):
    body = '1,insight,,,"een\ntwee\ndrie"\n1,nope,,,x\n'
    with pytest.raises(ProblemsError) as caught:
        imported(table_store, write_csv(body), clock)
    assert caught.value.problems[0].startswith("line 5: unknown kind 'nope'")


def test_missing_column(table_store, write_csv, clock):
    path = write_csv("1,insight,,hallo\n", header="round,kind,role,text\n")
    with pytest.raises(KioskError, match="line 1: missing column starred"):
        imported(table_store, path, clock)


def test_empty_and_non_utf8_files(table_store, tmp_path, clock):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(KioskError, match="empty.csv: empty file"):
        imported(table_store, empty, clock)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "1,insight,,,caf\xe9\n".encode("latin-1"))
    with pytest.raises(KioskError, match="latin.csv: line 2: not UTF-8 text"):
        imported(table_store, latin, clock)


def test_new_notes_avoid_existing_ones(table_store, write_csv, clock):
    first = imported(table_store, write_csv("1,insight,,,een\n1,insight,,,twee\n"), clock)
    both = imported(table_store, write_csv("1,insight,,,drie\n"), clock)
    assert len(first) == 2 and len(both) == 3
    assert len({(n.x, n.y) for n in both}) == 3
