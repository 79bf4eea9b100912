"""One catalogue: Dutch by default, English selectable, every marked string translated."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from kiosk.core import i18n, resources

PACKAGE = Path(i18n.__file__).parent
PO = resources.path("locale", "nl", "LC_MESSAGES", "kiosk.po")


def catalogue():
    with PO.open("rb") as handle:
        return read_po(handle)


def test_dutch_by_default_english_selectable():
    # Tests run in English (tests/conftest.py); a fresh process starts in Dutch.
    fresh = subprocess.run(
        [sys.executable, "-c", "from kiosk.core import i18n; print(i18n.language())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert fresh.stdout.strip() == i18n.DEFAULT_LANGUAGE == "nl"
    assert i18n.translator("nl")("Round") == "Ronde"
    assert i18n.translator("en")("Round") == "Round"


def test_every_marked_string_has_dutch():
    marked = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")]
        )
    }
    # A plural entry's id is (singular, plural); extraction names it by its singular.
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalogue()
        if m.id and (m.string if isinstance(m.string, str) else all(m.string))
    }
    missing = sorted(m for m in marked if m not in translated)
    assert missing == [], f"add Dutch for these to {PO} and run `make i18n`"


def test_compiled_catalogue_is_current():
    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = {k: v for k, v in gettext.GNUTranslations(handle)._catalog.items() if k}
    source: dict[object, str] = {}
    for m in catalogue():
        if not m.id or not m.string or m.fuzzy:
            continue
        if isinstance(m.id, tuple):  # plural forms are stored per index
            source.update({(m.id[0], i): form for i, form in enumerate(m.string)})
        else:
            source[m.id] = m.string
    assert compiled == source, "run `make i18n` to recompile the catalogue"


def test_placeholders_survive_translation():
    for message in catalogue():
        if message.id and message.string and isinstance(message.id, str):
            fields = sorted(re.findall(r"\{[a-z_]*\}", message.id))
            assert sorted(re.findall(r"\{[a-z_]*\}", message.string)) == fields, message.id


def test_no_message_twice():
    """Branches append to the catalogue and git merges it by union: duplicates would hide edits."""
    text = PO.read_text(encoding="utf-8")
    ids = re.findall(r'^msgid "(.+)"$', text, re.MULTILINE)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
