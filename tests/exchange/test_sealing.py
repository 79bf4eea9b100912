"""Sealed exports: only the organiser's key opens them, and any change is refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.exchange.sealing import (
    SealError,
    load_private_key,
    new_key_pair,
    parse_public_key,
    private_key_file,
    read_header,
    seal,
    unseal,
)

SECRET = "Jongere: ‘Voor mij is dit de vlak-naast-mijn-bedshow.’ İÖĞ التعليم"
FAST = 2**10  # scrypt cost for tests only; the real default is much higher


@pytest.fixture(scope="module")
def pair():
    return new_key_pair()


def sealed_for(pair, content: bytes = SECRET.encode(), **kw) -> bytes:
    args = {"event_id": "2022-03-31-thematafels", "table_number": 3, "export_id": "e1"} | kw
    return seal(content, pair.public, **args)


def test_round_trip(pair):
    header, content = unseal(sealed_for(pair), pair)
    assert content.decode() == SECRET
    assert (header.event_id, header.table_number, header.export_id) == (
        "2022-03-31-thematafels",
        3,
        "e1",
    )


def test_no_content_readable_in_the_bytes(pair):
    data = sealed_for(pair)
    for fragment in ("Jongere", "vlak-naast", "التعليم", "İÖĞ"):
        assert fragment.encode() not in data
        assert fragment.encode("utf-16-le") not in data


def test_public_key_text_round_trips(pair):
    text = pair.public_text
    assert text.startswith("kiosk-pub-1:") and len(text) < 200
    assert (
        unseal(
            seal(b"x", parse_public_key(text), event_id="e", table_number=1, export_id="x"), pair
        )[1]
        == b"x"
    )
    with pytest.raises(SealError, match="organiser_key: not a kiosk public key"):
        parse_public_key("ssh-ed25519 AAAA")


def test_wrong_key_refused(pair):
    with pytest.raises(SealError, match="sealed for another organiser key"):
        unseal(sealed_for(pair), new_key_pair())


def test_every_flipped_bit_refused(pair):
    data = sealed_for(pair)
    for position in range(0, len(data), max(1, len(data) // 97)):
        for bit in (0, 7):
            damaged = bytearray(data)
            damaged[position] ^= 1 << bit
            with pytest.raises(SealError):
                unseal(bytes(damaged), pair)


@pytest.mark.parametrize("keep", [0, 5, 15, 19, 60, -17, -1])
def test_truncated_refused(pair, keep):
    data = sealed_for(pair)
    with pytest.raises(SealError):
        unseal(data[:keep], pair)


def test_swapped_header_refused(pair):
    a = sealed_for(pair, b"table three", table_number=3, export_id="a")
    b = sealed_for(pair, b"table four", table_number=4, export_id="b")
    split_a = 15 + 4 + int.from_bytes(a[15:19], "big")
    split_b = 15 + 4 + int.from_bytes(b[15:19], "big")
    with pytest.raises(SealError):
        unseal(b[:split_b] + a[split_a:], pair)


def test_edited_header_field_refused(pair):
    data = sealed_for(pair)
    length = int.from_bytes(data[15:19], "big")
    fields = json.loads(data[19 : 19 + length])
    fields["table"] = 4
    header = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    forged = data[:15] + len(header).to_bytes(4, "big") + header + data[19 + length :]
    assert read_header(forged).table_number == 4
    with pytest.raises(SealError, match="cannot be opened"):
        unseal(forged, pair)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.binary(max_size=64), min_size=2, max_size=12))
def test_no_nonce_or_key_ever_repeats(pair, contents):
    seen: set[str] = set()
    for content in contents:
        data = sealed_for(pair, content)
        length = int.from_bytes(data[15:19], "big")
        fields = json.loads(data[19 : 19 + length])
        for name in ("nonce", "wrap_nonce", "ephemeral", "salt", "wrapped_key"):
            assert fields[name] not in seen
            seen.add(fields[name])


def test_private_key_file_needs_the_passphrase(pair):
    data = private_key_file(pair, "lange zin om te onthouden", n=FAST)
    assert b"lange zin" not in data
    again = load_private_key(data, "lange zin om te onthouden")
    assert again.public_text == pair.public_text
    with pytest.raises(SealError, match="wrong passphrase"):
        load_private_key(data, "verkeerde zin!!")
    document = json.loads(data)
    document["public"] = new_key_pair().public_text
    with pytest.raises(SealError, match="wrong passphrase"):
        load_private_key(json.dumps(document).encode(), "lange zin om te onthouden")
    with pytest.raises(SealError, match="not a kiosk key file"):
        load_private_key(b"[]", "x")
    with pytest.raises(SealError, match=r"^key\.json: not valid JSON \(line 2, column 1: "):
        load_private_key(b'{"format":\n}', "x", source="key.json")


def test_header_that_is_not_json_named(pair):
    data = sealed_for(pair)
    broken = data[:20] + b"!" + data[21:]  # the header's first name loses its opening quote
    with pytest.raises(SealError, match=r"^x\.kiosk: header: not valid JSON \(line 1, column 2"):
        read_header(broken, "x.kiosk")


def test_short_passphrase_refused(pair):
    with pytest.raises(Exception, match="at least 8 characters"):
        private_key_file(pair, "kort", n=FAST)
