"""The export file `kiosk-export/1`: the document's strict schema, its content bytes, its framing.

Two layers, kept apart so that a sealed (encrypted) variant can wrap the same content:

- content: `encode_export(doc)` gives canonical JSON (sorted keys, UTF-8); `decode_export(content)`
  validates it strictly (msgspec: no unknown fields, bounded lengths and counts, UUIDs, UTC times)
  and cross-checks it against the plan it carries.
- framing: one ASCII header line `kiosk-export/1 plain sha256=<hex> length=<n> signature=<b64>`
  and then the body. `unframe` checks the header, the length and the SHA-256 of the body before
  anything is parsed; `parse_export` then checks the signature against the laptop key the content
  names (`kiosk.core.signing`). Exports written before signing have no signature and no key.

Everything read from a file is untrusted: `read_export_file` caps the size before reading, and every
refusal is a `KioskError` naming the file and one reason. See docs/exchange-format.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from kiosk.core.errors import KioskError
from kiosk.core.files import read_capped
from kiosk.core.i18n import _, number
from kiosk.core.signing import verify
from kiosk.exchange.sealing import KeyPair, is_sealed, parse_public_key, seal, unseal
from kiosk.plan.model import Plan, plan_from_data

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
MAX_HEADER_BYTES = 300
# A refusal is one line of at most this many characters; a hostile value is cut short to fit.
MAX_LINE = 300
MAX_QUOTED = 60
# The largest change counter a file may claim: a busy table writes a few thousand changes a day.
MAX_CHANGES = 1_000_000

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
LaptopPublicKey = Annotated[str, Meta(pattern=r"^kiosk-laptop-1:[A-Za-z0-9+/]{43}=$")]
Changes = Annotated[int, Meta(ge=0, le=MAX_CHANGES)]
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


class ExportDoc(_Record, omit_defaults=True):
    """One table's whole state at one moment, as written to a stick.

    The last two fields came with signing; exports written before it lack them (and are written
    without them, so their canonical form is unchanged).
    """

    format: Literal["kiosk-export/1"]
    export_id: UUID
    exported_at: UtcTime
    app_version: AppVersion
    device_id: DeviceId
    event_id: EventId
    table_number: TableNumber
    # The event's plan as the table laptop holds it (kiosk-plan/1, validated by kiosk.plan.model).
    plan: dict[str, Any]
    # The round timer's saved state (`RoundTimer.to_state()`), absent before the timer first ran.
    timer: TimerState | None
    notes: Annotated[list[ExportNote], Meta(max_length=MAX_NOTES)]
    clusters: Annotated[list[ExportCluster], Meta(max_length=MAX_CLUSTERS)]
    tallies: Annotated[list[ExportTally], Meta(max_length=MAX_TALLIES)]
    # The signing laptop's public key (`kiosk.core.signing`); the header's signature is by it.
    laptop_key: LaptopPublicKey | None = None
    # The laptop store's change counter at the export: no revision in the file exceeds it.
    changes: Changes | None = None


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

    @property
    def laptop_key(self) -> str | None:
        """The key that signed the file (verified), or None for an export made before signing."""
        return self.doc.laptop_key


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """Text on one line of at most limit characters, cut short with an ellipsis if longer."""
    flat = " ".join(text.split("\n"))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def quoted(value: object) -> str:
    """A value from a file as a refusal quotes it: repr, cut short to `MAX_QUOTED` characters."""
    return one_line(repr(value), MAX_QUOTED)


def refused(source: str, reason: str) -> KioskError:
    """`<file>: refused: <reason>` in the current language; the file always comes first.

    One line of at most `MAX_LINE` characters, whatever the file or its values hold.
    """
    sentence = one_line(_("refused: {reason}").format(reason=reason), MAX_LINE - 40)
    room = MAX_LINE - len(sentence) - 2
    source = one_line(source)
    if len(source) > room:
        # The reason says what to do; a long path keeps its end (the file's name).
        source = "…" + source[len(source) - room + 1 :]
    return KioskError(f"{source}: {sentence}")


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
    problem = _cross_check(doc, plan) or _check_times(doc) or _check_canonical(doc, content)
    if problem:
        raise refused(source, problem)
    return doc, plan


def _check_canonical(doc: ExportDoc, content: bytes) -> str | None:
    """Kiosk writes one form only; anything else (a key twice, above all) is refused.

    A decoder keeps one of two equal keys silently; re-encoding what was decoded shows whether
    anything was dropped or reordered, at the cost of one fast encode.
    """
    if _encoder.encode(doc) == content:
        return None
    duplicate = _duplicate_key(content)
    if duplicate is not None:
        return _("the key {key} appears twice in one object").format(key=quoted(duplicate))
    return _("not in the canonical form kiosk writes (sorted keys, no spaces, UTF-8)")


def _duplicate_key(content: bytes) -> str | None:
    """The first key that appears twice in one JSON object, if any (only run on a refusal)."""
    found: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _value in items]
        if len(set(keys)) != len(keys) and not found:
            found.append(next(key for key in keys if keys.count(key) > 1))
        return dict(items)

    try:
        json.loads(content, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return None
    return found[0] if found else None


def _times(doc: ExportDoc) -> Iterator[tuple[str, datetime]]:
    yield "exported_at", doc.exported_at
    for i, note in enumerate(doc.notes):
        yield f"notes[{i}].created_at", note.created_at
        yield f"notes[{i}].updated_at", note.updated_at
    for i, cluster in enumerate(doc.clusters):
        yield f"clusters[{i}].created_at", cluster.created_at
        yield f"clusters[{i}].updated_at", cluster.updated_at
    for i, tally in enumerate(doc.tallies):
        yield f"tallies[{i}].updated_at", tally.updated_at


def _check_times(doc: ExportDoc) -> str | None:
    """Every time must have a UTC form in the years Python knows (1 to 9999), as the store keeps
    times in UTC: `9999-12-31T23:59:59-23:59` does not."""
    for field, moment in _times(doc):
        if moment.utcoffset():
            try:
                moment.astimezone(UTC)
            except OverflowError:
                return _("{field}: {value} has no UTC time within the years 1 to 9999").format(
                    field=field, value=moment.isoformat()
                )
    return None


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
    roles = set(plan.roles)
    bound = doc.changes
    cluster_ids = set()
    for i, cluster in enumerate(doc.clusters):
        if cluster.id in cluster_ids:
            return _("clusters[{index}].id: {id} appears twice").format(index=i, id=cluster.id)
        cluster_ids.add(cluster.id)
        if bound is not None and cluster.revision > bound:
            return _revision_problem(f"clusters[{i}]", cluster.revision, bound)
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
                index=i, kind=quoted(note.kind)
            )
        if note.role is not None and note.role not in roles:
            return _("notes[{index}].role: {role} is not a role of the plan").format(
                index=i, role=quoted(note.role)
            )
        if not note.text.strip():
            return _("notes[{index}].text: empty (a note always has text)").format(index=i)
        if bound is not None and note.revision > bound:
            return _revision_problem(f"notes[{i}]", note.revision, bound)
        if note.cluster_id is not None and note.cluster_id not in cluster_ids:
            return _("notes[{index}].cluster_id: {id} is not a cluster of this export").format(
                index=i, id=note.cluster_id
            )
    tallies = set()
    for i, tally in enumerate(doc.tallies):
        if (tally.round_number, tally.role) in tallies:
            return _("tallies[{index}]: round {number}, role {role} appears twice").format(
                index=i, number=tally.round_number, role=quoted(tally.role)
            )
        tallies.add((tally.round_number, tally.role))
        if tally.round_number not in rounds:
            return _("tallies[{index}].round_number: {number} is not a round of the plan").format(
                index=i, number=tally.round_number
            )
        if tally.role not in roles:
            return _("tallies[{index}].role: {role} is not a role of the plan").format(
                index=i, role=quoted(tally.role)
            )
        if bound is not None and tally.revision > bound:
            return _revision_problem(f"tallies[{i}]", tally.revision, bound)
    if (doc.laptop_key is None) != (doc.changes is None):
        return _("laptop_key and changes come together (both or neither)")
    return None


def _revision_problem(record: str, revision: int, bound: int) -> str:
    """A revision rises by one per change, so none can exceed the store's change counter."""
    return _(
        "{record}.revision: {revision} is more than the {changes} changes this export's "
        "laptop has made"
    ).format(record=record, revision=revision, changes=bound)


# -- framing ------------------------------------------------------------------------------------

_HEADER = re.compile(
    rb"kiosk-export/(?P<version>[0-9]{1,4}) (?P<kind>[a-z]{1,16}) "
    rb"sha256=(?P<sha256>[0-9a-f]{64}) length=(?P<length>[0-9]{1,12})"
    rb"(?: signature=(?P<signature>[A-Za-z0-9+/]{86}==))?\n"
)


@dataclass(frozen=True)
class Framed:
    """A verified body: its framing kind, its SHA-256 (hex) and the header's signature if any."""

    kind: str
    body: bytes
    sha256: str
    signature: str | None


def frame(content: bytes, kind: str = PLAIN, sign: Callable[[bytes], str] | None = None) -> bytes:
    """Header line plus body; the header records the body's length and SHA-256, and the
    signature `sign` makes over that SHA-256 (the laptop's key, `kiosk.core.signing.sign`)."""
    digest = hashlib.sha256(content)
    signature = f" signature={sign(digest.digest())}" if sign is not None else ""
    header = f"{FORMAT} {kind} sha256={digest.hexdigest()} length={len(content)}{signature}\n"
    return header.encode("ascii") + content


def unframe(data: bytes, source: str = "export") -> Framed:
    """The verified body and its framing; refuses anything damaged or foreign."""
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
    signature = match["signature"]
    return Framed(
        match["kind"].decode("ascii"),
        body,
        digest,
        None if signature is None else signature.decode("ascii"),
    )


def content_of(data: bytes, source: str = "export") -> Framed:
    """The verified content of a file's data, which must be plainly framed."""
    framed = unframe(data, source)
    if framed.kind != PLAIN:
        reason = _("framing {kind} is not supported by this kiosk").format(kind=quoted(framed.kind))
        raise refused(source, reason)
    return framed


def parse_export(data: bytes, source: str = "export") -> Export:
    """Verify the framing, then validate the content, then its signature: the whole way from
    file data to document."""
    framed = content_of(data, source)
    doc, plan = decode_export(framed.body, source)
    _check_signature(doc, framed, source)
    return Export(doc=doc, plan=plan, sha256=hashlib.sha256(data).hexdigest())


def _check_signature(doc: ExportDoc, framed: Framed, source: str) -> None:
    """A file that names a laptop key must carry that key's signature over its content."""
    if doc.laptop_key is None:
        if framed.signature is not None:
            raise refused(source, _("signed, but the content names no laptop key"))
        return
    if framed.signature is None:
        raise refused(source, _("names a laptop key but is not signed"))
    if not verify(doc.laptop_key, framed.signature, bytes.fromhex(framed.sha256)):
        raise refused(source, _("the signature does not match the content and its laptop key"))


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
