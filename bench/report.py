"""The summary PDF of 5,000 notes against a bare ReportLab script laying out the same texts.

The bare side is what any ReportLab program pays at the least: a SimpleDocTemplate with one
plain Paragraph per note in the same bundled font, texts already in memory. The kiosk side reads
the archive and lays out the full summary (cover, chart, sections, quotes, clusters, header,
"pagina X van Y", the contents with page numbers, an introduction, a synthesis per table and a
closing). They run alternately in one process so drift hits both alike. Target <= 2x.

The Word copy of the same summary (python-docx) is timed too, for the record: it has no bare
baseline to be held to.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402
from sqlalchemy import update  # noqa: E402

from kiosk.plan.model import load_plan  # noqa: E402
from kiosk.report.data import read_archive  # noqa: E402
from kiosk.report.fonts import SANS, register_fonts  # noqa: E402
from kiosk.report.summary import summary_pdf  # noqa: E402
from kiosk.report.word import summary_docx  # noqa: E402
from kiosk.storage.models import Cluster, Note  # noqa: E402
from kiosk.storage.queries import Station, add_note, install_plan  # noqa: E402
from kiosk.storage.store import open_store  # noqa: E402
from kiosk.storage.texts import CLOSING, INTRO, TextKey, save_text  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "kiosk" / "resources" / "demo" / "plan.json"
PHRASES = (
    "Geef ongelijkheid een naam en een gezicht.",
    "Vraag ouders wat ze nodig hebben om pedagogisch partner te kunnen zijn.",
    "Zorg dat professionalisering een prioriteit wordt & maak er tijd voor.",
    "Door beter samen te werken kun je problemen eerder zien aankomen.",
    "Laat het idee van één klas, één vak, één docent los.",
    "Er is lef nodig om het gewoon te gaan doen!",
    "Hoe houden we het aanbod dekkend in de kleinere kernen van de regio?",
)
KINDS = ("insight", "quote", "suggestion", "question")
ROLES = ("Jongere", "Ouder", "Docent", "Schoolleider", None)


def build(path: Path, count: int) -> list[str]:
    plan = load_plan(DEMO)
    rnd = random.Random(5000)
    start = datetime(2022, 3, 31, 9, tzinfo=UTC)
    texts = []
    with open_store(path) as store, store.begin() as session:
        install_plan(session, plan, start)
        clusters = {}
        for table in plan.tables:
            for label in ("Samenwerking", "Tijd en ruimte", "Ouders"):
                cluster_id = str(uuid.uuid4())
                clusters.setdefault(table.number, []).append(cluster_id)
                session.add(
                    Cluster(
                        id=cluster_id,
                        event_id=plan.event_id,
                        table_number=table.number,
                        label=label,
                        created_at=start,
                        updated_at=start,
                        device_id="bench",
                    )
                )
        session.flush()
        for i in range(count):
            table = plan.tables[i % len(plan.tables)].number
            text = " ".join(rnd.choice(PHRASES) for _ in range(rnd.randint(1, 5)))
            texts.append(text)
            note = add_note(
                session,
                Station(plan.event_id, table, "bench"),
                text=text,
                kind=rnd.choice(KINDS),
                role=rnd.choice(ROLES),
                starred=rnd.random() < 0.03,
                round_number=rnd.randint(1, 2),
                x=0,
                y=0,
                now=start + timedelta(seconds=i),
            )
            if rnd.random() < 0.6:
                # What a host does on the wall: put the note in a group, the table votes.
                session.execute(
                    update(Note)
                    .where(Note.id == note.id)
                    .values(cluster_id=rnd.choice(clusters[table]), votes=rnd.randint(0, 6))
                )
        # The organiser's words, a few paragraphs each, as in the event's newsletter.
        prose = "\n\n".join(" ".join(PHRASES[i:] + PHRASES[:i]) for i in range(3))
        save_text(session, plan.event_id, TextKey(INTRO), prose, start)
        save_text(session, plan.event_id, TextKey(CLOSING), prose, start)
        for table in plan.tables:
            save_text(session, plan.event_id, TextKey.table(table.number), prose, start)
    return texts


def bare(texts: list[str]) -> bytes:
    style = ParagraphStyle("plain", fontName=SANS, fontSize=10, leading=14)
    out = io.BytesIO()
    SimpleDocTemplate(out).build([Paragraph(escape(t), style) for t in texts])
    return out.getvalue()


def ours(archive: Path) -> bytes:
    return summary_pdf(read_archive(archive, None))


def word(archive: Path) -> bytes:
    return summary_docx(read_archive(archive, None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    register_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive.sqlite"
        texts = build(archive, args.notes)
        bare(texts[:50]), ours(archive)  # warm up imports and font caches on both sides
        bare_times, our_times, word_times = [], [], []
        for _ in range(args.rounds):
            start = time.perf_counter()
            bare_pdf = bare(texts)
            bare_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            our_pdf = ours(archive)
            our_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            word_docx = word(archive)
            word_times.append(time.perf_counter() - start)
    b, o = statistics.median(bare_times), statistics.median(our_times)
    print(f"notes: {args.notes}, rounds: {args.rounds} (medians)")
    print(f"bare ReportLab paragraphs: {b:.3f} s ({len(bare_pdf):,} bytes)")
    print(f"kiosk summary:             {o:.3f} s ({len(our_pdf):,} bytes)")
    print(f"ratio kiosk/bare: {o / b:.2f}x (target <= 2x)")
    w = statistics.median(word_times)
    print(f"kiosk summary as Word:     {w:.3f} s ({len(word_docx):,} bytes; {w / b:.2f}x bare)")


if __name__ == "__main__":
    main()
