"""The schema revision of a store, read with sqlite3 alone (the kiosk starts before SQLAlchemy).

`store.py` uses it to skip Alembic on a store at head; the kiosk's launch snapshot uses it to read
a store at head before SQLAlchemy is even imported.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.core.errors import KioskError

# The newest schema revision this version knows. tests/storage checks it matches Alembic's head,
# so a store at head opens without importing Alembic (it is slow to import).
SCHEMA_HEAD = "0004"

MAX_NOTE_CHARS = 10_000


def schema_revision(path: Path) -> str | None:
    """The store's schema revision, None for a new empty file; refuses what is not a store."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise KioskError(f"{path}: cannot be opened ({exc})") from None
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise KioskError(f"{path}: not a kiosk store (an SQLite file of another program)")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "not a database" in text or "malformed" in text:
            raise KioskError(f"{path}: not a kiosk store ({exc})") from None
        # A valid store the disk failed to read (I/O error, locked, no permission) is no
        # stranger's file: say what happened to it instead.
        from kiosk.storage.failures import cause

        raise KioskError(f"{path}: cannot read the store: {cause(exc)}") from None
    finally:
        conn.close()
