"""An archive on a PostgreSQL server: its URL, its engine, and where the two backends differ.

The tables stay on SQLite; an organisation's archive may live on PostgreSQL (psycopg 3), named by
a `postgresql://` URL wherever an archive is asked for. Every difference between the backends
that code outside `kiosk/storage` must know about is here: how a raw statement marks its
parameters, how a raw row carries a boolean, what orders rows written in one moment, and the
lock that makes concurrent writers equivalent to one after the other.

Several organisers at once: every transaction that decides what to write from what it read
(merging one file, an organiser's edit of a note) first takes one transaction-scoped advisory
lock of the archive (`lock_archive`). PostgreSQL releases it at commit or rollback, so a
killed merge leaves nothing behind and holds nothing. Transactions run at READ COMMITTED, so
each statement after the lock sees everything committed before it: the merges run one after
another, in whatever order they reached the lock, and give what one sequential merge gives.
Reading, verifying and decrypting a file (the slow part) happen before the lock, in parallel.

Passwords are never written anywhere by kiosk: libpq reads `PGPASSWORD` or `~/.pgpass`, or the
caller asks the person and keeps the answer in memory (`with_password`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, create_engine, literal_column, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session

from kiosk.core.errors import KioskError

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
# One advisory lock key for every kiosk archive in a database: "kiosk" in ASCII.
LOCK_KEY = 0x6B696F736B


@dataclass(frozen=True)
class DatabaseUrl:
    """A server archive's address; `str()` never shows the password."""

    url: URL

    def __str__(self) -> str:
        return self.url.set(drivername="postgresql").render_as_string(hide_password=True)

    @property
    def has_password(self) -> bool:
        return self.url.password is not None

    def with_password(self, password: str) -> DatabaseUrl:
        return DatabaseUrl(self.url.set(password=password))


ArchiveTarget = Path | DatabaseUrl


def is_database_url(value: str | Path) -> bool:
    return isinstance(value, str) and value.lower().startswith(SCHEMES)


def parse_url(value: str) -> DatabaseUrl:
    """A `postgresql://user@host:port/database` URL, or one clear sentence about what is wrong."""
    try:
        url = make_url(value)
    except ArgumentError:
        raise KioskError(f"{value}: not a database URL (postgresql://user@host/database)") from None
    if url.get_backend_name() != "postgresql":
        raise KioskError(f"{value}: only postgresql:// archive URLs are supported")
    if not url.database:
        raise KioskError(f"{DatabaseUrl(url)}: the URL names no database")
    return DatabaseUrl(url.set(drivername="postgresql+psycopg"))


def archive_target(value: str | Path | DatabaseUrl) -> ArchiveTarget:
    """What `--archive` names: a database URL or a file path."""
    if isinstance(value, DatabaseUrl):
        return value
    if is_database_url(value):
        return parse_url(str(value))
    return Path(value)


def make_server_engine(target: DatabaseUrl) -> Engine:
    # hide_parameters: a database error in the log must not quote a note's text. READ COMMITTED
    # (the server's default, stated here) is what lets a statement after `lock_archive` see
    # every merge committed before the lock was granted.
    return create_engine(
        target.url,
        hide_parameters=True,
        isolation_level="READ COMMITTED",
        pool_pre_ping=True,
        connect_args={"application_name": "kiosk", "connect_timeout": 10},
    )


class PasswordNeeded(KioskError):
    """The server asks a password that neither the URL, PGPASSWORD nor ~/.pgpass gives."""


def connect_problem(target: DatabaseUrl, exc: OperationalError) -> KioskError:
    """One sentence for a server that cannot be reached or refuses the login."""
    if needs_password(exc) and not target.has_password:
        return PasswordNeeded(f"{target}: the server asks a password")
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    return KioskError(f"{target}: cannot connect ({detail})")


def needs_password(exc: OperationalError) -> bool:
    detail = str(exc.orig)
    return "no password supplied" in detail or "password authentication failed" in detail


def check_connection(target: DatabaseUrl) -> str:
    """Connect once and say what answered (the console's connection test)."""
    engine = make_server_engine(target)
    try:
        with engine.connect() as connection:
            version = connection.scalar(text("SHOW server_version"))
    except OperationalError as exc:
        raise connect_problem(target, exc) from None
    finally:
        engine.dispose()
    return f"PostgreSQL {version}"


def is_server(connection: Connection | Session) -> bool:
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    return bind.dialect.name == "postgresql"


def lock_archive(session: Session | Connection) -> None:
    """Wait until no other writer of this archive is between its reads and its commit.

    Call it first in a transaction that decides what to write from what it read. Released at
    commit or rollback. On SQLite a writing transaction already excludes every other writer.
    """
    if is_server(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def driver_sql(connection: Connection, statement: str) -> str:
    """A raw statement written with `?` marks, in the marks the connection's driver takes."""
    if connection.dialect.paramstyle == "qmark":
        return statement
    return statement.replace("?", "%s")


def insertion_order(session: Session, table: str) -> ColumnElement[Any]:
    """A tie-break after the creation time: SQLite's rowid keeps the order rows were written in
    one moment (a CSV import); PostgreSQL has no such column, so the id decides there."""
    return literal_column(f"{table}.rowid" if not is_server(session) else f"{table}.id")


def flag_of(connection: Connection) -> Callable[[bool], Any]:
    """A boolean as a raw row carries it: 0 or 1 on SQLite, a bool on PostgreSQL."""
    return bool if is_server(connection) else int
