"""Opening a store: SQLite in WAL with synchronous=FULL, migrations on open, newer stores refused.

A store is either a table laptop's store or the organiser's archive; both have the same schema.
An archive may also live on a PostgreSQL server (`kiosk.storage.server`): the same models and
the same Alembic migrations, run on open as for a file.
The caller owns transactions: one `with store.begin() as session:` per user action.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.core import resources
from kiosk.core.errors import KioskError
from kiosk.storage.schema import SCHEMA_HEAD, schema_revision
from kiosk.storage.server import (
    ArchiveTarget,
    DatabaseUrl,
    archive_target,
    connect_problem,
    lock_archive,
    make_server_engine,
)

IMMEDIATE = "kiosk_begin_immediate"

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    # A second writer (two merges into one archive) waits up to this long for the first.
    "PRAGMA busy_timeout=30000",
    "PRAGMA trusted_schema=OFF",
    # An archive's index of note ids takes each new id at a random place, so a merge touches
    # most of its pages: 64 MiB (SQLite's default is 2 MiB) keeps an archive of many events'
    # index in memory instead of reading it again and spilling it mid-transaction. Only pages
    # actually read take memory, so a table laptop's small store uses no more than before.
    "PRAGMA cache_size=-65536",
)
# WAL pages after which a merging connection checkpoints (SQLite's default, kept for every other
# write, is 1,000). A merge into an archive of many events dirties most of the note id index, so
# at 1,000 every file's commit also copied that whole index into the database file; at this size
# a page rewritten by several files is copied once, and the WAL stays under about 40 MiB.
BULK_CHECKPOINT = 10_000
DEFAULT_CHECKPOINT = 1_000


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself, so reads inside a transaction see one
    # snapshot (pysqlite would otherwise defer BEGIN until the first write).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def make_engine(path: Path) -> Engine:
    # hide_parameters: a database error in the log must not quote a note's text.
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _on_connect)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock at once, waiting (busy_timeout) for another writer;
        # a deferred transaction that reads first cannot wait when it later needs to write.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get(IMMEDIATE) else "BEGIN")

    return engine


class Store:
    """An open store: an engine and a session factory. `path` is the file, or the server's URL."""

    def __init__(self, path: ArchiveTarget, engine: Engine):
        self.path = path
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def begin(self, immediate: bool = False, bulk: bool = False) -> Iterator[Session]:
        """One user action: commits on success, rolls back on any error.

        With immediate, the transaction holds the write lock from its start (a merge: another
        merge into the same archive then waits its turn instead of failing). With bulk (a merge
        too), an SQLite store checkpoints after `BULK_CHECKPOINT` WAL pages instead of 1,000.
        """
        if not immediate:
            with self.sessions.begin() as session:
                yield session
            return
        with self.engine.connect() as connection:
            connection.info[IMMEDIATE] = True
            checkpoint = self._checkpoint_pages(connection) if bulk else None
            try:
                if checkpoint is not None:
                    checkpoint(BULK_CHECKPOINT)
                with connection.begin(), Session(connection, expire_on_commit=False) as session:
                    yield session
                    session.flush()
            finally:
                connection.info.pop(IMMEDIATE, None)
                if checkpoint is not None:
                    checkpoint(DEFAULT_CHECKPOINT)

    @staticmethod
    def _checkpoint_pages(connection: Connection) -> Callable[[int], None] | None:
        """Sets the connection's WAL checkpoint size; None on a server. Runs outside SQLAlchemy's
        transaction handling: a setting of the connection, not part of any transaction."""
        if connection.dialect.name != "sqlite":
            return None
        raw = connection.connection.driver_connection

        def checkpoint(pages: int) -> None:
            raw.execute(f"PRAGMA wal_autocheckpoint={pages}").close()

        return checkpoint

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory(str(resources.migrations())).walk_revisions()}


def migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.migrations()))
    with engine.begin() as connection:
        # Two organisers opening a new server archive at once: one creates it, the other waits
        # and then finds it at head.
        lock_archive(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _refuse_newer(where: object, revision: str | None) -> None:
    if revision is not None and revision != SCHEMA_HEAD and revision not in known_revisions():
        raise KioskError(
            f"{where}: written by a newer version of kiosk (schema {revision!r}); "
            "update kiosk on this computer to open it"
        )


def _server_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.scalar(text("SELECT version_num FROM alembic_version"))


def open_server_archive(target: DatabaseUrl, create: bool = True) -> Store:
    """Open (and if needed create or migrate) the archive in the server's database."""
    engine = make_server_engine(target)
    try:
        with engine.connect() as connection:
            revision = _server_revision(connection)
    except OperationalError as exc:
        engine.dispose()
        raise connect_problem(target, exc) from None
    if revision is None and not create:
        engine.dispose()
        raise KioskError(f"{target}: no kiosk archive in this database yet")
    _refuse_newer(target, revision)
    if revision != SCHEMA_HEAD:
        migrate(engine)
    return Store(target, engine)


def open_store(path: str | Path | DatabaseUrl, create: bool = True) -> Store:
    """Open (and if needed create or migrate) the store at path, a file or a server's URL.

    A store written by a newer kiosk is refused before anything touches it.
    """
    target = archive_target(path)
    if isinstance(target, DatabaseUrl):
        return open_server_archive(target, create)
    path = target
    if path.is_dir():
        raise KioskError(f"{path}: is a folder; give a file name for the store")
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise KioskError(f"{path}: no such store")
    revision = schema_revision(path) if exists else None
    _refuse_newer(path, revision)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KioskError(f"{path.parent}: cannot create the folder ({exc.strerror})") from None
    engine = make_engine(path)
    if revision != SCHEMA_HEAD:
        migrate(engine)
    return Store(path, engine)
