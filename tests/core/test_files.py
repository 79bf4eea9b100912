"""One way to read JSON from outside: one sentence naming the file, line and column."""

from __future__ import annotations

import pytest

from kiosk.core.errors import KioskError
from kiosk.core.files import read_json
from kiosk.core.i18n import set_language


def test_value_read_from_bytes_with_a_byte_order_mark():
    assert read_json('\ufeff{"a": [1, "é"]}'.encode(), "plan.json") == {"a": [1, "é"]}


@pytest.mark.parametrize(
    ("raw", "sentence"),
    [
        (
            b'{\n  "a": 1,\n}',
            "plan.json: not valid JSON (line 3, column 1: a name in double quotes was expected)",
        ),
        (b"\xff\xfe{}", "plan.json: not UTF-8 text"),
        (b"[" * 100_000, "plan.json: JSON nested too deeply"),
    ],
)
def test_bad_json_is_one_sentence_naming_the_file(raw, sentence):
    with pytest.raises(KioskError) as caught:
        read_json(raw, "plan.json")
    assert str(caught.value) == sentence


def test_the_reason_follows_the_language():
    set_language("nl")  # the autouse fixture sets English back
    with pytest.raises(KioskError) as caught:
        read_json("[1 2]", "plan.json")
    assert (
        str(caught.value) == "plan.json: geen geldige JSON (regel 1, kolom 4: er ontbreekt een ',')"
    )
