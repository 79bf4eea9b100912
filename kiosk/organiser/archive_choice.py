"""The console's choice of archive: checked before use, remembered without its password.

An organiser may point the console at an archive file or at the organisation's PostgreSQL server.
The choice is kept in the user's config folder so the console opens it next time; a password is
never written there (nor anywhere): it is asked, or libpq reads PGPASSWORD or ~/.pgpass.
"""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs

from kiosk.core.atomic import write_atomic
from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.core.paths import APP
from kiosk.storage.schema import schema_revision
from kiosk.storage.server import ArchiveTarget, DatabaseUrl, archive_target, check_connection


def settings_file() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "organiser.json"


def without_password(target: ArchiveTarget) -> str:
    if isinstance(target, DatabaseUrl):
        # URL.set() ignores None; the URL is a named tuple, so _replace drops the password.
        return str(DatabaseUrl(target.url._replace(password=None)))
    return str(target)


def remember(target: ArchiveTarget) -> None:
    """Keep the archive for the console's next start (never its password)."""
    data = json.dumps({"archive": without_password(target)}, ensure_ascii=False, indent=2)
    path = settings_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KioskError(f"{path.parent}: cannot create the folder ({exc.strerror})") from None
    write_atomic(path, data.encode("utf-8"))


def remembered() -> ArchiveTarget | None:
    """The archive chosen last time, or None (none chosen, or the settings file is unreadable)."""
    try:
        given = json.loads(settings_file().read_text(encoding="utf-8")).get("archive")
        return archive_target(given) if isinstance(given, str) and given else None
    except (OSError, ValueError, AttributeError, KioskError):
        return None


def try_archive(text: str, password: str = "") -> tuple[ArchiveTarget, str]:
    """What the console's archive field names, checked: the archive and one line on what answered.

    A server is connected to (with the password typed, if any); a file is checked to be a kiosk
    archive, or a place where a new one can be made. Anything else raises one sentence.
    """
    given = text.strip()
    if not given:
        raise KioskError(_("Give an archive file or a postgresql:// address."))
    target = archive_target(given)
    if isinstance(target, DatabaseUrl):
        if password:
            target = target.with_password(password)
        return target, _("Connected: {server}").format(server=check_connection(target))
    path = target.expanduser()
    if path.is_dir():
        raise KioskError(_("{path}: is a folder; give a file name").format(path=path))
    if path.exists() and path.stat().st_size > 0:
        schema_revision(path)
        return path, _("An archive file.")
    return path, _("A new archive file will be made here.")
