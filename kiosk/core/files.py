"""Reading a file that came from outside (a stick, a download): size capped, JSON checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk.core.errors import KioskError
from kiosk.core.i18n import _, number


def read_capped(path: Path, cap: int, what: str) -> bytes:
    """The file's bytes; refused with one sentence when missing, a folder, unreadable or too large.

    The size is checked by stat and again while reading (a file may grow in between): never more
    than cap + 1 bytes are read. `what` names the kind of file ("a plan", "a kiosk export").
    """
    try:
        size = path.stat().st_size
        if size > cap:
            reason = _("too large for {what} ({size} bytes; at most {cap})").format(
                what=what, size=number(size), cap=number(cap)
            )
            raise KioskError(f"{path}: {reason}")
        with path.open("rb") as handle:
            data = handle.read(cap + 1)
    except FileNotFoundError:
        raise KioskError(f"{path}: " + _("no such file")) from None
    except IsADirectoryError:
        raise KioskError(f"{path}: " + _("is a folder, not {what}").format(what=what)) from None
    except OSError as exc:
        reason = _("cannot be read ({detail})").format(detail=exc.strerror)
        raise KioskError(f"{path}: {reason}") from None
    if len(data) > cap:
        reason = _("too large for {what} (more than {cap} bytes)").format(
            what=what, cap=number(cap)
        )
        raise KioskError(f"{path}: {reason}")
    return data


def read_json(raw: bytes | str, source: object, error: type[KioskError] = KioskError) -> Any:
    """The JSON value in raw; refused (as `error`) with one sentence naming source, line, column.

    Bytes are UTF-8 (a byte-order mark, as some editors write, is allowed). Whether the value
    is the right kind of document is the caller's question.
    """
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise error(f"{source}: " + _("not UTF-8 text")) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        reason = _("not valid JSON (line {line}, column {column}: {detail})").format(
            line=exc.lineno, column=exc.colno, detail=json_problem(exc.msg)
        )
        raise error(f"{source}: {reason}") from None
    except RecursionError:
        raise error(f"{source}: " + _("JSON nested too deeply")) from None


def json_problem(message: str) -> str:
    """Python's reason for refusing JSON, in the current language when it is a common one."""
    known = {
        "Expecting value": _("a value was expected"),
        "Expecting property name enclosed in double quotes": _(
            "a name in double quotes was expected"
        ),
        "Expecting ':' delimiter": _("a ':' was expected"),
        "Expecting ',' delimiter": _("a ',' was expected"),
        "Unterminated string starting at": _("a text is not closed with a double quote"),
        "Invalid control character at": _("a text holds a control character"),
        "Extra data": _("more follows after the end"),
    }
    return known.get(message, message)
