"""The summary PDF read back: every printable note verbatim, nothing hidden, quotes with roles."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from pypdf import PdfReader

from kiosk.cli import main
from kiosk.core.errors import KioskError
from kiosk.report.data import read_archive
from kiosk.report.summary import summary_pdf, write_summary
from tests.report.conftest import START, Spec, body_text, pdf_pages, squeeze

ARABIC = "أهلاً وسهلاً بالجميع"


@pytest.fixture
def notes() -> list[Spec]:
    return [
        Spec(
            1,
            "Ik wil gewoon naar de school waar mijn vrienden ook heen gaan.",
            "quote",
            role="Jongere",
            starred=True,
            votes=6,
        ),
        Spec(
            2,
            "Geef ongelijkheid een naam en een gezicht.",
            "quote",
            1,
            "Schoolleider",
            starred=True,
            cluster="Vooroordelen",
        ),
        Spec(2, "Een starred note without a role.", "insight", 2, starred=True),
        Spec(
            1,
            "Zorg voor gespecialiseerd personeel, bijvoorbeeld pedagogisch medewerkers.",
            "suggestion",
            1,
            "Docent",
            votes=3,
            cluster="Personeel",
        ),
        Spec(1, "Wie betaalt de extra begeleiding?", "question", 2, "Ouder", cluster="Personeel"),
        Spec(
            3,
            "Hoe helpen docenten leerlingen als ze zelf niet goed in hun vel zitten?",
            "question",
            1,
            "Docent",
        ),
        Spec(4, "Laat het idee van één klas, één vak, één docent los.", "insight", 2),
        Spec(5, "Warme overdracht van po naar vo.", "suggestion", 1, "Ouder", votes=1),
        Spec(
            6, "Er is lef nodig om het gewoon te gaan doen!", "quote", 2, "Bestuurder", starred=True
        ),
        Spec(6, "A remark naming Mr Jansen, hidden by the organiser.", hidden=True),
        Spec(3, "Typed by mistake and deleted on the wall.", deleted=True),
        Spec(5, "Hidden even though it was starred.", "quote", starred=True, hidden=True),
    ]


@pytest.fixture
def archive(archive_of, demo_plan, notes):
    return archive_of(
        demo_plan,
        notes,
        tallies={
            (1, 1, "Jongere"): 3,
            (1, 2, "Jongere"): 2,
            (2, 1, "Ouder"): 4,
            (3, 1, "Wethouder"): 1,
        },
    )


def printable(notes: list[Spec]) -> list[Spec]:
    return [n for n in notes if not n.hidden and not n.deleted]


def test_every_printable_note_and_nothing_hidden_or_deleted(archive, notes, tmp_path):
    out = write_summary(archive, tmp_path / "summary.pdf")
    text = squeeze("".join(pdf_pages(out)))
    for note in printable(notes):
        assert squeeze(note.text) in text, note.text
    for note in notes:
        if note.hidden or note.deleted:
            assert squeeze(note.text) not in text, note.text


def test_each_starred_note_is_a_quote_followed_by_its_role(archive, notes):
    text = squeeze("".join(pdf_pages(summary_pdf(read_archive(archive, None)))))
    for note in printable(notes):
        if note.starred:
            who = note.role or "Deelnemer"
            assert squeeze(note.text) + squeeze(f"— {who}") in text, note.text
    assert "OPVALLENDE UITSPRAKEN" in "".join(pdf_pages(summary_pdf(read_archive(archive, None))))


def test_one_bookmark_per_theme_in_plan_order(archive, demo_plan):
    reader = PdfReader(io.BytesIO(summary_pdf(read_archive(archive, None))))
    assert [item.title for item in reader.outline] == [t.title for t in demo_plan.themes]


def test_a_theme_merges_its_tables_and_shows_table_and_round(archive):
    event = read_archive(archive, None)
    pages = pdf_pages(summary_pdf(event))
    inclusion = next(p for p in pages if "Dekkend aanbod en inclusie" in p and "THEMA 1" in p)
    assert "TAFELS 1 EN 2" in inclusion
    assert "tafel 1, ronde 1" in inclusion and "tafel 2, ronde 1" in inclusion
    assert "6 stemmen" in inclusion
    # A cluster of the theme's tables heads its notes (a starred note is quoted instead).
    whole = "".join(pages)
    assert squeeze("Personeel SUGGESTIES EN ACTIES") in squeeze(whole)
    assert "Vooroordelen" not in whole


def test_cover_counts_and_participants_by_role(archive):
    cover = pdf_pages(summary_pdf(read_archive(archive, None)))[0]
    assert squeeze("Van diplomagericht naar toekomstgericht onderwijs") in squeeze(cover)
    assert "donderdag 31 maart 2022" in cover and "Podium Victorie, Alkmaar" in cover
    # Tables 6, rounds 2, participants: Jongere 3 (the most in one round) + Ouder 4 + Wethouder 1.
    assert squeeze("6 2 8 9") in squeeze(cover)
    assert "Jongere 3" in cover and "Ouder 4" in cover and "Wethouder 1" in cover
    assert "NOTITIES PER THEMA EN RONDE" in cover and "DEELNEMERS PER ROL" in cover


def test_header_footer_and_metadata(archive):
    data = summary_pdf(read_archive(archive, None))
    reader = PdfReader(io.BytesIO(data))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"pagina {number} van {total}" in page.extract_text()
    assert "Van diplomagericht naar toekomstgericht onderwijs" in reader.pages[1].extract_text()
    assert reader.metadata.title == "Van diplomagericht naar toekomstgericht onderwijs"
    assert reader.metadata.subject == "Verslag van de thematafels"


def test_english_labels(archive):
    text = "".join(pdf_pages(summary_pdf(read_archive(archive, None), "en")))
    assert "STRIKING REMARKS" in text and "page 1 of" in text and "Thursday 31 March 2022" in text
    assert "OPVALLENDE UITSPRAKEN" not in text and "pagina" not in text


def test_text_prints_as_typed(archive_of, demo_plan, tmp_path):
    specials = [
        "<b>not bold</b> & <i>not italic</i> <3",
        "Emoji 🙂 👍 <3 and a heart ❤",
        "Türkçe: Okul değişince her şey yeniden başlıyor. İyi çalışmalar, ğüşıöç",
        "First line\nsecond line\n\nafter an empty line",
        "x" * 10_000,
        ("word " * 2_000).strip(),
    ]
    notes = [Spec(1, text, starred=i % 2 == 0, role="Ouder") for i, text in enumerate(specials)]
    notes.append(Spec(2, ARABIC, "quote", role="Ouder"))
    archive = archive_of(demo_plan, notes)
    out = write_summary(archive, tmp_path / "s.pdf")
    pages = pdf_pages(out)
    furniture = {demo_plan.event.title} | {t.title for t in demo_plan.themes}
    text = squeeze(body_text(pages, furniture))
    for special in specials:
        assert squeeze(special) in text, special[:40]
    # Line breaks typed in a note are line breaks on paper.
    assert any("First line\nsecond line" in page for page in pages)
    # Arabic is shaped and set right to left, so the text layer holds each word in visual
    # (reversed) order, as PDF readers expect for right-to-left runs.
    for word in ARABIC.split():
        assert squeeze(word[::-1]) in text, word


def test_byte_identical_on_a_second_run(archive, tmp_path):
    first = write_summary(archive, tmp_path / "one.pdf").read_bytes()
    second = write_summary(archive, tmp_path / "two.pdf").read_bytes()
    assert first == second
    assert list(tmp_path.glob(".kiosk-*")) == []


def test_cli_writes_the_summary_and_prints_its_path(archive, tmp_path, capsys):
    out = tmp_path / "out" / "verslag.pdf"
    assert main(["report", "--archive", str(archive), "--out", str(out), "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert "STRIKING REMARKS" in "".join(pdf_pages(out))


def test_event_needed_when_the_archive_holds_more(archive_of, demo_plan, plan_data, tmp_path):
    from kiosk.plan.model import plan_from_data
    from kiosk.storage.queries import install_plan
    from kiosk.storage.store import open_store

    archive = archive_of(demo_plan, [Spec(1, "Demo note")])
    other = plan_from_data(plan_data)
    with open_store(archive) as store, store.begin() as session:
        install_plan(session, other, START)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "report",
            "--archive",
            str(archive),
            "--out",
            str(tmp_path / "x.pdf"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert str(archive) in result.stderr and "--event" in result.stderr
    assert demo_plan.event_id in result.stderr and other.event_id in result.stderr
    assert not (tmp_path / "x.pdf").exists()

    out = tmp_path / "chosen.pdf"
    assert (
        main(
            ["report", "--archive", str(archive), "--out", str(out), "--event", demo_plan.event_id]
        )
        == 0
    )
    assert "Demo note" in "".join(pdf_pages(out))


def test_missing_or_empty_archive_is_refused_by_name(tmp_path):
    missing = tmp_path / "nope.sqlite"
    with pytest.raises(KioskError, match="nope.sqlite: no such archive"):
        write_summary(missing, tmp_path / "s.pdf")
    from kiosk.storage.store import open_store

    empty = tmp_path / "empty.sqlite"
    open_store(empty).close()
    with pytest.raises(KioskError, match="empty.sqlite: holds no event"):
        write_summary(empty, tmp_path / "s.pdf")


def test_unwritable_output_is_refused_by_name(archive, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(KioskError, match="file/s.pdf: cannot be written"):
        write_summary(archive, blocker / "s.pdf")


def test_a_plan_with_many_themes_still_lays_out(archive_of, plan_data):
    from kiosk.plan.model import plan_from_data

    plan_data["themes"] = [
        {
            "key": f"t{i}",
            "title": f"Thema nummer {i} met een vrij lange titel erbij",
            "questions": ["?"],
        }
        for i in range(100)
    ]
    plan_data["tables"] = [{"number": i + 1, "theme": f"t{i}"} for i in range(100)]
    plan = plan_from_data(plan_data)
    archive = archive_of(plan, [Spec(i + 1, f"Notitie {i}") for i in range(100)])
    reader = PdfReader(io.BytesIO(summary_pdf(read_archive(archive, None))))
    assert len(reader.outline) == 100
    text = squeeze("".join(p.extract_text() for p in reader.pages))
    assert all(f"Notitie{i}" in text for i in range(100))


def test_the_plans_language_is_the_default(archive_of, plan_data):
    from kiosk.plan.model import plan_from_data

    plan_data["event"]["language"] = "en"
    archive = archive_of(plan_from_data(plan_data), [Spec(1, "Hello", starred=True)])
    text = "".join(pdf_pages(summary_pdf(read_archive(archive, None))))
    assert "STRIKING REMARKS" in text and "OPVALLENDE UITSPRAKEN" not in text
    dutch = "".join(pdf_pages(summary_pdf(read_archive(archive, None), "nl")))
    assert "OPVALLENDE UITSPRAKEN" in dutch
