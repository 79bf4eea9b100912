"""The stored records: one schema for a table laptop's store and for the organiser's archive.

Natural keys (event id, table number, round number, note UUID) are used across stores so that
exports from many laptops merge without id mapping. Notes, clusters and tallies carry what the
merge needs to pick a winner: a revision number, the UTC update time and the writing device.
Nothing is ever hard-deleted: a deleted note is a tombstone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Dialect,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from kiosk.storage.schema import MAX_NOTE_CHARS as MAX_NOTE_CHARS

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def store_time(value: datetime) -> str:
    """An aware time as the store keeps it: UTC, ISO 8601, a four-digit year, microseconds, `Z`.

    Every year Python knows (1 to 9999) gets four digits, so the text has one width, sorts as the
    times do and reads back exactly (`strftime("%Y")` would write year 1 as "1"). A time whose UTC
    form is outside those years raises OverflowError; readers of files refuse those first.
    """
    if value.tzinfo is None:
        raise ValueError("naive datetime given where UTC is required")
    moment = value.astimezone(UTC)
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:"
        f"{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}Z"
    )


def read_store_time(value: str) -> datetime:
    """The time `store_time` wrote; also reads a year written without its leading zeros (stores
    of kiosk before migration 0002 wrote year 1 as "1")."""
    year, rest = value.split("-", 1)
    return datetime.fromisoformat(f"{int(year):04d}-{rest}").replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes stored as sortable ISO 8601 text with microseconds and a `Z`."""

    impl = String(27)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else store_time(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else read_store_time(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Event(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    date: Mapped[str | None] = mapped_column(String(10))
    location: Mapped[str] = mapped_column(String(500), default="")
    language: Mapped[str] = mapped_column(String(5), default="nl")
    # The plan as loaded (canonical JSON): roles, kinds and the organiser key live there.
    plan_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    themes: Mapped[list[Theme]] = relationship(
        back_populates="event", order_by="Theme.position", cascade="all, delete-orphan"
    )
    tables: Mapped[list[EventTable]] = relationship(
        back_populates="event", order_by="EventTable.number", cascade="all, delete-orphan"
    )
    rounds: Mapped[list[Round]] = relationship(
        back_populates="event", order_by="Round.number", cascade="all, delete-orphan"
    )


class Theme(Base):
    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[list[Any]] = mapped_column(default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="themes")


class EventTable(Base):
    """A table in the hall (not a database table): a number and the theme it discusses."""

    __tablename__ = "event_tables"
    __table_args__ = (
        UniqueConstraint("event_id", "number"),
        ForeignKeyConstraint(
            ["event_id", "theme_key"], ["themes.event_id", "themes.key"], ondelete="CASCADE"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    number: Mapped[int]
    theme_key: Mapped[str] = mapped_column(String(40))

    event: Mapped[Event] = relationship(back_populates="tables")


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    number: Mapped[int]
    minutes: Mapped[int]
    starts_at: Mapped[str | None] = mapped_column(String(5))

    event: Mapped[Event] = relationship(back_populates="rounds")


class _Replicated:
    """Columns every merged record carries so the newest version wins the same way everywhere."""

    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    revision: Mapped[int] = mapped_column(Integer, default=1)
    device_id: Mapped[str] = mapped_column(String(64))


class Cluster(_Replicated, Base):
    """A labelled group of notes on a table's wall."""

    __tablename__ = "clusters"
    __table_args__ = (
        ForeignKeyConstraint(
            ["event_id", "table_number"],
            ["event_tables.event_id", "event_tables.number"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(80), index=True)
    table_number: Mapped[int]
    label: Mapped[str] = mapped_column(String(200), default="")
    x: Mapped[float] = mapped_column(Float, default=0.0)
    y: Mapped[float] = mapped_column(Float, default=0.0)
    width: Mapped[float] = mapped_column(Float, default=480.0)
    height: Mapped[float] = mapped_column(Float, default=360.0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Note(_Replicated, Base):
    """A sticky note: verbatim text, its kind and optional role, where it sits on the wall."""

    __tablename__ = "notes"
    __table_args__ = (
        ForeignKeyConstraint(
            ["event_id", "table_number"],
            ["event_tables.event_id", "event_tables.number"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["event_id", "round_number"],
            ["rounds.event_id", "rounds.number"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(80), index=True)
    table_number: Mapped[int]
    round_number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    role: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    starred: Mapped[bool] = mapped_column(Boolean, default=False)
    votes: Mapped[int] = mapped_column(Integer, default=0)
    x: Mapped[float] = mapped_column(Float, default=0.0)
    y: Mapped[float] = mapped_column(Float, default=0.0)
    cluster_id: Mapped[str | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="SET NULL"), index=True
    )
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set by the organiser only (a remark that names a person): kept, but never printed.
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


class Tally(Base):
    """How many participants of one role sat at a table in one round (the host taps a counter)."""

    __tablename__ = "tallies"
    __table_args__ = (
        UniqueConstraint("event_id", "table_number", "round_number", "role"),
        ForeignKeyConstraint(
            ["event_id", "table_number"],
            ["event_tables.event_id", "event_tables.number"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(80))
    table_number: Mapped[int]
    round_number: Mapped[int]
    role: Mapped[str] = mapped_column(String(500))
    count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]
    revision: Mapped[int] = mapped_column(Integer, default=1)
    device_id: Mapped[str] = mapped_column(String(64))


class Exchange(Base):
    """A record of each export written from this store, or each export merged into it."""

    __tablename__ = "exchanges"
    __table_args__ = (
        UniqueConstraint("export_id", "direction"),
        # A merge looks up its table's earlier imports (`check_laptop`) without a scan.
        Index("ix_exchanges_event_id_table_number", "event_id", "table_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[str] = mapped_column(String(36))
    direction: Mapped[str] = mapped_column(String(6))  # "export" or "import"
    event_id: Mapped[str] = mapped_column(String(80))
    table_number: Mapped[int]
    device_id: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    exported_at: Mapped[datetime]
    recorded_at: Mapped[datetime]
    note_count: Mapped[int] = mapped_column(Integer, default=0)
    # The store's change count when the export was made (`kiosk.exchange.export.change_count`),
    # as recorded by the laptop and by the archive; None for exports made before signing.
    changes: Mapped[int | None] = mapped_column(Integer)
    # The signing laptop's public key (`kiosk.core.signing`), for an import of a signed export.
    laptop_key: Mapped[str | None] = mapped_column(String(80))
    notes_new: Mapped[int] = mapped_column(Integer, default=0)
    notes_updated: Mapped[int] = mapped_column(Integer, default=0)
    notes_unchanged: Mapped[int] = mapped_column(Integer, default=0)


class LaptopKey(Base):
    """An archive's pinned signing key of a table's laptop (as SSH pins host keys).

    The first signed export merged for a table pins its key; another key is refused unless the
    organiser accepts it.
    """

    __tablename__ = "laptop_keys"
    __table_args__ = (UniqueConstraint("event_id", "table_number", "public_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(80))
    table_number: Mapped[int]
    public_key: Mapped[str] = mapped_column(String(80))
    accepted_at: Mapped[datetime]


class Setting(Base):
    """Small per-store state: the table this laptop serves, its device id, timer, draft, PIN."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)


class OrganiserText(Base):
    """One revision of a text the organiser wrote for the summary: the introduction, the closing,
    or the synthesis of a theme or a table. Every save adds a revision; the newest is printed.
    Only the organiser console writes these: no table exports them and no merge touches them.
    """

    __tablename__ = "organiser_texts"
    __table_args__ = (UniqueConstraint("event_id", "scope", "subject", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    # "intro", "closing", "theme" (subject: the theme key) or "table" (subject: its number).
    scope: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(40), default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]
    device_id: Mapped[str] = mapped_column(String(64))


class ParticipantCount(Base):
    """The organiser's count of participants of one role in one round, over the whole hall.

    Where it is set it replaces what the tables' tallies add up to for that round and role;
    None gives the tables' tallies back. Never touched by a merge.
    """

    __tablename__ = "participant_counts"
    __table_args__ = (UniqueConstraint("event_id", "round_number", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    round_number: Mapped[int]
    role: Mapped[str] = mapped_column(String(500))
    count: Mapped[int | None] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime]
    device_id: Mapped[str] = mapped_column(String(64))
