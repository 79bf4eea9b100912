"""The export file `kiosk-export/1`: the document's strict schema, its content bytes, its framing.

Two layers, kept apart so that a sealed (encrypted) variant can wrap the same content:

- content: `encode_export(doc)` gives canonical JSON (sorted keys, UTF-8); `decode_export(content)`
  validates it strictly (msgspec: no unknown fields, bounded lengths and counts, UUIDs, UTC times)
  and cross-checks it against the plan it carries.
- framing: one ASCII header line `kiosk-export/1 plain sha256=<hex> length=<n>` and then the body.
  `unframe` checks the header, the length and the SHA-256 of the body before anything is parsed.

Everything read from a file is untrusted: `read_export_file` caps the size before reading, and every
refusal is a `KioskError` naming the file and one reason. See docs/exchange-format.md.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from kiosk.errors import KioskError
from kiosk.files import read_capped
from kiosk.i18n import _, number
from kiosk.plan import Plan, plan_from_data
from kiosk.sealing import KeyPair, is_sealed, parse_public_key, seal, unseal

FORMAT = "kiosk-export/1"
FORMAT_VERSION = 1
EXTENSION = ".kiosk"
PLAIN = "plain"

# Bounds on what a file may hold. A table in a day writes hundreds of notes; these leave room for
# a hundredfold more and still keep a hostile file from exhausting memory.
MAX_EXPORT_BYTES = 64 * 1024 * 1024
MAX_NOTES = 20_000
MAX_CLUSTERS = 2_000
MAX_TALLIES = 2_000
MAX_HEADER_BYTES = 200

UtcTime = Annotated[datetime, Meta(tz=True)]
DeviceId = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
EventId = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
Key = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
TableNumber = Annotated[int, Meta(ge=1, le=999)]
RoundNumber = Annotated[int, Meta(ge=1, le=20)]
Revision = Annotated[int, Meta(ge=1, le=2**31 - 1)]
Count = Annotated[int, Meta(ge=0, le=100_000)]
Coordinate = Annotated[float, Meta(ge=-1e6, le=1e6)]
Extent = Annotated[float, Meta(ge=0, le=1e6)]
NoteText = Annotated[str, Meta(max_length=10_000)]
Role = Annotated[str, Meta(max_length=500)]
Label = Annotated[str, Meta(max_length=200)]
AppVersion = Annotated[str, Meta(min_length=1, max_length=40)]
TimerValue = Annotated[str, Meta(max_length=200)] | int | float | bool | None
TimerState = Annotated[
    dict[Annotated[str, Meta(min_length=1, max_length=64)], TimerValue], Meta(max_length=32)
]


class _Record(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Every record is closed: an unknown field refuses the file instead of passing silently."""


class ExportNote(_Record):
    id: UUID
    round_number: RoundNumber
    kind: Key
    role: Role | None
    text: NoteText
    starred: bool
    votes: Count
    x: Coordinate
    y: Coordinate
    cluster_id: UUID | None
    deleted: bool
    created_at: UtcTime
    updated_at: UtcTime
    revision: Revision
    device_id: DeviceId


class ExportCluster(_Record):
    id: UUID
    label: Label
    x: Coordinate
    y: Coordinate
    width: Extent
    height: Extent
    deleted: bool
    created_at: UtcTime
    updated_at: UtcTime
    revision: Revision
    device_id: DeviceId


class ExportTally(_Record):
    round_number: RoundNumber
    role: Role
    count: Count
    updated_at: UtcTime
    revision: Revision
    device_id: DeviceId


class ExportDoc(_Record):
    """One table's whole state at one moment, as written to a stick."""

    format: Literal["kiosk-export/1"]
    export_id: UUID
    exported_at: UtcTime
    app_version: AppVersion
    device_id: DeviceId
    event_id: EventId
    table_number: TableNumber
    # The event's plan as the table laptop holds it (kiosk-plan/1, validated by kiosk.plan).
    plan: dict[str, Any]
    # The round timer's saved state (`RoundTimer.to_state()`), absent before the timer first ran.
    timer: TimerState | None
    notes: Annotated[list[ExportNote], Meta(max_length=MAX_NOTES)]
    clusters: Annotated[list[ExportCluster], Meta(max_length=MAX_CLUSTERS)]
    tallies: Annotated[list[ExportTally], Meta(max_length=MAX_TALLIES)]


@dataclass(frozen=True)
class Export:
    """A decoded, verified export: the document, its plan, and the SHA-256 of the whole file.

    The file's hash is what identifies an export as written and as merged (the exchange record,
    the organiser's receipt), whatever its framing.
    """

    doc: ExportDoc
    plan: Plan
    sha256: str
    sealed: bool = False


def refused(source: str, reason: str) -> KioskError:
    """`<file>: refused: <reason>` in the current language; the file always comes first."""
    return KioskError(f"{source}: " + _("refused: {reason}").format(reason=reason))


# -- content ------------------------------------------------------------------------------------

_encoder = msgspec.json.Encoder(order="sorted")
_decoder = msgspec.json.Decoder(ExportDoc)


def encode_export(doc: ExportDoc) -> bytes:
    """The canonical content: JSON with sorted keys, UTF-8, no insignificant whitespace."""
    return _encoder.encode(doc)


def decode_export(content: bytes, source: str = "export") -> tuple[ExportDoc, Plan]:
    """Validate content bytes strictly and cross-check them against the plan they carry."""
    try:
        doc = _decoder.decode(content)
    except msgspec.ValidationError as exc:
        reason = _("not a valid kiosk export ({detail})").format(detail=exc)
        raise refused(source, reason) from None
    except msgspec.DecodeError as exc:
        raise refused(source, _("not valid JSON ({detail})").format(detail=exc)) from None
    except RecursionError:
        raise refused(source, _("JSON nested too deeply")) from None
    try:
        plan = plan_from_data(doc.plan, source="plan")
    except KioskError as exc:
        first = str(exc).splitlines()[0]
        reason = _("the plan inside is not valid ({detail})").format(detail=first)
        raise refused(source, reason) from None
    problem = _cross_check(doc, plan)
    if problem:
        raise refused(source, problem)
    return doc, plan


def _cross_check(doc: ExportDoc, plan: Plan) -> str | None:
    """The first way the document contradicts itself or its plan, or None."""
    if plan.event_id != doc.event_id:
        return _("event_id {event} is not the event of the plan ({plan_event})").format(
            event=repr(doc.event_id), plan_event=repr(plan.event_id)
        )
    if plan.table(doc.table_number) is None:
        return _("table_number {number} is not a table of the plan").format(number=doc.table_number)
    rounds = {r.number for r in plan.rounds}
    kinds = {k.key for k in plan.kinds}
    cluster_ids = set()
    for i, cluster in enumerate(doc.clusters):
        if cluster.id in cluster_ids:
            return _("clusters[{index}].id: {id} appears twice").format(index=i, id=cluster.id)
        cluster_ids.add(cluster.id)
    note_ids = set()
    for i, note in enumerate(doc.notes):
        if note.id in note_ids:
            return _("notes[{index}].id: {id} appears twice").format(index=i, id=note.id)
        note_ids.add(note.id)
        if note.round_number not in rounds:
            return _("notes[{index}].round_number: {number} is not a round of the plan").format(
                index=i, number=note.round_number
            )
        if note.kind not in kinds:
            return _("notes[{index}].kind: {kind} is not a kind of the plan").format(
                index=i, kind=repr(note.kind)
            )
        if note.cluster_id is not None and note.cluster_id not in cluster_ids:
            return _("notes[{index}].cluster_id: {id} is not a cluster of this export").format(
                index=i, id=note.cluster_id
            )
    tallies = set()
    for i, tally in enumerate(doc.tallies):
        if (tally.round_number, tally.role) in tallies:
            return _("tallies[{index}]: round {number}, role {role} appears twice").format(
                index=i, number=tally.round_number, role=repr(tally.role)
            )
        tallies.add((tally.round_number, tally.role))
        if tally.round_number not in rounds:
            return _("tallies[{index}].round_number: {number} is not a round of the plan").format(
                index=i, number=tally.round_number
            )
    return None


# -- framing ------------------------------------------------------------------------------------

_HEADER = re.compile(
    rb"kiosk-export/(?P<version>[0-9]{1,4}) (?P<kind>[a-z]{1,16}) "
    rb"sha256=(?P<sha256>[0-9a-f]{64}) length=(?P<length>[0-9]{1,12})\n"
)


def frame(content: bytes, kind: str = PLAIN) -> bytes:
    """Header line plus body; the header records the body's length and SHA-256."""
    digest = hashlib.sha256(content).hexdigest()
    header = f"{FORMAT} {kind} sha256={digest} length={len(content)}\n".encode("ascii")
    return header + content


def unframe(data: bytes, source: str = "export") -> tuple[str, bytes, str]:
    """The framing kind, the verified body and its SHA-256; refuses anything damaged or foreign."""
    if not data:
        raise refused(source, _("the file is empty"))
    end = data.find(b"\n", 0, MAX_HEADER_BYTES)
    header = data[: end + 1] if end >= 0 else b""
    match = _HEADER.fullmatch(header)
    if match is None:
        if data.startswith(b"kiosk-export/") and end < 0:
            raise refused(source, _("the file is truncated inside its header"))
        if data.startswith(b"kiosk-export/"):
            raise refused(source, _("the header line is damaged"))
        if is_sealed(data):
            raise refused(
                source,
                _(
                    "sealed for the organiser's key (kiosk-sealed/1); "
                    "merge it with --key and the organiser's key file"
                ),
            )
        raise refused(source, _("not a kiosk export (no {format} header)").format(format=FORMAT))
    version = int(match["version"])
    if version > FORMAT_VERSION:
        reason = _(
            "written by a newer version of kiosk (kiosk-export/{version}); "
            "update kiosk on this computer to merge it"
        )
        raise refused(source, reason.format(version=version))
    if version != FORMAT_VERSION:
        reason = _("unknown format kiosk-export/{version}").format(version=version)
        raise refused(source, reason)
    body = data[end + 1 :]
    expected = int(match["length"])
    if len(body) < expected:
        reason = _("the file is truncated ({received} of {expected} bytes after the header)")
        raise refused(source, reason.format(received=number(len(body)), expected=number(expected)))
    if len(body) > expected:
        reason = _("{count} unexpected bytes after the content")
        raise refused(source, reason.format(count=number(len(body) - expected)))
    digest = match["sha256"].decode("ascii")
    if hashlib.sha256(body).hexdigest() != digest:
        raise refused(source, _("the content is damaged (SHA-256 does not match)"))
    return match["kind"].decode("ascii"), body, digest


def content_of(data: bytes, source: str = "export") -> tuple[bytes, str]:
    """The verified content bytes of a file's data, whatever its framing, and the body's hash."""
    kind, body, digest = unframe(data, source)
    if kind != PLAIN:
        reason = _("framing {kind} is not supported by this kiosk").format(kind=repr(kind))
        raise refused(source, reason)
    return body, digest


def parse_export(data: bytes, source: str = "export") -> Export:
    """Verify the framing, then validate the content: the whole way from file data to document."""
    content, _digest = content_of(data, source)
    doc, plan = decode_export(content, source)
    return Export(doc=doc, plan=plan, sha256=hashlib.sha256(data).hexdigest())


def open_export(data: bytes, source: str = "export", key: KeyPair | None = None) -> Export:
    """A plain or sealed export file's data, verified and validated.

    A sealed file is opened with the organiser's key first; its clear header (bound to the sealed
    content) must agree with the document inside. The hash is always that of the file as written.
    """
    if not is_sealed(data) or key is None:
        return parse_export(data, source)
    header, inner = unseal(data, key, source)
    export = parse_export(inner, source)
    doc = export.doc
    if (header.event_id, header.table_number, header.export_id) != (
        doc.event_id,
        doc.table_number,
        str(doc.export_id),
    ):
        raise refused(source, _("the sealed header does not match its content"))
    return replace(export, sha256=hashlib.sha256(data).hexdigest(), sealed=True)


def seal_export(data: bytes, doc: ExportDoc) -> bytes:
    """The file's data sealed for the organiser, when the table's plan carries their key."""
    key_text = doc.plan.get("organiser_key") if isinstance(doc.plan, dict) else None
    if not key_text:
        return data
    return seal(
        data,
        parse_public_key(key_text),
        event_id=doc.event_id,
        table_number=doc.table_number,
        export_id=str(doc.export_id),
    )


def read_export_file(path: Path, cap: int = MAX_EXPORT_BYTES, key: KeyPair | None = None) -> Export:
    return open_export(read_capped(path, cap, _("a kiosk export")), str(path), key)


def utc(moment: datetime) -> datetime:
    """A UTC-normalised copy of an aware time (files may carry any offset)."""
    return moment.astimezone(UTC)


# -- schema -------------------------------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the content, with the embedded plan's schema spliced in."""
    schema = msgspec.json.schema(ExportDoc)
    plan_schema = Plan.model_json_schema(ref_template="#/$defs/Plan{model}")
    defs = schema["$defs"]
    for name, definition in plan_schema.pop("$defs", {}).items():
        defs[f"Plan{name}"] = definition
    defs["Plan"] = plan_schema
    defs["ExportDoc"]["properties"]["plan"] = {"$ref": "#/$defs/Plan"}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "kiosk-export-1.schema.json"
    schema["title"] = "kiosk-export/1 content"
    return schema
