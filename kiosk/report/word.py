"""The summary as a Word document (python-docx), for the communications staff to edit into the
newsletter: the same parts in the same order as the PDF, with real headings (Heading 1 per part,
Heading 2 within it), the striking remarks in the Quote style each followed by its attribution
line, the other notes as a list, and Dutch (or English) set as the language of the text.

Word and LibreOffice both open it; the contents is a field that Word fills in when opened.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from kiosk.core.i18n import translator
from kiosk.plan.model import Kind
from kiosk.report.data import EventContent, PrintedNote, ThemeContent, read_archive
from kiosk.report.fonts import clean
from kiosk.report.layout import write_atomically
from kiosk.report.sections import (
    kind_heading,
    note_groups,
    theme_kicker,
    votes_text,
    where_said,
)
from kiosk.report.style import Translate, long_date
from kiosk.report.summary import section_number
from kiosk.storage.texts import paragraphs

ATTRIBUTION = "Attribution"
NOTE = "Note"
KICKER = "Kicker"
# Repeatable output: a fixed date when the archive has no merge yet.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def summary_docx(
    event: EventContent, language: str | None = None, *, by: str = "theme", short: bool = False
) -> bytes:
    language = language or event.language
    _ = translator(language)
    doc = new_document()
    _setup(doc, event, language, _, short)
    sections = event.sections(by)
    kicker = _("Short summary of the theme tables") if short else _("Summary of the theme tables")
    doc.add_paragraph(kicker, style=KICKER)
    doc.add_paragraph(event.title, style="Title")
    where = " · ".join(p for p in (long_date(event.date, _), event.location) if p)
    if where:
        doc.add_paragraph(where, style="Subtitle")
    _figures(doc, event, _)
    _contents_field(doc, _)
    if event.texts.introduction:
        doc.add_heading(_("Introduction"), level=1)
        _prose(doc, event.texts.introduction)
    for section in sections:
        if short and not section.in_short:
            continue
        _section(doc, event, section, _, short)
    if event.texts.closing:
        doc.add_heading(_("What next?"), level=1)
        _prose(doc, event.texts.closing)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def write_summary_docx(
    archive: Path,
    out: Path,
    event_id: str | None = None,
    language: str | None = None,
    *,
    by: str = "theme",
    short: bool = False,
) -> Path:
    event = read_archive(archive, event_id)
    return write_atomically(out, summary_docx(event, language, by=by, short=short))


def _setup(
    doc: DocxDocument, event: EventContent, language: str, _: Translate, short: bool
) -> None:
    props = doc.core_properties
    props.title = event.title
    props.subject = (
        _("Short summary of the theme tables") if short else _("Summary of the theme tables")
    )
    props.author = event.organiser or "kiosk"
    props.last_modified_by = event.organiser or "kiosk"
    props.language = "nl-NL" if language == "nl" else "en-GB"
    props.created = props.modified = (event.merged_at or EPOCH).replace(tzinfo=None)
    props.revision = 1
    tag = "nl-NL" if language == "nl" else "en-GB"
    # The language of every run, through the defaults every style inherits.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), tag)
    styles = doc.styles
    styles["Normal"].font.name = "Noto Sans"
    styles["Normal"].font.size = Pt(10.5)
    attribution = styles.add_style(ATTRIBUTION, WD_STYLE_TYPE.PARAGRAPH)
    attribution.base_style = styles["Normal"]
    attribution.font.size = Pt(9)
    attribution.font.color.rgb = RGBColor(0x6A, 0x73, 0x7D)
    attribution.paragraph_format.left_indent = Pt(28)
    attribution.paragraph_format.space_after = Pt(10)
    note = styles.add_style(NOTE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["List Bullet"]
    kicker = styles.add_style(KICKER, WD_STYLE_TYPE.PARAGRAPH)
    kicker.base_style = styles["Normal"]
    kicker.font.bold = True
    kicker.font.all_caps = True
    kicker.font.size = Pt(8.5)
    kicker.font.color.rgb = RGBColor(0x1F, 0x6F, 0x78)


def _prose(doc: DocxDocument, text: str) -> None:
    for runs in paragraphs(text):
        paragraph = doc.add_paragraph()
        for run_text, bold, italic in runs:
            _add_text(paragraph, run_text, bold=bold, italic=italic)


def _add_text(
    paragraph: DocxParagraph, text: str, *, bold: bool = False, italic: bool = False
) -> None:
    """A run per line, with a line break between, so a typed line break stays one (controls
    that XML cannot hold are dropped, as in the PDF)."""
    for i, line in enumerate(clean(text).split("\n")):
        run = paragraph.add_run(line)
        run.bold = bold or None
        run.italic = italic or None
        if i:
            run._r.insert(0, OxmlElement("w:br"))


def _figures(doc: DocxDocument, event: EventContent, _: Translate) -> None:
    participants = str(event.participant_count) if event.participants else "–"
    values = [
        (str(len(event.tables)), _("Tables")),
        (str(len(event.rounds)), _("Rounds")),
        (participants, _("Participants")),
        (f"{event.note_count:,}".replace(",", "."), _("Notes")),
    ]
    table = doc.add_table(rows=2, cols=len(values))
    for column, (value, label) in enumerate(values):
        number = table.cell(0, column).paragraphs[0].add_run(value)
        number.bold = True
        number.font.size = Pt(22)
        number.font.color.rgb = RGBColor(0x1F, 0x6F, 0x78)
        table.cell(1, column).paragraphs[0].add_run(label.upper()).font.size = Pt(8)
    if event.participants:
        line = doc.add_paragraph()
        line.add_run(_("Participants by role") + ": ").bold = True
        line.add_run(" · ".join(f"{role} {count}" for role, count in event.participants))


def _contents_field(doc: DocxDocument, _: Translate) -> None:
    """A table-of-contents field over Heading 1 and 2; Word updates it on opening."""
    doc.add_paragraph(_("In this summary"), style=KICKER)
    paragraph = doc.add_paragraph()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-1" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = _("(The contents appear when the fields are updated.)")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, placeholder, end):
        run = OxmlElement("w:r")
        run.append(element)
        paragraph._p.append(run)
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _section(
    doc: DocxDocument, event: EventContent, section: ThemeContent, _: Translate, short: bool
) -> None:
    number = section_number(event, section.key)
    doc.add_paragraph(theme_kicker(number, section, _), style=KICKER)
    doc.add_heading(section.title, level=1)
    if section.description.strip() and not short:
        _add_text(doc.add_paragraph(), section.description)
    if section.questions and not short:
        doc.add_paragraph(_("Guiding questions"), style=KICKER)
        for question in section.questions:
            _add_text(doc.add_paragraph(style="List Bullet"), question, italic=True)
    if section.synthesis or section.table_syntheses:
        doc.add_heading(_("Synthesis"), level=2)
        _prose(doc, section.synthesis)
        for table, text in section.table_syntheses:
            doc.add_heading(_("Table {number}").format(number=table), level=3)
            _prose(doc, text)
    highlights = sorted(
        section.highlights, key=lambda n: (n.kind != "quote", -n.votes, n.table, n.round)
    )
    if highlights:
        doc.add_heading(_("Striking remarks"), level=2)
        for note in highlights:
            _add_text(doc.add_paragraph(style="Quote"), f"‘{note.text}’")
            details = [where_said(note, _)]
            if note.votes:
                details.append(votes_text(note.votes, _))
            line = doc.add_paragraph(style=ATTRIBUTION)
            _add_text(line, f"— {note.role or _('Participant')}", bold=True)
            _add_text(line, "  " + " · ".join(details))
    if not short and section.others:
        doc.add_heading(_("What the tables wrote down"), level=2)
        _note_list(doc, event, section.others, _)


def _note_list(
    doc: DocxDocument, event: EventContent, notes: tuple[PrintedNote, ...], _: Translate
) -> None:
    kind_order = {k.key: i for i, k in enumerate(event.kinds)}
    groups = note_groups(notes, _)
    clustered = any(label is not None for label, _notes in groups)
    for label, grouped in groups:
        if clustered:
            doc.add_heading(label if label is not None else _("Other notes"), level=3)
        by_kind: dict[str, list[PrintedNote]] = defaultdict(list)
        for note in grouped:
            by_kind[note.kind].append(note)
        for key in sorted(by_kind, key=lambda k: (kind_order.get(k, len(kind_order)), k)):
            kind = event.kind(key) or Kind(key=key, label=key, color="#DDDDDD")
            doc.add_paragraph(kind_heading(kind, _), style=KICKER)
            for note in sorted(by_kind[key], key=lambda n: -n.votes):
                details = [note.role] if note.role else []
                details.append(where_said(note, _))
                if note.votes:
                    details.append(votes_text(note.votes, _))
                item = doc.add_paragraph(style=NOTE)
                _add_text(item, note.text)
                detail = item.add_run("  (" + " · ".join(details) + ")")
                detail.font.size = Pt(8)
                detail.font.color.rgb = RGBColor(0x6A, 0x73, 0x7D)
