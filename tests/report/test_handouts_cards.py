"""Handouts hold exactly their theme's notes, highlights first; cards are one page per table."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from kiosk.cli import main
from kiosk.plan.model import plan_from_data
from kiosk.report.cards import cards_pdf
from kiosk.report.data import read_archive
from kiosk.report.handouts import handout_names, write_handouts
from tests.report.conftest import Spec, body_text, pdf_pages, squeeze


def theme_notes(plan, key, notes):
    tables = {t.number for t in plan.tables if t.theme == key}
    return [n for n in notes if n.table in tables]


def test_each_handout_holds_exactly_its_themes_notes(archive_of, demo_plan, tmp_path):
    notes = [
        Spec(
            t.number,
            f"Note {i} of table {t.number}, round {r}",
            kind,
            r,
            role,
            starred=i % 3 == 0,
            hidden=i == 7,
        )
        for i, (t, r, kind, role) in enumerate(
            (t, r, kind, role)
            for t in demo_plan.tables
            for r in (1, 2)
            for kind, role in (("insight", "Ouder"), ("quote", "Jongere"))
        )
    ]
    archive = archive_of(demo_plan, notes)
    paths = write_handouts(archive, tmp_path / "handouts")
    assert [p.name for p in paths] == [
        "01-dekkend-aanbod-en-inclusie.pdf",
        "02-welbevinden-en-mentale-gezondheid.pdf",
        "03-competentie-van-de-professional.pdf",
        "04-transitiemomenten-als-kans.pdf",
        "05-samenwerking-onderwijs-en-kernpartners.pdf",
    ]
    for theme, path in zip(demo_plan.themes, paths, strict=True):
        text = squeeze("".join(pdf_pages(path)))
        mine = theme_notes(demo_plan, theme.key, notes)
        for note in notes:
            shown = note in mine and not note.hidden
            assert (squeeze(note.text) in text) == shown, (path.name, note.text)
        # Highlights first: every starred note comes before every other one.
        starred = [text.index(squeeze(n.text)) for n in mine if n.starred and not n.hidden]
        others = [text.index(squeeze(n.text)) for n in mine if not n.starred and not n.hidden]
        assert max(starred) < min(others)
        reader = PdfReader(path)
        assert reader.metadata.title == theme.title
        assert reader.pages[0].mediabox.width == 595.2756  # A4


def test_handouts_cli_prints_each_file(archive_of, demo_plan, tmp_path, capsys):
    archive = archive_of(demo_plan, [Spec(1, "Eén notitie")])
    out = tmp_path / "uit"
    assert main(["handouts", "--archive", str(archive), "--out", str(out), "--lang", "en"]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [str(out / name) for name in handout_names(read_archive(archive, None))]
    assert "Eén notitie" in "".join(pdf_pages(out / "01-dekkend-aanbod-en-inclusie.pdf"))
    assert "No notes were written for this theme." in "".join(
        pdf_pages(out / "02-welbevinden-en-mentale-gezondheid.pdf")
    )


def test_handout_names_are_fat_safe_and_unique(archive_of, plan_data, tmp_path):
    plan_data["themes"] = [
        {"key": "a", "title": 'Welzijn: wat <werkt>? / "CON"'},
        {"key": "b", "title": "مرحبا"},
        {"key": "c", "title": 'Welzijn: wat <werkt>? / "CON"'},
    ]
    plan_data["tables"] = [{"number": 1, "theme": "a"}, {"number": 2, "theme": "b"}]
    archive = archive_of(plan_from_data(plan_data), [])
    names = handout_names(read_archive(archive, None))
    assert names == ["01-welzijn-wat-werkt-con.pdf", "02-b.pdf", "03-welzijn-wat-werkt-con.pdf"]
    assert all(re.fullmatch(r"[a-z0-9-]+\.pdf", n) for n in names)


def test_cards_one_landscape_page_per_table(demo_plan, demo_plan_path, tmp_path):
    out = tmp_path / "cards.pdf"
    assert main(["cards", "--plan", str(demo_plan_path), "--out", str(out)]) == 0
    reader = PdfReader(out)
    assert len(reader.pages) == len(demo_plan.tables)
    for table, page in zip(demo_plan.tables, reader.pages, strict=True):
        assert page.mediabox.width > page.mediabox.height
        text = squeeze(page.extract_text())
        theme = demo_plan.theme(table.theme)
        assert squeeze(f"TAFEL {table.number}") in text
        assert squeeze(theme.title) in text
        for question in theme.questions:
            assert squeeze(question) in text


def test_cards_stay_one_page_whatever_the_plan_says(plan_data):
    plan_data["themes"][0]["questions"] = ["Een hele lange vraag " * 20] * 30
    plan_data["themes"][0]["description"] = "Lang " * 900
    plan = plan_from_data(plan_data)
    reader = PdfReader(io.BytesIO(cards_pdf(plan, "en")))
    assert len(reader.pages) == len(plan.tables)
    assert "TABLE\n1\n" in reader.pages[0].extract_text()


def test_handout_in_large_type_breaks_any_length(archive_of, demo_plan, tmp_path):
    notes = [
        Spec(3, "y" * 10_000, "quote", role="Jongere", starred=True),
        Spec(3, "z" * 10_000, "insight", role="Ouder"),
        Spec(3, "regel een\nregel twee <3 & 🙂"),
    ]
    paths = write_handouts(archive_of(demo_plan, notes), tmp_path)
    pages = pdf_pages(paths[1])
    assert len(pages) > 3
    # The long runs come back whole once the running header and footer are taken out.
    body = squeeze(body_text(pages, {demo_plan.event.title, "donderdag 31 maart 2022"}))
    assert all(squeeze(note.text) in body for note in notes)
