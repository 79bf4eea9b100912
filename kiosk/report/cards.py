"""Table cards: one A4 landscape page per table with its number, theme and guiding questions,
large enough to read from across the table.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.core.i18n import translator
from kiosk.plan.model import Plan, load_plan
from kiosk.report.fonts import SANS, markup
from kiosk.report.layout import Document, write_atomically
from kiosk.report.style import ACCENT, ACCENT_SOFT, INK, long_date, make_styles


def cards_pdf(plan: Plan, language: str | None = None) -> bytes:
    _ = translator(language or plan.event.language)
    base = make_styles()
    label_style = base.kicker.clone("card-label", fontSize=20, leading=24, spaceAfter=0)
    number_style = base.title.clone(
        "card-number", fontSize=150, leading=150, textColor=ACCENT, spaceAfter=0
    )
    theme_style = base.title.clone("card-theme", fontSize=40, leading=46, spaceAfter=12)
    lead_style = base.lead.clone("card-lead", fontSize=17, leading=24, spaceAfter=0)
    heading_style = base.kind.clone(
        "card-heading", fontSize=13, leading=18, spaceBefore=0, spaceAfter=8
    )
    question_style = base.question.clone(
        "card-question",
        fontSize=24,
        leading=31,
        leftIndent=30,
        bulletIndent=2,
        bulletFontSize=24,
        textColor=INK,
        spaceAfter=10,
    )
    when = long_date(plan.event.date.isoformat() if plan.event.date else None, _)
    doc = Document(
        io.BytesIO(),
        _=_,
        title=plan.event.title,
        subject=_("Table cards"),
        header=" · ".join(p for p in (plan.event.title, when) if p),
        pagesize=landscape(A4),
        margins=(18 * mm, 18 * mm, 22 * mm, 16 * mm),
        numbered=False,
    )
    number_width = 62 * mm
    story: list[Flowable] = []
    for i, table in enumerate(plan.tables):
        theme = plan.theme(table.theme)
        about = [Paragraph(markup(theme.title), theme_style)]
        if theme.description.strip():
            about.append(Paragraph(markup(theme.description), lead_style))
        top = Table(
            [
                [
                    [
                        Paragraph(markup(_("Table")), label_style),
                        Paragraph(str(table.number), _number_size(number_style, table.number)),
                    ],
                    about,
                ]
            ],
            colWidths=[number_width, doc.width - number_width],
        )
        top.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("LINEAFTER", (0, 0), (0, 0), 1.5, ACCENT_SOFT),
                    ("LEFTPADDING", (1, 0), (1, 0), 10 * mm),
                ]
            )
        )
        content: list[Flowable] = [top]
        if theme.questions:
            content.append(Spacer(1, 14 * mm))
            content.append(Paragraph(markup(_("Guiding questions")), heading_style))
            content += [
                Paragraph(markup(q), question_style, bulletText="?") for q in theme.questions
            ]
        # However long the plan's texts, a card stays one page: shrink to fit rather than spill.
        story.append(KeepInFrame(doc.width, doc.height, content, mode="shrink"))
        if i < len(plan.tables) - 1:
            story.append(PageBreak())
    return doc.render(story)


def _number_size(style: ParagraphStyle, number: int) -> ParagraphStyle:
    """Table 7 in 150 pt; 12 and 112 smaller so that they fit the same column."""
    size = {1: 150, 2: 120}.get(len(str(number)), 84)
    return style.clone(f"card-number-{size}", fontSize=size, leading=size)


def write_cards(plan_path: Path, out: Path, language: str | None = None) -> Path:
    plan = load_plan(plan_path)
    return write_atomically(out, cards_pdf(plan, language))
