"""Table cards: one A4 landscape page per table with its number, theme and guiding questions,
large enough to read from across the table.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    PageBreak,
    Paragraph,
    Spacer,
)

from kiosk.i18n import translator
from kiosk.plan import Plan, load_plan
from kiosk.report.fonts import SANS, SERIF, markup
from kiosk.report.layout import Document, write_atomically
from kiosk.report.style import ACCENT, INK, TEXT, long_date, make_styles


def cards_pdf(plan: Plan, language: str | None = None) -> bytes:
    _ = translator(language or plan.event.language)
    base = make_styles()
    number_style = base.title.clone(
        "card-number",
        fontName=SANS + "-Bold",
        fontSize=30,
        leading=36,
        textColor=ACCENT,
        textTransform="uppercase",
        spaceAfter=6,
    )
    theme_style = base.title.clone("card-theme", fontSize=46, leading=52, spaceAfter=16)
    lead_style = base.lead.clone(
        "card-lead", fontSize=17, leading=24, textColor=TEXT, spaceAfter=18
    )
    heading_style = base.kind.clone("card-heading", fontSize=13, leading=18, spaceAfter=8)
    question_style = base.question.clone(
        "card-question",
        fontName=SERIF + "-Italic",
        fontSize=24,
        leading=32,
        leftIndent=30,
        bulletIndent=2,
        bulletFontSize=24,
        textColor=INK,
        spaceAfter=12,
    )
    pagesize = landscape(A4)
    margins = (20 * mm, 20 * mm, 22 * mm, 20 * mm)
    doc = Document(
        io.BytesIO(),
        _=_,
        title=plan.event.title,
        subject=_("Table cards"),
        header=" · ".join(
            p
            for p in (
                plan.event.title,
                long_date(plan.event.date.isoformat() if plan.event.date else None, _),
            )
            if p
        ),
        pagesize=pagesize,
        margins=margins,
    )
    story: list[Flowable] = []
    for i, table in enumerate(plan.tables):
        theme = plan.theme(table.theme)
        content: list[Flowable] = [
            Paragraph(markup(_("Table {number}").format(number=table.number)), number_style),
            Paragraph(markup(theme.title), theme_style),
        ]
        if theme.description.strip():
            content.append(Paragraph(markup(theme.description), lead_style))
        if theme.questions:
            content.append(Spacer(1, 4))
            content.append(Paragraph(markup(_("Guiding questions")), heading_style))
            content += [
                Paragraph(markup(q), question_style, bulletText="?") for q in theme.questions
            ]
        # However long the plan's texts, a card stays one page: shrink to fit rather than spill.
        story.append(KeepInFrame(doc.width, doc.height, content, mode="shrink"))
        if i < len(plan.tables) - 1:
            story.append(PageBreak())
    return doc.render(story)


def write_cards(plan_path: Path, out: Path, language: str | None = None) -> Path:
    plan = load_plan(plan_path)
    return write_atomically(out, cards_pdf(plan, language))
