"""The summary as a newsletter, read back: the organiser's words in place, per theme or per table,
the short version, the Word copy (python-docx), the xlsx (openpyxl) and the PDF's details."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook
from pypdf import PdfReader

from kiosk.cli import main
from kiosk.exchange.csv_out import write_xlsx
from kiosk.report.data import read_archive
from kiosk.report.summary import summary_pdf
from kiosk.report.word import summary_docx
from kiosk.storage.models import Exchange
from kiosk.storage.store import open_store
from kiosk.storage.texts import CLOSING, INTRO, TextKey, save_text, set_count
from tests.builders import Spec
from tests.report.conftest import pdf_pages, squeeze

EVENT = "2022-03-31-ondersteuningsplan"
MERGED = datetime(2022, 4, 1, 16, 30, tzinfo=UTC)
SYNTHESES = {
    1: "Tafel een pleit voor **kleine, haalbare stappen**.",
    2: "Tafel twee zoekt een *definitie* van kansengelijkheid.",
}
STARRED = {
    1: "Ik wil gewoon naar de school waar mijn vrienden ook heen gaan.",
    2: "Geef ongelijkheid een naam en een gezicht.",
    4: "Laat het idee van één klas, één vak, één docent los.",
}
UNSTARRED = [
    "Zorg voor gespecialiseerd personeel in de school.",
    "Wie betaalt de extra begeleiding?",
    "Warme overdracht van po naar vo.",
]
EXACT = ["0612345678", "1/2", "31-3", "-2", "=SUM(A1)", "+31 6", "@mention"]


@pytest.fixture
def archive(archive_of, demo_plan):
    notes = [Spec(t, text, "quote", 1, "Jongere", starred=True) for t, text in STARRED.items()]
    notes += [Spec(1 + i, text, "suggestion", 2, "Ouder") for i, text in enumerate(UNSTARRED)]
    notes += [Spec(3, text, "insight", 1, text) for text in EXACT]
    path = archive_of(demo_plan, notes)
    with open_store(path, create=False) as store, store.begin() as session:
        save_text(session, EVENT, TextKey(INTRO), "Bijna honderd mensen kwamen samen.", MERGED)
        for table, text in SYNTHESES.items():
            save_text(session, EVENT, TextKey.table(table), text, MERGED)
        save_text(session, EVENT, TextKey.theme("professional"), "Eén team, vele talenten.", MERGED)
        save_text(session, EVENT, TextKey(CLOSING), "Op 1 mei ligt er een plan.", MERGED)
        # No table kept a tally: the organiser enters the counts.
        set_count(session, EVENT, 1, "Jongere", 14, MERGED)
        set_count(session, EVENT, 2, "Jongere", 11, MERGED)
        set_count(session, EVENT, 1, "Wethouder", 3, MERGED)
        session.add(
            Exchange(
                export_id="e1",
                direction="import",
                event_id=EVENT,
                table_number=1,
                device_id="device-1",
                file_name="t1.kiosk",
                sha256="0" * 64,
                exported_at=MERGED,
                recorded_at=MERGED,
            )
        )
    return path


def flat(data: bytes) -> str:
    return squeeze("".join(pdf_pages(data)))


def test_per_table_sections_with_each_synthesis_before_its_quotes(archive):
    event = read_archive(archive, None)
    data = summary_pdf(event, by="table")
    reader = PdfReader(io.BytesIO(data))
    titles = [item.title for item in reader.outline]
    # Tables 1 and 2 share a theme yet get sections of their own; intro first, closing last.
    assert titles[0] == "Inleiding" and titles[-1] == "Hoe nu verder?"
    assert titles[1:3] == [
        "Tafel 1: Dekkend aanbod en inclusie",
        "Tafel 2: Dekkend aanbod en inclusie",
    ]
    text = flat(data)
    for table, quote in ((1, STARRED[1]), (2, STARRED[2])):
        synthesis = squeeze(re.sub(r"\*", "", SYNTHESES[table]))
        assert synthesis in text
        assert text.index(synthesis) < text.index(squeeze(quote)), table
    # Table 1's quote comes before table 2's synthesis: each in its own section.
    assert text.index(squeeze(STARRED[1])) < text.index(squeeze("Tafel twee zoekt"))
    assert text.index("Bijnahonderd") < text.index(squeeze(SYNTHESES[1][:20]))
    assert text.index("Op1meiligtereenplan") > text.index(squeeze(STARRED[4]))
    # The emphasis marks are not printed.
    assert "**" not in text and "*definitie*" not in text


def test_per_theme_merges_the_tables_and_shows_every_synthesis(archive):
    data = summary_pdf(read_archive(archive, None))
    titles = [item.title for item in PdfReader(io.BytesIO(data)).outline]
    assert titles[1] == "Dekkend aanbod en inclusie" and len(titles) == 5 + 2
    text = flat(data)
    assert (
        text.index("Tafeleenpleit") < text.index("Tafeltweezoekt") < text.index(squeeze(STARRED[1]))
    )
    assert squeeze("Eén team, vele talenten.") in text


def placed_text(page) -> list[tuple[str, float, float]]:
    """(text, x, y) of every piece of text on a page."""
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), cm[4] + tm[4], cm[5] + tm[5]))

    page.extract_text(visitor_text=visit)
    return found


def test_contents_gives_the_page_each_part_starts_on(archive):
    data = summary_pdf(read_archive(archive, None), by="table")
    reader = PdfReader(io.BytesIO(data))
    # The bookmarks lead to the page each part starts on, with its title on it.
    starts = {item.title: reader.get_destination_page_number(item) + 1 for item in reader.outline}
    assert (
        starts["Tafel 1: Dekkend aanbod en inclusie"]
        < starts["Tafel 2: Dekkend aanbod en inclusie"]
    )
    for title, page in starts.items():
        assert squeeze(title.split(": ", 1)[-1]) in squeeze(pdf_pages(data)[page - 1]), title
    # The contents line of each part ends in that page number, on the same line.
    page = next(p for p in reader.pages[:2] if "IN DIT VERSLAG" in p.extract_text())
    placed = placed_text(page)
    top = next(y for t, _x, y in placed if t == "IN DIT VERSLAG")
    numbers = [(int(t), x, y) for t, x, y in placed if t.isdigit()]
    names = ("Inleiding", "Hoe nu verder?", "Dekkend aanbod en inclusie")
    lines = [(t, y) for t, _x, y in placed if t in names and y < top]
    assert len(lines) == 4
    expected = [
        starts["Inleiding"],
        starts["Tafel 1: Dekkend aanbod en inclusie"],
        starts["Tafel 2: Dekkend aanbod en inclusie"],
        starts["Hoe nu verder?"],
    ]
    for (title, y), page in zip(lines, expected, strict=True):
        beside = [n for n, x, ny in numbers if abs(ny - y) < 6 and x > 400]
        assert beside == [page], (title, beside, page)


def test_short_version_holds_every_starred_note_and_no_other(archive):
    data = summary_pdf(read_archive(archive, None), short=True, by="table")
    text = flat(data)
    for quote in STARRED.values():
        assert squeeze(quote) in text
    for other in UNSTARRED + EXACT:
        assert squeeze(other) not in text, other
    for synthesis in ("Tafeleenpleit", "Tafeltweezoekt", "Bijnahonderd", "Op1meiligt"):
        assert synthesis in text
    assert "KORTVERSLAG" in text
    assert len(PdfReader(io.BytesIO(data)).pages) <= 4


def test_entered_counts_on_the_cover(archive):
    cover = pdf_pages(summary_pdf(read_archive(archive, None)))[0]
    # Jongere: the most in one round (14), Wethouder 3: 17 participants.
    assert "Jongere 14" in cover and "Wethouder 3" in cover
    assert squeeze("6 2 17") in squeeze(cover)


def test_pdf_details_for_the_communications_office(archive, demo_plan):
    data = summary_pdf(read_archive(archive, None), by="table")
    reader = PdfReader(io.BytesIO(data))
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"
    info = reader.metadata
    assert info.title == demo_plan.event.title
    assert info.subject == "Verslag van de thematafels"
    assert info.author == "Samenwerkingsverband VO Noord-Kennemerland"
    assert info["/CreationDate"].startswith("D:20220401163000")
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor.get_object(), name
    english = PdfReader(io.BytesIO(summary_pdf(read_archive(archive, None), "en")))
    assert english.trailer["/Root"]["/Lang"] == "en"
    # The same archive, the same bytes.
    assert summary_pdf(read_archive(archive, None), by="table") == data


def test_word_copy_reads_back_with_headings_quotes_and_attributions(archive):
    doc = read_docx(io.BytesIO(summary_docx(read_archive(archive, None), by="table")))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings[0] == "Inleiding" and headings[-1] == "Hoe nu verder?"
    assert headings.count("Dekkend aanbod en inclusie") == 2
    assert ("Heading 2", "Synthese") in paragraphs
    assert ("Heading 2", "Opvallende uitspraken") in paragraphs
    texts = [text for _style, text in paragraphs]
    for table, quote in ((1, STARRED[1]), (2, STARRED[2])):
        quote_at = texts.index(f"‘{quote}’")
        assert paragraphs[quote_at][0] == "Quote"
        style, attribution = paragraphs[quote_at + 1]
        assert style == "Attribution" and attribution.startswith("— Jongere")
        assert f"tafel {table}, ronde 1" in attribution
        synthesis = next(i for i, t in enumerate(texts) if t == re.sub(r"\*", "", SYNTHESES[table]))
        assert synthesis < quote_at
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert "kleine, haalbare stappen" in bold
    lang = doc.styles.element.find(".//{*}docDefaults//{*}lang")
    assert lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "nl-NL"
    assert doc.core_properties.author == "Samenwerkingsverband VO Noord-Kennemerland"
    short = read_docx(io.BytesIO(summary_docx(read_archive(archive, None), short=True)))
    short_text = "\n".join(p.text for p in short.paragraphs)
    assert all(q in short_text for q in STARRED.values())
    assert not any(u in short_text for u in UNSTARRED)


def test_xlsx_cells_hold_exactly_what_was_typed(archive, tmp_path):
    out = tmp_path / "notes.xlsx"
    with open_store(archive, create=False) as store:
        assert write_xlsx(store, out) == len(STARRED) + len(UNSTARRED) + len(EXACT)
    book = load_workbook(out)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["event", "theme", "table"] and "text" in header
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    text_column = header.index("text")
    role_column = header.index("role")
    rows = list(sheet.iter_rows(min_row=2))
    for row in rows:
        for cell in row:
            # Every cell is formatted as text; every cell with a value holds a string.
            assert cell.number_format == "@", cell.coordinate
            assert cell.value is None or cell.data_type == "s", cell.coordinate
    texts = [row[text_column].value for row in rows]
    roles = [row[role_column].value for row in rows]
    for typed in EXACT:
        assert typed in texts and typed in roles
    # The organiser's texts follow the notes, only where written.
    assert texts[-1] == "Op 1 mei ligt er een plan."
    assert "Bijna honderd mensen kwamen samen." in texts
    assert sum(1 for t in texts if t.startswith("Tafel")) == 2


def test_csv_keeps_its_formula_guard_and_the_texts(archive, tmp_path, capsys):
    out = tmp_path / "notes.csv"
    assert main(["csv", "--archive", str(archive), "--out", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    texts = [row[9] for row in rows[1:]]
    assert "'=SUM(A1)" in texts and "'-2" in texts and "0612345678" in texts
    # The organiser's texts after the notes, as typed: introduction, syntheses, closing.
    written = [(row[4], row[2], row[9]) for row in rows if row[4] in ("Inleiding", "Synthese")]
    assert written == [
        ("Inleiding", "", "Bijna honderd mensen kwamen samen."),
        ("Synthese", "", "Eén team, vele talenten."),
        ("Synthese", "1", SYNTHESES[1]),
        ("Synthese", "2", SYNTHESES[2]),
    ]
    assert rows[-1][4] == "Hoe nu verder?"


def test_cli_formats_and_versions(archive, tmp_path, capsys):
    docx = tmp_path / "summary.docx"
    short = tmp_path / "short.pdf"
    xlsx = tmp_path / "notes.xlsx"
    assert main(["report", "--archive", str(archive), "--out", str(docx), "--format", "docx"]) == 0
    assert (
        main(["report", "--archive", str(archive), "--out", str(short), "--short", "--by", "table"])
        == 0
    )
    assert main(["csv", "--archive", str(archive), "--out", str(xlsx), "--format", "xlsx"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[:2] == [str(docx), str(short)]
    assert read_docx(docx).paragraphs and load_workbook(xlsx).active.max_row > 1
    assert squeeze(STARRED[1]) in flat(short.read_bytes())
    with pytest.raises(SystemExit) as stop:
        main(["report", "--archive", str(archive), "--out", str(docx), "--by", "room"])
    assert stop.value.code == 2
