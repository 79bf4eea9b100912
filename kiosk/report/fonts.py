"""The bundled TrueType fonts, registered once, and user text turned into safe Paragraph markup.

ReportLab has no per-glyph fallback: a character the paragraph's font lacks prints as an empty
box. So every piece of user text is escaped (it is never markup) and runs of Arabic letters or
emoji that Noto Sans lacks are switched to the Arabic or symbol font, run by run.
"""

from __future__ import annotations

import re
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.core import resources

SANS = "KioskSans"
SERIF = "KioskSerif"
ARABIC = "KioskArabic"
SYMBOLS = "KioskSymbols"

# family -> (regular, bold, italic, bold italic) file names; a repeat reuses a face.
FAMILIES: dict[str, tuple[str, str, str, str]] = {
    SANS: (
        "NotoSans-Regular.ttf",
        "NotoSans-Bold.ttf",
        "NotoSans-Italic.ttf",
        "NotoSans-BoldItalic.ttf",
    ),
    SERIF: (
        "NotoSerif-Regular.ttf",
        "NotoSerif-Bold.ttf",
        "NotoSerif-Italic.ttf",
        "NotoSerif-Bold.ttf",
    ),
    ARABIC: (
        "NotoSansArabic-Regular.ttf",
        "NotoSansArabic-Bold.ttf",
        "NotoSansArabic-Regular.ttf",
        "NotoSansArabic-Bold.ttf",
    ),
    SYMBOLS: ("Symbola-Symbols.ttf",) * 4,
}
STYLES = ("", "-Bold", "-Italic", "-BoldItalic")

# Characters that are never printable in a Paragraph (C0 controls other than newline).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 pairs.

    ReportLab writes them as five hex digits, which PDF readers reject, so an emoji would not
    come back from the text layer.
    """
    lines = "\n".join(
        f"<{code:02X}> <{chr(value).encode('utf-16-be').hex().upper()}>"
        if 0xFFFF < value <= 0x10FFFF
        else f"<{code:02X}> <{value:04X}>"
        for code, value in enumerate(subset)
    )
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
        f"<< /Registry ({fontname})\n/Ordering ({fontname})\n/Supplement 0\n>> def\n"
        f"/CMapName /{fontname} def\n/CMapType 2 def\n1 begincodespacerange\n"
        f"<00> <{len(subset) - 1:02X}>\nendcodespacerange\n{len(subset)} beginbfchar\n"
        f"{lines}\nendbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    )


@cache
def register_fonts() -> None:
    """Register the four families (each with bold, italic and bold italic) with ReportLab.

    A file used for two styles (the serif's bold italic is its bold) is registered once.
    """
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    registered: dict[str, str] = {}
    for family, files in FAMILIES.items():
        for style, file_name in zip(STYLES, files, strict=True):
            if file_name not in registered:
                name = family + style
                # Only Arabic needs shaping (joined letter forms, right to left): HarfBuzz on
                # the Latin faces would only cost time and turn "fi" into a ligature glyph.
                font_file = str(resources.path("fonts", file_name))
                font = TTFont(name, font_file, shapable=family == ARABIC)
                pdfmetrics.registerFont(font)
                registered[file_name] = name
            addMapping(family, "Bold" in style, "Italic" in style, registered[file_name])


def _covered(font_name: str) -> set[int]:
    return set(pdfmetrics.getFont(font_name).face.charToGlyph)


def _char_class(codepoints: set[int]) -> str:
    """A regex character class for a set of code points, as compact ranges."""
    parts: list[str] = []
    ordered = sorted(codepoints)
    start = prev = ordered[0]
    for cp in ordered[1:] + [-1]:
        if cp == prev + 1:
            prev = cp
            continue
        parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = cp
    return "[" + "".join(parts) + "]"


@cache
def _fallback() -> re.Pattern[str]:
    register_fonts()
    body = _covered(SANS) | _covered(SERIF + "-Italic")
    arabic = {cp for cp in _covered(ARABIC) - body if cp > 0x7F and not chr(cp).isspace()}
    symbols = {cp for cp in _covered(SYMBOLS) - body - arabic if cp > 0x7F}
    word = _char_class(arabic) + "+"
    return re.compile(f"(?P<ar>{word}(?: +{word})*)|(?P<sym>{_char_class(symbols)}+)")


def _switch(match: re.Match[str]) -> str:
    if match.group("sym"):
        return f'<font face="{SYMBOLS}">{match.group(0)}</font>'
    # HarfBuzz sets each Arabic word right to left; a phrase of several words also reads right
    # to left, so its words are laid out last word first.
    words = reversed(match.group("ar").split(" "))
    return " ".join(f'<font face="{ARABIC}">{w}</font>' for w in words if w)


def clean(text: str) -> str:
    """The text as it is printed: line ends made plain, tabs as spaces, controls dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", text)


def markup(text: str) -> str:
    """User text as Paragraph markup that prints exactly what was typed, newlines kept."""
    safe = escape(clean(text))
    if not safe.isascii():
        safe = _fallback().sub(_switch, safe)
    return safe.replace("\n", "<br/>")
