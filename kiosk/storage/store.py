"""Opening a store: SQLite in WAL with synchronous=FULL, migrations on open, newer stores refused.

A store is either a table laptop's store or the organiser's archive; both have the same schema.
The caller owns transactions: one `with store.begin() as session:` per user action.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import KioskError
from kiosk.storage.schema import SCHEMA_HEAD, schema_revision

MIGRATIONS = Path(__file__).with_name("migrations")
IMMEDIATE = "kiosk_begin_immediate"

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    # A second writer (two merges into one archive) waits up to this long for the first.
    "PRAGMA busy_timeout=30000",
    "PRAGMA trusted_schema=OFF",
)


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
    """An open store: an engine and a session factory."""

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def begin(self, immediate: bool = False) -> Iterator[Session]:
        """One user action: commits on success, rolls back on any error.

        With immediate, the transaction holds the write lock from its start (a merge: another
        merge into the same archive then waits its turn instead of failing).
        """
        if not immediate:
            with self.sessions.begin() as session:
                yield session
            return
        with self.engine.connect() as connection:
            connection.info[IMMEDIATE] = True
            try:
                with connection.begin(), Session(connection, expire_on_commit=False) as session:
                    yield session
                    session.flush()
            finally:
                connection.info.pop(IMMEDIATE, None)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}


def migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_store(path: str | Path, create: bool = True) -> Store:
    """Open (and if needed create or migrate) the store at path.

    A store written by a newer kiosk is refused before anything touches it.
    """
    path = Path(path)
    if path.is_dir():
        raise KioskError(f"{path}: is a folder; give a file name for the store")
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise KioskError(f"{path}: no such store")
    revision = schema_revision(path) if exists else None
    if revision is not None and revision != SCHEMA_HEAD and revision not in known_revisions():
        raise KioskError(
            f"{path}: written by a newer version of kiosk (schema {revision!r}); "
            "update kiosk on this computer to open it"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KioskError(f"{path.parent}: cannot create the folder ({exc.strerror})") from None
    engine = make_engine(path)
    if revision != SCHEMA_HEAD:
        migrate(engine)
    return Store(path, engine)
