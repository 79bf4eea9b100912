"""The page furniture shared by every PDF: templates, running header, "pagina X van Y", outline,
repeatable output, and writing the file atomically.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from kiosk.core.atomic import write_atomic
from kiosk.core.errors import KioskError
from kiosk.core.sticks import fat_safe, is_reserved
from kiosk.report.fonts import SANS, register_fonts
from kiosk.report.style import MUTED, RULE, Translate

# Repeatable output: fixed dates and document ids, so the same archive gives the same bytes.
rl_config.invariant = 1

CREATOR = "kiosk"


class OutlineTitle(Paragraph):
    """A heading that becomes a PDF bookmark and names the pages it starts in the header."""

    def __init__(self, text: str, style: Any, outline_text: str, key: str):
        super().__init__(text, style)
        self.outline_text = outline_text
        self.outline_key = key


class PageRef(Flowable):
    """The number of the page an `OutlineTitle` starts on, right-aligned in its cell.

    Drawn at the end of the build, when every page is known: the contents list needs no second
    layout pass (which would double the time a summary of thousands of notes takes).
    """

    def __init__(self, key: str, font: str, size: float, colour: Any):
        super().__init__()
        self.key = key
        self.font = font
        self.size = size
        self.colour = colour

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.size * 1.2

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(self.width, self.size * 0.25)
        doc = self.canv._doctemplate
        doc.page_refs.append((self.canv.getPageNumber(), x, y, self))


def timestamp(moment: datetime) -> TimeStamp:
    """A ReportLab time stamp (the PDF's creation date) fixed at `moment`, in UTC."""
    stamp = TimeStamp(invariant=1)
    utc = moment.astimezone(UTC)
    stamp.t = utc.timestamp()
    stamp.lt = utc.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp


class Document(BaseDocTemplate):
    """A4 pages (or given size) with a running header and a numbered footer."""

    def __init__(
        self,
        out: io.BytesIO,
        *,
        _: Translate,
        title: str,
        subject: str,
        header: str,
        pagesize: tuple[float, float] = A4,
        margins: tuple[float, float, float, float] = (22 * mm, 22 * mm, 24 * mm, 22 * mm),
        first_page_plain: bool = False,
        numbered: bool = True,
        on_page: Callable[[int], None] | None = None,
        lang: str | None = None,
        author: str = "",
        created: datetime | None = None,
    ):
        register_fonts()
        # The creation date written into the file: fixed (the archive's last merge, say), so
        # the same archive gives the same bytes; 2000-01-01 when none is given.
        self.created = created
        # Where each OutlineTitle landed, and the PageRefs waiting for it (page, x, y, ref).
        self.anchors: dict[str, int] = {}
        self.page_refs: list[tuple[int, float, float, PageRef]] = []
        # Told each finished page's number; may raise (the organiser's cancel) to stop the build.
        self.on_page = on_page
        left, right, top, bottom = margins
        super().__init__(
            out,
            pagesize=pagesize,
            leftMargin=left,
            rightMargin=right,
            topMargin=top,
            bottomMargin=bottom,
            title=title,
            subject=subject,
            author=author or CREATOR,
            creator=CREATOR,
            invariant=1,
            lang=lang,
            # The canvas's first font is never drawn with: ours, so no Helvetica is left in the
            # file unembedded.
            initialFontName=SANS,
        )
        self.header_text = header
        self.section = ""
        self.translate = _
        self.numbered = numbered
        frame = Frame(
            left,
            bottom,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        templates = [PageTemplate("body", [frame], onPageEnd=self._furniture)]
        if first_page_plain:
            templates.insert(0, PageTemplate("cover", [frame], onPageEnd=self._footer_rule))
        self.addPageTemplates(templates)

    def afterPage(self) -> None:
        if self.on_page is not None:
            self.on_page(self.page)

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, OutlineTitle):
            self.section = flowable.outline_text
            self.anchors[flowable.outline_key] = self.page
            self.canv.bookmarkPage(flowable.outline_key)
            self.canv.addOutlineEntry(flowable.outline_text, flowable.outline_key, level=0)

    def _footer_rule(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        y = self.bottomMargin - 9 * mm
        canvas.line(self.leftMargin, y + 4 * mm, self.leftMargin + self.width, y + 4 * mm)
        canvas.restoreState()

    def _furniture(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        top = self.pagesize[1] - self.topMargin + 9 * mm
        canvas.setFont(SANS, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(self.leftMargin, top, _fit(self.header_text, 0.55 * self.width, 7.5))
        if self.section:
            canvas.drawRightString(
                self.leftMargin + self.width, top, _fit(self.section, 0.42 * self.width, 7.5)
            )
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(self.leftMargin, top - 2.5 * mm, self.leftMargin + self.width, top - 2.5 * mm)
        canvas.restoreState()
        self._footer_rule(canvas, doc)

    def canvas_maker(self) -> Callable[..., Canvas]:
        doc = self
        created = timestamp(self.created) if self.created is not None else None

        class DatedCanvas(Canvas):
            def __init__(self, *args: Any, **kwargs: Any):
                super().__init__(*args, **kwargs)
                if created is not None:
                    self._doc._timeStamp = created

        if not self.numbered:
            return DatedCanvas
        _ = self.translate
        page_label = _("page {page} of {pages}")
        right = self.leftMargin + self.width
        y = self.bottomMargin - 9 * mm

        class NumberedCanvas(DatedCanvas):
            """Holds every page until the end, so each footer can say how many pages there are
            and each contents line on which page its section starts."""

            def __init__(self, *args: Any, **kwargs: Any):
                super().__init__(*args, **kwargs)
                self._pages: list[dict[str, Any]] = []
                # Bookmarks per held page: made when the page is written out, as a bookmark
                # names the page being written (made at once, every one named the first page).
                self._marks: list[list[tuple[str, dict[str, Any]]]] = [[]]

            def bookmarkPage(self, key: str, **kwargs: Any) -> None:
                self._marks[-1].append((key, kwargs))

            def showPage(self) -> None:
                self._pages.append(dict(self.__dict__))
                self._marks.append([])
                self._startPage()

            def save(self) -> None:
                total = len(self._pages)
                for number, state in enumerate(self._pages, start=1):
                    self.__dict__.update(state)
                    self.setFont(SANS, 7.5)
                    self.setFillColor(MUTED)
                    self.drawRightString(right, y, page_label.format(page=number, pages=total))
                    for page, x, ref_y, ref in doc.page_refs:
                        if page == number and ref.key in doc.anchors:
                            self.setFont(ref.font, ref.size)
                            self.setFillColor(ref.colour)
                            self.drawRightString(x, ref_y, str(doc.anchors[ref.key]))
                    for key, kwargs in self._marks[number - 1]:
                        super().bookmarkPage(key, **kwargs)
                    super().showPage()
                super().save()

        return NumberedCanvas

    def render(self, story: Sequence[Flowable]) -> bytes:
        self.build(list(story), canvasmaker=self.canvas_maker())
        out = self.filename
        assert isinstance(out, io.BytesIO)
        return out.getvalue()


def _fit(text: str, width: float, size: float) -> str:
    """Shorten a one-line header text with an ellipsis so it stays inside its width."""
    text = " ".join(text.split())
    if stringWidth(text, SANS, size) <= width:
        return text
    while text and stringWidth(text + "…", SANS, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def write_atomically(path: Path, data: bytes) -> Path:
    """Write the file whole or not at all (`kiosk.core.atomic`), creating its folder if need be."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KioskError(f"{path}: cannot be written ({exc.strerror})") from None
    return write_atomic(path, data)


def safe_file_stem(title: str, fallback: str, limit: int = 60) -> str:
    """A FAT-safe, lower-case file name stem from a title (`kiosk.core.sticks.fat_safe`); the
    fallback (a theme's key) when the title leaves nothing or a name Windows reserves."""
    stem = fat_safe(title, "", limit).lower()
    if not stem or is_reserved(stem):
        stem = fat_safe(fallback, "theme").lower()
    return stem
