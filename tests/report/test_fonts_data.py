"""User text as safe markup with the right font per run; what the data layer hands the PDFs."""

from __future__ import annotations

import pytest

from kiosk.core.errors import KioskError
from kiosk.report.data import read_archive
from kiosk.report.fonts import ARABIC, SYMBOLS, markup
from tests.builders import Spec


def test_markup_escapes_and_keeps_lines():
    assert markup("<b>x</b> & <3\r\nnext\tline\x00") == (
        "&lt;b&gt;x&lt;/b&gt; &amp; &lt;3<br/>next    line"
    )


def test_markup_switches_font_for_arabic_and_emoji_only():
    assert markup("çğış İ é") == "çğış İ é"
    assert markup("hi 🙂") == f'hi <font face="{SYMBOLS}">🙂</font>'
    # An Arabic phrase is laid out last word first (each word is set right to left).
    assert markup("ja أهلاً وسهلاً!") == (
        f'ja <font face="{ARABIC}">وسهلاً</font> <font face="{ARABIC}">أهلاً</font>!'
    )


def test_load_event_filters_and_groups(archive_of, demo_plan):
    archive = archive_of(
        demo_plan,
        [
            Spec(2, "b", round=2, cluster="Ouders"),
            Spec(1, "a", starred=True, role="Ouder"),
            Spec(3, "hidden", hidden=True),
            Spec(3, "deleted", deleted=True),
        ],
        tallies={(1, 1, "Ouder"): 3, (2, 1, "Ouder"): 2, (1, 2, "Ouder"): 4, (1, 1, "Gast"): 1},
    )
    event = read_archive(archive, None)
    inclusion = event.themes[0]
    assert inclusion.tables == (1, 2)
    assert [(n.table, n.text, n.cluster) for n in inclusion.notes] == [
        (1, "a", None),
        (2, "b", "Ouders"),
    ]
    assert [n.text for n in inclusion.highlights] == ["a"]
    assert event.themes[1].notes == ()
    assert event.note_count == 2
    # Per role the most seen in one round (5 in round 1, 4 in round 2); unknown roles last.
    assert event.participants == (("Ouder", 5), ("Gast", 1))


def test_unknown_event_lists_what_is_there(archive_of, demo_plan):
    archive = archive_of(demo_plan, [])
    with pytest.raises(
        KioskError, match="no event 'x'; it holds:\n  2022-03-31-ondersteuningsplan"
    ):
        read_archive(archive, "x")
