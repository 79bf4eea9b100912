"""Importing notes from CSV: verbatim text, every bad row named by line, all or nothing."""

from __future__ import annotations

import pytest

from kiosk.core.errors import KioskError, ProblemsError
from kiosk.storage.queries import live_clusters, live_notes
from kiosk.table.notes_csv import import_notes, read_notes_csv

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
    rows = read_notes_csv(path, plan).rows
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
        "1,insight,,misschien,ster\n"
        "1,insight,,,\n"
        f"1,insight,,,{'y' * 10_001}\n"
        'x,insight,,,"meer\nregels"\n'
        "2,quote,,1,ook goed\n"
    )
    with pytest.raises(ProblemsError) as caught:
        imported(table_store, write_csv(body), clock)
    assert caught.value.problems == [
        "line 3: round 3 is not a round of the plan",
        "line 4: unknown kind 'idea' (known: insight (Inzicht), quote (Uitspraak), "
        "suggestion (Suggestie/actie), question (Vraag/zorg))",
        "line 5: unknown role 'Astronaut'",
        "line 6: starred 'misschien' is not 1/0, ja/nee, yes/no, true/false or empty",
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


def test_an_empty_file_and_one_in_no_known_encoding(table_store, tmp_path, clock):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(KioskError, match="empty.csv: empty file"):
        imported(table_store, empty, clock)
    # 0x81 is undefined in Windows-1252 and cannot start a UTF-8 character.
    odd = tmp_path / "odd.csv"
    odd.write_bytes(HEADER.encode() + b"1,insight,,,goed\n1,insight,,,caf\x81\n")
    with pytest.raises(KioskError, match="odd.csv: line 3: neither UTF-8 nor Windows-1252"):
        imported(table_store, odd, clock)


def read(table_store, path):
    store, at = table_store
    with store.begin() as session:
        from kiosk.storage.queries import event_plan

        plan = event_plan(session, at.event_id)
    return read_notes_csv(path, plan)


def test_what_dutch_excel_saves_semicolons_and_windows_1252(table_store, tmp_path, clock):
    path = tmp_path / "excel.csv"
    body = (
        "round;kind;role;starred;text\r\n"
        "1;Inzicht;Docent;ja;Café-gesprek: “meer tijd” – niet minder\r\n"
        '2;uitspraak;;nee;"Een; twee"\r\n'
        "1;Suggestie/actie;Ouder;JA;€ voor de school\r\n"
    )
    path.write_bytes(body.encode("cp1252"))
    found = read(table_store, path)
    assert (found.encoding, found.delimiter) == ("Windows-1252", ";")
    assert found.dialect() == "Windows-1252, ';'-separated"
    notes = imported(table_store, path, clock)
    assert [n.text for n in notes] == [
        "Café-gesprek: “meer tijd” – niet minder",
        "Een; twee",
        "€ voor de school",
    ]
    assert [n.kind for n in notes] == ["insight", "quote", "suggestion"]
    assert [n.starred for n in notes] == [True, False, True]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [("utf-8", ",", False), ("utf-8", ";", True), ("cp1252", ",", False), ("utf-8", ";", False)],
)
def test_each_dialect_reads_the_same_notes(table_store, tmp_path, clock, encoding, delimiter, bom):
    rows = [
        ["round", "kind", "role", "starred", "text"],
        ["1", "insight", "Jongere", "yes", "Één school voor iedereen"],
        ["2", "Vraag/zorg", "", "false", "Wie betaalt, wie beslist?"],
        ["1", "QUOTE", "ouder", "0", 'Zij zei: "ga gewoon"'],
    ]

    def cell(text: str) -> str:
        if delimiter in text or '"' in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    text = "".join(delimiter.join(cell(c) for c in row) + "\n" for row in rows)
    path = tmp_path / "notes.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    found = read(table_store, path)
    expected_encoding = "UTF-8" if encoding == "utf-8" else "Windows-1252"
    assert (found.encoding, found.delimiter) == (expected_encoding, delimiter)
    notes = imported(table_store, path, clock)
    assert [n.text for n in notes] == [r[4] for r in rows[1:]]
    assert [(n.kind, n.role, n.starred) for n in notes] == [
        ("insight", "Jongere", True),
        ("question", None, False),
        ("quote", "Ouder", False),
    ]


def test_cluster_and_votes_columns_make_groups_by_label(table_store, write_csv, clock):
    body = (
        "1,insight,,,een,Ideaalbeeld,5\n"
        "1,insight,,,twee,,\n"
        "2,quote,,,drie,Personeel,0\n"
        "1,insight,,,vier,Ideaalbeeld,2\n"
    )
    notes = imported(
        table_store, write_csv(body, header="round,kind,role,starred,text,cluster,votes\n"), clock
    )
    store, at = table_store
    with store.begin() as session:
        clusters = {c.id: c for c in live_clusters(session, at.event_id, at.table_number)}
    assert sorted(c.label for c in clusters.values()) == ["Ideaalbeeld", "Personeel"]
    by_text = {n.text: n for n in notes}
    assert [by_text[t].votes for t in ("een", "twee", "drie", "vier")] == [5, 0, 0, 2]
    assert by_text["twee"].cluster_id is None
    ideaal = clusters[by_text["een"].cluster_id]
    assert ideaal.label == "Ideaalbeeld" and by_text["vier"].cluster_id == ideaal.id
    for text in ("een", "vier"):  # inside their group on the wall, not on top of one another
        note = by_text[text]
        assert ideaal.x <= note.x < ideaal.x + ideaal.width
        assert ideaal.y <= note.y < ideaal.y + ideaal.height
    assert len({(n.x, n.y) for n in notes}) == 4
    twee = by_text["twee"]  # a note of no group lies outside every group's frame
    assert all(
        not (c.x <= twee.x < c.x + c.width and c.y <= twee.y < c.y + c.height)
        for c in clusters.values()
    )


def test_bad_cluster_and_votes_cells_name_their_line(table_store, write_csv, clock):
    body = f"1,insight,,,een,{'x' * 201},\n1,insight,,,twee,,veel\n1,insight,,,drie,,-1\n"
    with pytest.raises(ProblemsError) as caught:
        imported(
            table_store,
            write_csv(body, header="round,kind,role,starred,text,cluster,votes\n"),
            clock,
        )
    assert caught.value.problems == [
        "line 2: cluster label has 201 characters (at most 200)",
        "line 3: votes 'veel' is not a number from 0 to 999",
        "line 4: votes '-1' is not a number from 0 to 999",
    ]


def test_new_notes_avoid_existing_ones(table_store, write_csv, clock):
    first = imported(table_store, write_csv("1,insight,,,een\n1,insight,,,twee\n"), clock)
    both = imported(table_store, write_csv("1,insight,,,drie\n"), clock)
    assert len(first) == 2 and len(both) == 3
    assert len({(n.x, n.y) for n in both}) == 3
