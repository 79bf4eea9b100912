"""The summary PDF of an event, read like the event's own newsletter: a cover with the day in
figures and the contents, the organiser's introduction, a section per theme (its tables merged) or
per table, each with the organiser's synthesis, the striking remarks and the other notes, and the
closing ("Hoe nu verder?") last. The short version keeps the introduction, the syntheses, the
starred remarks and the closing, for sending round.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.core.i18n import translator
from kiosk.report.data import EventContent, ThemeContent, read_archive
from kiosk.report.fonts import SANS, SERIF, markup
from kiosk.report.layout import Document, OutlineTitle, PageRef, write_atomically
from kiosk.report.sections import (
    prose,
    section_key,
    theme_kicker,
    theme_section,
)
from kiosk.report.style import (
    ACCENT,
    ACCENT_SOFT,
    INK,
    MUTED,
    RULE,
    Styles,
    Translate,
    long_date,
    make_styles,
)

BY = ("theme", "table")
INTRO_KEY = "introduction"
CLOSING_KEY = "closing"


def section_number(event: EventContent, key: str) -> int:
    """A theme's number in the plan's order (a per-table section keeps its theme's number)."""
    return next(i for i, theme in enumerate(event.themes, start=1) if theme.key == key)


def summary_pdf(
    event: EventContent,
    language: str | None = None,
    on_page: Callable[[int], None] | None = None,
    *,
    by: str = "theme",
    short: bool = False,
) -> bytes:
    """The summary as PDF bytes; `on_page` hears of each page done and may raise to stop."""
    language = language or event.language
    _ = translator(language)
    st = make_styles()
    title = event.title
    doc = Document(
        io.BytesIO(),
        _=_,
        title=title,
        subject=_("Short summary of the theme tables")
        if short
        else _("Summary of the theme tables"),
        header=title,
        first_page_plain=True,
        on_page=on_page,
        lang="nl-NL" if language == "nl" else "en",
        author=event.organiser,
        created=event.merged_at,
    )
    sections = event.sections(by)
    # The cover template is for the first page only; anything after it has the running header.
    story: list[Flowable] = [
        NextPageTemplate("body"),
        *cover(event, st, _, doc.width, sections=sections, short=short),
    ]
    if event.texts.introduction:
        # The introduction and the closing are short: they run on after what precedes them.
        story += _break(True)
        title = _("Introduction")
        story.append(OutlineTitle(markup(title), st.title, title, INTRO_KEY))
        story += prose(event.texts.introduction, st.prose)
    for section in sections:
        if short and not section.in_short:
            continue
        story += _break(short)
        number = section_number(event, section.key)
        story.extend(theme_section(number, section, event, st, _, outline=True, short=short))
    if event.texts.closing:
        story += _break(True)
        story.append(OutlineTitle(markup(_("What next?")), st.title, _("What next?"), CLOSING_KEY))
        story += prose(event.texts.closing, st.prose)
    return doc.render(story)


def _break(short: bool) -> list[Flowable]:
    # The short version runs on (a few pages to send round); the full one starts each part anew.
    if short:
        return [Spacer(1, 8 * mm), CondPageBreak(70 * mm)]
    return [PageBreak()]


def write_summary(
    archive: Path,
    out: Path,
    event_id: str | None = None,
    language: str | None = None,
    *,
    by: str = "theme",
    short: bool = False,
) -> Path:
    event = read_archive(archive, event_id)
    return write_atomically(out, summary_pdf(event, language, by=by, short=short))


def cover(
    event: EventContent,
    st: Styles,
    _: Translate,
    width: float,
    *,
    sections: tuple[ThemeContent, ...] | None = None,
    short: bool = False,
) -> list[Flowable]:
    where = " · ".join(p for p in (long_date(event.date, _), event.location) if p)
    kicker = _("Short summary of the theme tables") if short else _("Summary of the theme tables")
    story: list[Flowable] = [
        Spacer(1, 4 * mm),
        Paragraph(markup(kicker), st.kicker),
        Paragraph(markup(event.title), _bigger(st.title, 1.3)),
    ]
    if where:
        story.append(Paragraph(markup(where), st.lead))
    story += [Spacer(1, 6 * mm), figures(event, st, _, width), Spacer(1, 7 * mm)]
    if event.participants:
        story.append(Paragraph(markup(_("Participants by role")), st.kind))
        # No line break inside "Jongere 10 ·": a role stays with its count and separator.
        roles = " ".join(
            f"{role}\u00a0{count}\u00a0·" for role, count in event.participants
        ).removesuffix("\u00a0·")
        story.append(Paragraph(markup(roles), st.body))
        story.append(Spacer(1, 5 * mm))
    if event.themes:
        if not short:
            story.append(Paragraph(markup(_("Notes per theme and round")), st.kind))
            story.append(Spacer(1, 2 * mm))
            story.append(chart(event, _, width))
            story.append(Spacer(1, 5 * mm))
        story.append(Paragraph(markup(_("In this summary")), st.kind))
        story.append(contents(event, st, _, width, sections=sections, short=short))
    return story


def contents(
    event: EventContent,
    st: Styles,
    _: Translate,
    width: float,
    *,
    sections: tuple[ThemeContent, ...] | None = None,
    short: bool = False,
) -> Table:
    """The parts in order, with their tables, how many notes each has, and the page it starts on."""
    number_style = st.body.clone("contents-number", fontName=SANS + "-Bold", textColor=ACCENT)
    title_style = st.body.clone("contents-title", fontName=SERIF + "-Bold", textColor=INK)
    detail_style = st.small.clone("contents-detail", alignment=TA_RIGHT)

    def page(key: str) -> PageRef:
        return PageRef(key, SANS + "-Bold", st.body.fontSize, ACCENT)

    def part(title: str, key: str) -> list[Flowable]:
        # A part without a number or notes; empty paragraphs, as a table aligns those by baseline.
        blank = Paragraph("", number_style)
        return [blank, Paragraph(markup(title), title_style), blank, page(key)]

    rows = []
    if event.texts.introduction:
        rows.append(part(_("Introduction"), INTRO_KEY))
    for section in sections if sections is not None else event.themes:
        if short and not section.in_short:
            continue
        number = section_number(event, section.key)
        count = len(section.highlights) if short else len(section.notes)
        if short:
            notes = _("1 remark") if count == 1 else _("{count} remarks").format(count=count)
        else:
            notes = _("1 note") if count == 1 else _("{count} notes").format(count=count)
        tables = theme_kicker(number, section, _).split(" · ", 1)[1 if section.table is None else 0]
        rows.append(
            [
                Paragraph(str(number), number_style),
                Paragraph(markup(section.title), title_style),
                Paragraph(markup(f"{tables} · {notes}"), detail_style),
                page(section_key(section)),
            ]
        )
    if event.texts.closing:
        rows.append(part(_("What next?"), CLOSING_KEY))
    table = Table(rows, colWidths=[8 * mm, width * 0.56, None, 12 * mm])
    table.setStyle(
        TableStyle(
            [
                # A table sets its cells' font even for paragraph cells: ours, never Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("VALIGN", (0, 0), (2, -1), "BASELINE"),
                ("VALIGN", (3, 0), (3, -1), "BOTTOM"),
            ]
        )
    )
    return table


def _bigger(style: ParagraphStyle, factor: float) -> ParagraphStyle:
    bigger = style.clone(style.name + "-cover")
    bigger.fontSize = style.fontSize * factor
    bigger.leading = style.leading * factor
    return bigger


def figures(event: EventContent, st: Styles, _: Translate, width: float) -> Table:
    """The day in four figures, large, with a caption under each."""
    values: list[tuple[int | None, str]] = [
        (len(event.tables), _("Tables")),
        (len(event.rounds), _("Rounds")),
        (event.participant_count, _("Participants")),
        (event.note_count, _("Notes")),
    ]
    number = _bigger(st.title, 1.25)
    number.spaceAfter = 0
    number.textColor = ACCENT
    caption = st.small.clone("caption")
    caption.textTransform = "uppercase"
    if not event.participants:
        # No host counted anyone: a dash, not a zero that reads as an empty hall.
        values[2] = (None, values[2][1])
    cells = [
        [
            Paragraph("–" if value is None else f"{value:,}".replace(",", "."), number)
            for value, _label in values
        ],
        [Paragraph(markup(label), caption) for _value, label in values],
    ]
    table = Table(cells, colWidths=[width / 4] * 4)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE),
                ("LINEBELOW", (0, 1), (-1, 1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, 0), 10),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 10),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return table


def chart(event: EventContent, _: Translate, width: float) -> Drawing:
    """A horizontal bar per theme, one segment per round (ReportLab graphics)."""
    themes = event.themes
    rounds = event.rounds or (1,)
    label_width = 62 * mm
    # Rows shrink so that a plan with many themes still fits its chart on one page.
    row = min(18.0, 420.0 / max(len(themes), 1))
    bar_height = row * 0.55
    gap = row - bar_height
    label_size = min(8.0, row * 0.75)
    label_lines = 2 if row >= 18 else 1
    plot_height = len(themes) * row
    legend_height = 16
    height = plot_height + legend_height + 26
    drawing = Drawing(width, height)
    # The renderer starts in this font (Helvetica unless told): ours, so no unused font is left.
    drawing.initialFontName = SANS

    counts = [[sum(1 for n in theme.notes if n.round == rnd) for theme in themes] for rnd in rounds]
    bars = HorizontalBarChart()
    bars.x = label_width
    bars.y = 18
    bars.width = width - label_width - 8
    bars.height = plot_height
    # Top-to-bottom in theme order, like the sections that follow.
    bars.data = [list(reversed(series)) for series in counts]
    bars.categoryAxis.categoryNames = [
        "\n".join(textwrap.wrap(" ".join(t.title.split()), 38)[:label_lines])
        for t in reversed(themes)
    ]
    bars.categoryAxis.style = "stacked"
    bars.categoryAxis.labels.fontName = SANS
    bars.categoryAxis.labels.fontSize = label_size
    bars.categoryAxis.labels.fillColor = INK
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.labels.dx = -6
    bars.categoryAxis.labels.textAnchor = "end"
    bars.categoryAxis.labels.leading = label_size * 1.2
    bars.categoryAxis.strokeColor = RULE
    bars.categoryAxis.tickLeft = 0
    bars.valueAxis.valueMin = 0
    top = max((sum(col) for col in zip(*counts, strict=True)), default=0)
    bars.valueAxis.valueMax = max(top, 1) * 1.08
    bars.valueAxis.valueStep = _nice_step(top)
    bars.valueAxis.labels.fontName = SANS
    bars.valueAxis.labels.fontSize = 7.5
    bars.valueAxis.labels.fillColor = MUTED
    bars.valueAxis.strokeColor = RULE
    bars.valueAxis.visibleGrid = 1
    bars.valueAxis.gridStrokeColor = colors.HexColor("#E6EBEE")
    bars.valueAxis.gridStrokeWidth = 0.5
    bars.barWidth = bar_height
    bars.groupSpacing = gap
    bars.bars.strokeColor = None
    shades = _round_shades(len(rounds))
    for i, shade in enumerate(shades):
        bars.bars[i].fillColor = shade
    drawing.add(bars)

    legend = Legend()
    legend.x = label_width
    legend.y = height - 6
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = SANS
    legend.fontSize = 8
    legend.fillColor = INK
    legend.boxAnchor = "nw"
    legend.dx = legend.dy = 8
    legend.deltax = 70
    legend.colorNamePairs = [
        (shade, _("Round {number}").format(number=rnd))
        for shade, rnd in zip(shades, rounds, strict=True)
    ]
    drawing.add(legend)
    if not event.note_count:
        drawing.add(String(label_width + 4, 4, _("No notes yet."), fontName=SANS, fontSize=8))
    return drawing


def _round_shades(count: int) -> list[colors.Color]:
    if count == 1:
        return [ACCENT]
    return [
        colors.linearlyInterpolatedColor(ACCENT, ACCENT_SOFT, 0, count - 1, i) for i in range(count)
    ]


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 8:
            return step
    return 10_000
