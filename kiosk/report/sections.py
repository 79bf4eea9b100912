"""One theme's printed section: its questions, its striking remarks as pull quotes, and every
other note grouped by the table's clusters and by kind. Shared by the summary and the handouts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer

from kiosk.plan.model import Kind
from kiosk.report.data import EventContent, PrintedNote, ThemeContent
from kiosk.report.fonts import SANS, SERIF, markup
from kiosk.report.layout import OutlineTitle
from kiosk.report.style import (
    ACCENT_SOFT,
    INK,
    MUTED,
    RULE,
    Styles,
    Translate,
    darker,
    hex_colour,
    join_numbers,
)
from kiosk.storage.texts import paragraphs


class PullQuote(Flowable):
    """A quoted remark: the paragraph set in from the left with a large opening mark beside it.

    It splits like the paragraph inside it, so a very long remark runs on to the next page.
    """

    def __init__(self, paragraph: Paragraph, st: Styles, mark: bool = True):
        super().__init__()
        self.paragraph = paragraph
        self.st = st
        self.mark = mark
        self.indent = st.quote.fontSize * 2.3
        self.keepWithNext = 1

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _w, self.height = self.paragraph.wrap(available_width - self.indent, available_height)
        return available_width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self.paragraph.split(available_width - self.indent, available_height)
        return [PullQuote(part, self.st, mark=self.mark and i == 0) for i, part in enumerate(parts)]

    def getSpaceBefore(self) -> float:
        return self.paragraph.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.paragraph.getSpaceAfter()

    def draw(self) -> None:
        canvas = self.canv
        if self.mark:
            size = self.st.quote.fontSize * 3.2
            canvas.saveState()
            canvas.setFont(SERIF + "-Bold", size)
            canvas.setFillColor(ACCENT_SOFT)
            canvas.drawString(0, self.height - size * 0.78, "“")
            canvas.restoreState()
        self.paragraph.drawOn(canvas, self.indent, 0)


class NoteItem(Flowable):
    """A note in a list: a small square in its kind's colour, the text, and who said it where.

    The details (`Ouder · tafel 2, ronde 1 · 3 stemmen`) are set flush right on the note's last
    line when there is room, else on a line of their own beneath. They are drawn straight on
    the canvas rather than as a second font inside the paragraph: a paragraph in one font takes
    ReportLab's fast path, which halves the time a summary of thousands of notes takes.
    """

    GAP = 14.0

    def __init__(
        self,
        paragraph: Paragraph,
        details: str | None,
        colour: Color,
        st: Styles,
        first: bool = True,
    ):
        super().__init__()
        self.paragraph = paragraph
        self.details = details
        self.colour = colour
        self.st = st
        self.first = first
        self.indent = st.note.fontSize * 1.2

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        inner = available_width - self.indent
        _w, self.text_height = self.paragraph.wrap(inner, available_height)
        self.details_box: Paragraph | None = None
        self.details_height = 0.0
        self.inline = False
        if self.details:
            size = self.st.meta_size
            self.details_width = stringWidth(self.details, SANS, size)
            plain = self.details.isascii() or markup(self.details) == escape(self.details)
            if not plain or self.details_width > inner:
                # A role in another script, or too long for one line: a paragraph copes.
                self.details_box = Paragraph(markup(self.details), self.st.details)
                _w, self.details_height = self.details_box.wrap(inner, available_height)
            elif self._last_line_room() >= self.details_width + self.GAP:
                self.inline = True
            else:
                self.details_height = self.st.details.leading
        self.height = self.text_height + self.details_height
        return available_width, self.height

    def _last_line_room(self) -> float:
        lines = getattr(self.paragraph, "blPara", None)
        if lines is None or not lines.lines:
            return 0.0
        last = lines.lines[-1]
        return float(last.extraSpace if lines.kind == 1 else last[0])

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self.paragraph.split(available_width - self.indent, available_height)
        if len(parts) != 2:
            return []
        head, tail = parts
        return [
            NoteItem(head, None, self.colour, self.st, first=self.first),
            NoteItem(tail, self.details, self.colour, self.st, first=False),
        ]

    def getSpaceAfter(self) -> float:
        return self.st.note.spaceAfter

    def draw(self) -> None:
        canvas = self.canv
        style = self.st.note
        self.paragraph.drawOn(canvas, self.indent, self.details_height)
        canvas.saveState()
        if self.first:
            side = style.fontSize * 0.45
            canvas.setFillColor(self.colour)
            canvas.rect(0, self.height - style.fontSize * 0.68, side, side, stroke=0, fill=1)
        if self.details_box is not None:
            self.details_box.drawOn(canvas, self.indent, 0)
        elif self.details:
            canvas.setFillColor(MUTED)
            canvas.setFont(SANS, self.st.meta_size)
            right = self.width
            if self.inline:
                # The baseline of the paragraph's last line.
                y = style.leading - style.fontSize
            else:
                y = self.st.details.leading - self.st.meta_size
            canvas.drawRightString(right, y, self.details)
        canvas.restoreState()


def section_heading(text: str, st: Styles) -> list[Flowable]:
    """A part of a theme's section: a hairline across the page, a small capitalised label."""
    rule = HRFlowable(
        width="100%",
        thickness=0.6,
        color=RULE,
        spaceBefore=st.heading.fontSize * 1.8,
        spaceAfter=st.heading.fontSize * 0.8,
    )
    rule.keepWithNext = 1
    return [rule, Paragraph(markup(text), st.heading)]


# Plural headings for the default kinds; a plan's own kinds are headed by their label.
def kind_heading(kind: Kind, _: Translate) -> str:
    return {
        "insight": _("Insights"),
        "suggestion": _("Suggestions and actions"),
        "question": _("Questions and concerns"),
        "quote": _("Remarks"),
    }.get(kind.key, kind.label)


def theme_kicker(number: int, theme: ThemeContent, _: Translate) -> str:
    if theme.table is not None:
        # A section about one table of the theme: `Tafel 2 · thema 1`, as the newsletter heads it.
        return (
            _("Table {number}").format(number=theme.table)
            + " · "
            + _("theme {number}").format(number=number)
        )
    tables = join_numbers(theme.tables, _)
    if len(theme.tables) == 1:
        where = _("table {numbers}").format(numbers=tables)
    elif theme.tables:
        where = _("tables {numbers}").format(numbers=tables)
    else:
        where = _("no table")
    return _("Theme {number}").format(number=number) + " · " + where


def section_key(theme: ThemeContent) -> str:
    """The bookmark of a section: its theme, or its table in a per-table summary."""
    return f"table-{theme.table}" if theme.table is not None else f"theme-{theme.key}"


def outline_text(theme: ThemeContent, _: Translate) -> str:
    if theme.table is not None:
        return _("Table {number}").format(number=theme.table) + ": " + theme.title
    return theme.title


def theme_intro(
    number: int,
    theme: ThemeContent,
    st: Styles,
    _: Translate,
    *,
    outline: bool,
    details: bool = True,
) -> list[Flowable]:
    """Kicker, title (a bookmark when `outline`), then unless not `details` the description and
    guiding questions."""
    title_markup = markup(theme.title)
    story: list[Flowable] = [Paragraph(markup(theme_kicker(number, theme, _)), st.kicker)]
    if outline:
        story.append(
            OutlineTitle(title_markup, st.title, outline_text(theme, _), section_key(theme))
        )
    else:
        story.append(Paragraph(title_markup, st.title))
    if theme.description.strip() and details:
        story.append(Paragraph(markup(theme.description), st.lead))
    if theme.questions and details:
        story.append(Paragraph(markup(_("Guiding questions")), st.kind))
        story.extend(Paragraph(markup(q), st.question, bulletText="?") for q in theme.questions)
    return story


def where_said(note: PrintedNote, _: Translate) -> str:
    return _("table {table}, round {round}").format(table=note.table, round=note.round)


def votes_text(votes: int, _: Translate) -> str:
    if votes == 1:
        return _("1 vote")
    return _("{count} votes").format(count=votes)


def highlights(theme: ThemeContent, st: Styles, _: Translate) -> list[Flowable]:
    """The starred notes as pull quotes, each followed by who said it: `— Jongere`."""
    notes = sorted(theme.highlights, key=lambda n: (n.kind != "quote", -n.votes, n.table, n.round))
    if not notes:
        return []
    story = section_heading(_("Striking remarks"), st)
    for note in notes:
        story.append(PullQuote(Paragraph(markup(note.text), st.quote), st))
        who = note.role or _("Participant")
        details = [where_said(note, _)]
        if note.votes:
            details.append(votes_text(note.votes, _))
        story.append(
            Paragraph(
                f'<font color="{hex_colour(INK)}"><b>—&nbsp;{markup(who)}</b></font>'
                f"&nbsp;&nbsp; {markup(' · '.join(details))}",
                st.attribution,
            )
        )
    return story


Group = tuple[str | None, list[PrintedNote]]


def note_groups(notes: Iterable[PrintedNote], _: Translate) -> list[Group]:
    """Notes by cluster label (tables of one theme that chose the same label share a group),
    biggest group first; notes in no cluster last, under None."""
    grouped: dict[str, list[PrintedNote]] = defaultdict(list)
    shown: dict[str, str] = {}
    loose: list[PrintedNote] = []
    for note in notes:
        if note.cluster is None:
            loose.append(note)
            continue
        label = " ".join(note.cluster.split()) or _("Untitled group")
        key = label.casefold()
        shown.setdefault(key, label)
        grouped[key].append(note)
    order = sorted(grouped, key=lambda k: (-len(grouped[k]), k))
    result: list[Group] = [(shown[k], grouped[k]) for k in order]
    if loose:
        result.append((None, loose))
    return result


def note_list(theme: ThemeContent, event: EventContent, st: Styles, _: Translate) -> list[Flowable]:
    """Every note that is not a highlight, by cluster, then by kind in the plan's order."""
    others = theme.others
    if not others:
        return []
    story = section_heading(_("What the tables wrote down"), st)
    kind_order = {k.key: i for i, k in enumerate(event.kinds)}
    groups = note_groups(others, _)
    clustered = any(label is not None for label, _notes in groups)
    for label, notes in groups:
        if clustered:
            heading = label if label is not None else _("Other notes")
            story.append(Paragraph(markup(heading), st.subheading))
        by_kind: dict[str, list[PrintedNote]] = defaultdict(list)
        for note in notes:
            by_kind[note.kind].append(note)
        for key in sorted(by_kind, key=lambda k: (kind_order.get(k, len(kind_order)), k)):
            kind = event.kind(key) or Kind(key=key, label=key, color="#DDDDDD")
            story.append(
                Paragraph(
                    f'<span backColor="{kind.color}">&nbsp;{markup(kind_heading(kind, _))}'
                    "&nbsp;</span>",
                    st.kind,
                )
            )
            colour = darker(kind.color, 0.25)
            for note in sorted(by_kind[key], key=lambda n: -n.votes):
                details = []
                if note.role:
                    details.append(note.role)
                details.append(where_said(note, _))
                if note.votes:
                    details.append(votes_text(note.votes, _))
                story.append(
                    NoteItem(Paragraph(markup(note.text), st.note), " · ".join(details), colour, st)
                )
    return story


def prose(text: str, style: ParagraphStyle) -> list[Flowable]:
    """The organiser's text as paragraphs, with its bold and italic (`kiosk.storage.texts`)."""
    story: list[Flowable] = []
    for runs in paragraphs(text):
        parts = []
        for run, bold, italic in runs:
            part = markup(run)
            if bold:
                part = f"<b>{part}</b>"
            if italic:
                part = f"<i>{part}</i>"
            parts.append(part)
        story.append(Paragraph("".join(parts), style))
    return story


def synthesis(theme: ThemeContent, st: Styles, _: Translate) -> list[Flowable]:
    """The organiser's synthesis of the section; in a per-theme section, then each table's."""
    if not theme.synthesis and not theme.table_syntheses:
        return []
    story = section_heading(_("Synthesis"), st)
    story.extend(prose(theme.synthesis, st.prose))
    for table, text in theme.table_syntheses:
        story.append(Paragraph(markup(_("Table {number}").format(number=table)), st.subheading))
        story.extend(prose(text, st.prose))
    return story


def theme_section(
    number: int,
    theme: ThemeContent,
    event: EventContent,
    st: Styles,
    _: Translate,
    *,
    outline: bool,
    short: bool = False,
) -> list[Flowable]:
    """A section: the intro, the synthesis, the striking remarks, then (unless `short`) the rest."""
    story = theme_intro(number, theme, st, _, outline=outline, details=not short)
    story.append(Spacer(1, 4))
    story += synthesis(theme, st, _)
    quotes = highlights(theme, st, _)
    rest = [] if short else note_list(theme, event, st, _)
    if not quotes and not rest and not short:
        if theme.table is not None:
            empty = _("No notes were written at this table.")
        else:
            empty = _("No notes were written for this theme.")
        story.append(Paragraph(markup(empty), st.body))
    return story + quotes + rest
