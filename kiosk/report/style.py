"""The look of the printed output: colours, paragraph styles at a given size, dates in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as Date

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from kiosk.report.fonts import SANS, SERIF, register_fonts

Translate = Callable[[str], str]

INK = colors.HexColor("#1C2B39")
TEXT = colors.HexColor("#2A2F35")
MUTED = colors.HexColor("#6A737D")
ACCENT = colors.HexColor("#1F6F78")
ACCENT_SOFT = colors.HexColor("#9CC3C7")
TINT = colors.HexColor("#EEF5F5")
RULE = colors.HexColor("#D3DADF")


def hex_colour(colour: colors.Color) -> str:
    return "#" + colour.hexval()[2:]


def darker(hex_value: str, amount: float = 0.45) -> colors.Color:
    """A darker shade of a sticky-note colour, readable as a small mark on white paper."""
    base = colors.HexColor(hex_value)
    return colors.Color(
        base.red * (1 - amount), base.green * (1 - amount), base.blue * (1 - amount)
    )


@dataclass(frozen=True)
class Styles:
    """Every paragraph style of one document; `scale` 1.0 for the summary, larger for handouts."""

    kicker: ParagraphStyle
    title: ParagraphStyle
    lead: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    kind: ParagraphStyle
    body: ParagraphStyle
    # The organiser's own words: introduction, syntheses, closing.
    prose: ParagraphStyle
    question: ParagraphStyle
    quote: ParagraphStyle
    attribution: ParagraphStyle
    note: ParagraphStyle
    details: ParagraphStyle
    small: ParagraphStyle
    meta_size: float


def make_styles(scale: float = 1.0) -> Styles:
    register_fonts()

    def style(name: str, **values: object) -> ParagraphStyle:
        values.setdefault("fontName", SANS)
        values.setdefault("textColor", TEXT)
        values.setdefault("alignment", TA_LEFT)
        # A long run without spaces (a pasted link, 10,000 letters) breaks inside the word.
        values.setdefault("splitLongWords", 1)
        return ParagraphStyle(name, **values)

    s = scale
    return Styles(
        kicker=style(
            "kicker",
            fontName=SANS + "-Bold",
            fontSize=8.5 * s,
            leading=11 * s,
            textColor=ACCENT,
            textTransform="uppercase",
            spaceAfter=4 * s,
        ),
        title=style(
            "title",
            fontName=SERIF + "-Bold",
            fontSize=23 * s,
            leading=28 * s,
            textColor=INK,
            spaceAfter=8 * s,
        ),
        lead=style(
            "lead",
            fontSize=11.5 * s,
            leading=16.5 * s,
            textColor=TEXT,
            spaceAfter=10 * s,
        ),
        heading=style(
            "heading",
            fontName=SANS + "-Bold",
            fontSize=9.5 * s,
            leading=13 * s,
            textColor=ACCENT,
            textTransform="uppercase",
            spaceBefore=0,
            spaceAfter=6 * s,
            keepWithNext=1,
        ),
        subheading=style(
            "subheading",
            fontName=SERIF + "-Bold",
            fontSize=13 * s,
            leading=16 * s,
            textColor=INK,
            spaceBefore=12 * s,
            spaceAfter=3 * s,
            keepWithNext=1,
        ),
        kind=style(
            "kind",
            fontName=SANS + "-Bold",
            fontSize=7.5 * s,
            leading=11 * s,
            textColor=INK,
            textTransform="uppercase",
            spaceBefore=8 * s,
            spaceAfter=4 * s,
            keepWithNext=1,
        ),
        body=style("body", fontSize=10 * s, leading=14.5 * s),
        prose=style(
            "prose",
            fontName=SERIF,
            fontSize=10.5 * s,
            leading=15.5 * s,
            textColor=TEXT,
            spaceAfter=7 * s,
        ),
        question=style(
            "question",
            fontName=SERIF + "-Italic",
            fontSize=10.5 * s,
            leading=14.5 * s,
            textColor=INK,
            leftIndent=14 * s,
            bulletIndent=2 * s,
            bulletFontName=SANS + "-Bold",
            bulletFontSize=10.5 * s,
            bulletColor=ACCENT,
            spaceAfter=3 * s,
        ),
        quote=style(
            "quote",
            fontName=SERIF + "-Italic",
            fontSize=13 * s,
            leading=18.5 * s,
            textColor=INK,
            spaceBefore=10 * s,
            spaceAfter=3 * s,
            keepWithNext=1,
        ),
        attribution=style(
            "attribution",
            fontSize=9 * s,
            leading=12 * s,
            textColor=MUTED,
            leftIndent=13 * 2.3 * s,
            spaceAfter=8 * s,
        ),
        note=style("note", fontSize=10 * s, leading=14 * s, spaceAfter=5 * s),
        details=style("details", fontSize=8 * s, leading=11.5 * s, textColor=MUTED),
        small=style("small", fontSize=8.5 * s, leading=11.5 * s, textColor=MUTED),
        meta_size=8 * s,
    )


def long_date(iso: str | None, _: Translate) -> str:
    """`donderdag 31 maart 2022` (or in English `Thursday 31 March 2022`)."""
    if not iso:
        return ""
    day = Date.fromisoformat(iso)
    month_names = (
        _("January"),
        _("February"),
        _("March"),
        _("April"),
        _("May"),
        _("June"),
        _("July"),
        _("August"),
        _("September"),
        _("October"),
        _("November"),
        _("December"),
    )
    weekday_names = (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )
    return f"{weekday_names[day.weekday()]} {day.day} {month_names[day.month - 1]} {day.year}"


def join_numbers(numbers: tuple[int, ...] | list[int], _: Translate) -> str:
    """`1, 2 en 3`."""
    parts = [str(n) for n in numbers]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + _(" and ") + parts[-1]
