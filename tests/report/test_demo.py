"""The bundled demo event: its notes import as they are, and the pipeline prints everything."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from kiosk import demo
from kiosk.storage.models import Exchange
from kiosk.storage.store import open_store
from kiosk.table.notes_csv import read_notes_csv
from tests.report.conftest import pdf_pages, squeeze


def test_demo_notes_import_cleanly(demo_plan):
    for table in demo_plan.tables:
        path = demo.demo_file("notes", f"table-{table.number}.csv")
        rows = read_notes_csv(path, demo_plan).rows
        assert 15 <= len(rows) <= 30, path
        assert any(r.starred for r in rows) and all(r.role for r in rows if r.starred)
        assert any(r.cluster for r in rows) and any(r.votes for r in rows), path


def test_demo_pipeline_exports_merges_and_prints(tmp_path: Path, demo_plan):
    written = demo.run(tmp_path / "demo")
    names = {p.name for p in written}
    assert {"summary.pdf", "table-cards.pdf", "archive.sqlite", "notes.csv"} <= names
    assert all(p.exists() for p in written)
    # The archive was made by merging one export per table, not written directly.
    with open_store(tmp_path / "demo" / "archive.sqlite", create=False) as store:
        with store.begin() as session:
            merged = session.scalars(
                select(Exchange.table_number).where(Exchange.direction == "import")
            ).all()
    assert sorted(merged) == [t.number for t in demo_plan.tables]
    assert len([p for p in written if p.parent.name == "handouts"]) == len(demo_plan.themes)
    summary = squeeze("".join(pdf_pages(tmp_path / "demo" / "summary.pdf")))
    assert squeeze("Er is lef nodig om het gewoon te gaan doen!— Bestuurder") in summary
