"""The export file: canonical content, framing checked before parsing, strict schema, bounds."""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

import msgspec
import pytest

from kiosk.core.errors import KioskError
from kiosk.exchange.format import (
    MAX_EXPORT_BYTES,
    decode_export,
    encode_export,
    frame,
    json_schema,
    parse_export,
    read_export_file,
)
from tests.builders import Laptop

SCHEMA = (
    Path(__file__).resolve().parents[2]
    / "kiosk"
    / "resources"
    / "schema"
    / "kiosk-export-1.schema.json"
)


@pytest.fixture
def export_file(laptop: Laptop, tmp_path: Path) -> Path:
    cluster = laptop.add_cluster("Samen")
    laptop.edit(laptop.add("eerste", role="Ouder"), cluster_id=cluster)
    gone = laptop.add("weg")
    laptop.edit(gone, deleted=True)
    laptop.tally(1, "Jongere", 4)
    return laptop.export(tmp_path / "stick").path


def content_of(path: Path) -> bytes:
    return path.read_bytes().split(b"\n", 1)[1]


def test_file_is_a_header_line_then_canonical_json(export_file: Path):
    header, body = export_file.read_bytes().split(b"\n", 1)
    digest = hashlib.sha256(body).hexdigest()
    plain = f"kiosk-export/1 plain sha256={digest} length={len(body)}"
    assert header.startswith(f"{plain} signature=".encode())
    assert re.fullmatch(rb"[A-Za-z0-9+/]{86}==", header[len(plain) + 11 :])
    data = json.loads(body)
    assert body == json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    assert data["format"] == "kiosk-export/1"
    assert set(data) == {
        "format", "export_id", "exported_at", "app_version", "device_id", "event_id",
        "table_number", "plan", "timer", "notes", "clusters", "tallies", "laptop_key", "changes",
    }  # fmt: skip
    assert {n["text"]: n["deleted"] for n in data["notes"]} == {"eerste": False, "weg": True}
    assert data["notes"][0]["updated_at"].endswith("Z")


def test_round_trip_through_content_bytes(export_file: Path):
    export = read_export_file(export_file)
    assert encode_export(export.doc) == content_of(export_file)
    assert export.plan.event_id == export.doc.event_id


def test_committed_schema_is_the_generated_one():
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == json_schema(), "regenerate: python -m kiosk.exchange.schema"


def test_schema_describes_a_real_export(export_file: Path):
    """Spot-check the schema against a real document (no JSON Schema validator is installed)."""
    schema = json_schema()
    doc = json.loads(content_of(export_file))
    top = schema["$defs"]["ExportDoc"]
    assert set(top["required"]) | {"laptop_key", "changes"} == set(doc)
    assert top["additionalProperties"] is False
    note = schema["$defs"]["ExportNote"]
    assert set(note["required"]) == set(doc["notes"][0])
    assert note["properties"]["text"]["maxLength"] == 10_000


def refused(data: bytes) -> str:
    with pytest.raises(KioskError) as caught:
        parse_export(data, source="stick/x.kiosk")
    message = str(caught.value)
    assert message.startswith("stick/x.kiosk: ") and "\n" not in message
    return message


def test_empty_file_refused():
    assert "empty" in refused(b"")


@pytest.mark.parametrize("fraction", [0.01, 0.3, 0.5, 0.9, 0.999])
def test_truncated_file_refused(export_file: Path, fraction: float):
    data = export_file.read_bytes()
    assert "truncated" in refused(data[: int(len(data) * fraction)])


def test_every_changed_byte_is_refused(export_file: Path):
    data = export_file.read_bytes()
    rng = random.Random(7)
    positions = {0, 5, 20, 40, 100, len(data) // 2, len(data) - 1}
    positions |= {rng.randrange(len(data)) for _ in range(40)}
    for position in sorted(positions):
        changed = bytearray(data)
        changed[position] ^= 1 << rng.randrange(8)
        refused(bytes(changed))


def test_random_bytes_refused():
    rng = random.Random(3)
    for size in (1, 10, 1000, 100_000):
        assert "not a kiosk export" in refused(rng.randbytes(size))


def test_plan_file_renamed_refused(demo_plan_path: Path):
    assert "no kiosk-export/1 header" in refused(demo_plan_path.read_bytes())


def test_another_kind_of_json_refused_even_when_framed():
    for other in (b'{"format": "kiosk-plan/1"}', b"[1, 2, 3]", b'"text"', b"{}"):
        assert "no kiosk-export/1 header" in refused(other)
        assert "not a valid kiosk export" in refused(frame(other))


def test_newer_format_refused_with_a_hint(export_file: Path):
    data = export_file.read_bytes().replace(b"kiosk-export/1 ", b"kiosk-export/2 ", 1)
    assert "newer version of kiosk" in refused(data)


def test_sealed_framing_is_not_read_as_plain(export_file: Path):
    data = export_file.read_bytes().replace(b" plain ", b" sealed ", 1)
    assert "not supported" in refused(data)


def test_a_sealed_file_is_recognised(export_file: Path):
    from kiosk.exchange.sealing import new_key_pair, seal

    doc = read_export_file(export_file).doc
    sealed = seal(
        content_of(export_file),
        new_key_pair().public,
        event_id=doc.event_id,
        table_number=doc.table_number,
        export_id=str(doc.export_id),
    )
    assert "sealed for the organiser's key" in refused(sealed)


def test_extra_bytes_after_the_content_refused(export_file: Path):
    assert "unexpected bytes" in refused(export_file.read_bytes() + b"\n")


def tampered(export_file: Path, change) -> bytes:
    """The content changed as a forger would, with the framing recomputed to match."""
    doc = json.loads(content_of(export_file))
    change(doc)
    return frame(json.dumps(doc).encode())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(surprise=1), "unknown field"),
        (lambda d: d["notes"][0].update(hidden=True), "unknown field"),
        (lambda d: d["notes"][0].update(text="x" * 10_001), "length <= 10000"),
        (lambda d: d["notes"][0].update(id="not-a-uuid"), "Invalid UUID"),
        (lambda d: d["notes"][0].update(updated_at="2022-03-31T09:00:00"), "timezone"),
        (lambda d: d["notes"][0].update(votes="3"), "Expected `int`"),
        (lambda d: d["notes"][0].update(starred=1), "Expected `bool`"),
        (lambda d: d["notes"][0].update(kind="gossip"), "not a kind of the plan"),
        (lambda d: d["notes"][0].update(round_number=9), "not a round of the plan"),
        (lambda d: d["notes"][0].update(cluster_id=d["export_id"]), "not a cluster of this"),
        (lambda d: d["notes"].append(d["notes"][0]), "appears twice"),
        (lambda d: d.update(format="kiosk-plan/1"), "format"),
        (lambda d: d.update(table_number=99), "not a table of the plan"),
        (lambda d: d.update(event_id="another-event"), "not the event of the plan"),
        (lambda d: d["plan"].update(minutes=3), "the plan inside is not valid"),
        (lambda d: d["plan"].pop("themes"), "the plan inside is not valid"),
        (lambda d: d.update(timer={"x": {"nested": 1}}), "timer"),
        (lambda d: d["notes"][0].update(device_id="../../etc"), "device_id"),
    ],
)
def test_strict_schema_and_cross_checks(export_file: Path, change, expected: str):
    message = refused(tampered(export_file, change))
    assert expected in message


def test_counts_are_bounded(export_file: Path):
    def many(doc):
        doc["tallies"] = [dict(doc["tallies"][0], role=f"rol {i}") for i in range(2_001)]

    assert "length <= 2000" in refused(tampered(export_file, many))


def test_deep_nesting_refused_without_a_crash():
    deep = b'{"plan":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert refused(frame(deep))


def test_decode_gives_one_line_for_bad_json():
    with pytest.raises(KioskError, match="not valid JSON"):
        decode_export(b'{"format": ', source="x")


def test_a_file_over_the_cap_is_refused_before_reading(tmp_path: Path):
    huge = tmp_path / "huge.kiosk"
    with huge.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: nothing is written to disk
    with pytest.raises(KioskError, match="too large"):
        read_export_file(huge)
    assert MAX_EXPORT_BYTES < 300 * 1024 * 1024


def test_a_file_that_grows_after_stat_is_still_capped(tmp_path: Path, monkeypatch):
    path = tmp_path / "grows.kiosk"
    path.write_bytes(b"x" * 200)
    with pytest.raises(KioskError, match="more than 100 bytes"):
        # The stat says small; the read must still stop at cap + 1.
        monkeypatch.setattr(Path, "stat", lambda self: type("S", (), {"st_size": 10})())
        read_export_file(path, cap=100)


def test_msgspec_decoder_is_strict_about_types():
    """The library's strict mode is what refuses "3" for 3; keep it that way."""
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(b'"3"', type=int)
