"""`kiosk keys new`: the organiser's key pair as two files, the private one passphrase-protected."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from kiosk.core.atomic import write_atomic
from kiosk.core.errors import KioskError
from kiosk.core.files import read_capped
from kiosk.core.i18n import _
from kiosk.exchange.sealing import (
    SCRYPT_N,
    KeyPair,
    load_private_key,
    new_key_pair,
    private_key_file,
)

PRIVATE_NAME = "organiser.kioskkey"
PUBLIC_NAME = "organiser-public-key.txt"
PASSPHRASE_ENV = "KIOSK_KEY_PASSPHRASE"


def ask_passphrase(confirm: bool) -> str:
    """From KIOSK_KEY_PASSPHRASE, else asked on the terminal (twice when making a key)."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        reason = _("set {variable} or run this in a terminal").format(variable=PASSPHRASE_ENV)
        raise KioskError(f"passphrase: {reason}")
    first = getpass.getpass("Passphrase for the organiser key: ")
    if confirm and getpass.getpass("Same passphrase again: ") != first:
        raise KioskError("passphrase: " + _("the two entries differ"))
    return first


def refuse_key_folder(folder: Path) -> None:
    """Raise unless folder exists and holds no key files yet (asked before the passphrase)."""
    if not folder.is_dir():
        raise KioskError(f"{folder}: " + _("no such folder"))
    for path in (folder / PRIVATE_NAME, folder / PUBLIC_NAME):
        if path.exists():
            reason = _("already exists; a new key would orphan sealed exports")
            raise KioskError(f"{path}: {reason}")


def create_key_files(folder: Path, passphrase: str, *, n: int = SCRYPT_N) -> tuple[Path, Path, str]:
    """Write a new key pair into folder; refuses to replace an existing key."""
    refuse_key_folder(folder)
    private_path, public_path = folder / PRIVATE_NAME, folder / PUBLIC_NAME
    pair = new_key_pair()
    write_atomic(private_path, private_key_file(pair, passphrase, n=n), overwrite=False, mode=0o600)
    write_atomic(public_path, (pair.public_text + "\n").encode("ascii"), overwrite=False)
    return private_path, public_path, pair.public_text


def open_key_file(path: Path, passphrase: str) -> KeyPair:
    data = read_capped(path, 64 * 1024, _("a kiosk key file"))
    return load_private_key(data, passphrase, source=str(path))
