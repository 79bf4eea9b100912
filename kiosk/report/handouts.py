"""Handouts: one A4 PDF per theme in large type, its striking remarks first, to take home."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.units import mm

from kiosk.core.i18n import translator
from kiosk.report.data import EventContent, ThemeContent, read_archive
from kiosk.report.layout import Document, safe_file_stem, write_atomically
from kiosk.report.sections import theme_section
from kiosk.report.style import long_date, make_styles

HANDOUT_SCALE = 1.3


def handout_pdf(
    event: EventContent,
    number: int,
    theme: ThemeContent,
    language: str | None = None,
    on_page: Callable[[int], None] | None = None,
) -> bytes:
    """One theme's handout as PDF bytes; `on_page` hears of each page done and may raise."""
    _ = translator(language or event.language)
    st = make_styles(HANDOUT_SCALE)
    doc = Document(
        io.BytesIO(),
        _=_,
        title=theme.title,
        subject=_("Handout: {theme}").format(theme=theme.title),
        header=event.title,
        margins=(20 * mm, 20 * mm, 22 * mm, 20 * mm),
        on_page=on_page,
    )
    doc.section = long_date(event.date, _)
    story = theme_section(number, theme, event, st, _, outline=False)
    return doc.render(story)


def handout_names(event: EventContent) -> list[str]:
    """A FAT-safe file name per theme, after its title, numbered in plan order, unique."""
    names: list[str] = []
    for number, theme in enumerate(event.themes, start=1):
        stem = f"{number:02d}-{safe_file_stem(theme.title, theme.key)}"
        names.append(stem + ".pdf")
    return names


def write_handouts(
    archive: Path, out_dir: Path, event_id: str | None = None, language: str | None = None
) -> list[Path]:
    event = read_archive(archive, event_id)
    written = []
    for number, (theme, name) in enumerate(
        zip(event.themes, handout_names(event), strict=True), start=1
    ):
        data = handout_pdf(event, number, theme, language)
        written.append(write_atomically(Path(out_dir) / name, data))
    return written
