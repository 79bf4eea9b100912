"""Sealing exports for the organiser: a lost USB stick exposes nothing.

Modelled on ODK Collect's encrypted submissions (table laptops hold only the organiser's public
key) with the primitives of the age format:

- every sealed file gets a fresh random file key; an ephemeral X25519 key agreement with the
  organiser's public key, through HKDF-SHA256, wraps it (ChaCha20-Poly1305);
- the content is sealed under a key derived from the file key with ChaCha20-Poly1305, with the
  whole clear header (format version, event, table, export id, ephemeral key, wrapped key) as
  associated data, so a swapped or edited header is refused;
- nonces are random 96-bit values under keys that are themselves fresh per file, so no key ever
  sees a nonce twice;
- the organiser's private key file is sealed under a passphrase (scrypt, then ChaCha20-Poly1305).

The clear header names the event id and table number only: no note text, role or theme.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from kiosk.core.errors import KioskError
from kiosk.core.files import read_json
from kiosk.core.i18n import _

SEALED_MAGIC = b"KIOSK-SEALED/1\n"
SEALED_FORMAT = "kiosk-sealed/1"
KEY_FORMAT = "kiosk-key/1"
PUBLIC_PREFIX = "kiosk-pub-1:"
MAX_HEADER = 4096
# scrypt cost for the private key file: about a quarter second and 64 MiB on a laptop.
SCRYPT_N = 2**16
SCRYPT_R = 8
SCRYPT_P = 1


class SealError(KioskError):
    """A sealed file or key file that cannot be opened: wrong key, damaged or not ours."""


class WrongPassphrase(SealError):
    """The key file is fine but the passphrase does not open it: worth asking again."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, field: str, source: str) -> bytes:
    if not isinstance(text, str):
        raise SealError(f"{source}: " + _("{field} missing").format(field=field))
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise SealError(f"{source}: " + _("{field} is not base64").format(field=field)) from None


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# -- public keys --------------------------------------------------------------------------------


def public_key_text(key: X25519PublicKey) -> str:
    """The form that goes into the plan's `organiser_key` field."""
    return PUBLIC_PREFIX + _b64(_raw_public(key))


def parse_public_key(text: str) -> X25519PublicKey:
    if not isinstance(text, str) or not text.startswith(PUBLIC_PREFIX):
        reason = _("not a kiosk public key (expected {prefix}...)").format(prefix=PUBLIC_PREFIX)
        raise SealError(f"organiser_key: {reason}")
    raw = _unb64(text[len(PUBLIC_PREFIX) :], _("the key"), "organiser_key")
    if len(raw) != 32:
        raise SealError("organiser_key: " + _("wrong length for an X25519 public key"))
    return X25519PublicKey.from_public_bytes(raw)


def fingerprint(key: X25519PublicKey) -> str:
    """A short id of a public key, to tell which key a file was sealed for."""
    return hashlib.sha256(_raw_public(key)).hexdigest()[:16]


# -- the organiser's key file -------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPair:
    private: X25519PrivateKey
    public: X25519PublicKey

    @property
    def public_text(self) -> str:
        return public_key_text(self.public)


def new_key_pair() -> KeyPair:
    private = X25519PrivateKey.generate()
    return KeyPair(private, private.public_key())


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def private_key_file(pair: KeyPair, passphrase: str, *, n: int = SCRYPT_N) -> bytes:
    """The private key sealed under a passphrase, as a small JSON document."""
    if len(passphrase) < 8:
        raise KioskError("passphrase: " + _("use at least 8 characters"))
    salt, nonce = os.urandom(16), os.urandom(12)
    public = pair.public_text
    key = _scrypt(passphrase, salt, n, SCRYPT_R, SCRYPT_P)
    raw = pair.private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    document = {
        "format": KEY_FORMAT,
        "public": public,
        "kdf": {"name": "scrypt", "salt": _b64(salt), "n": n, "r": SCRYPT_R, "p": SCRYPT_P},
        "nonce": _b64(nonce),
        "sealed": _b64(ChaCha20Poly1305(key).encrypt(nonce, raw, public.encode("ascii"))),
    }
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


def load_private_key(data: bytes, passphrase: str, source: str = "key file") -> KeyPair:
    document = read_json(data, source, SealError)
    if not isinstance(document, dict) or document.get("format") != KEY_FORMAT:
        raise SealError(f"{source}: " + _("not a kiosk key file"))
    kdf = document.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise SealError(f"{source}: " + _("unknown key protection"))
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    if not all(isinstance(v, int) for v in (n, r, p)) or not (2**10 <= n <= 2**20):
        raise SealError(f"{source}: " + _("bad key protection parameters"))
    public = document.get("public")
    if not isinstance(public, str):
        raise SealError(f"{source}: " + _("public key missing"))
    key = _scrypt(passphrase, _unb64(kdf.get("salt"), "kdf.salt", source), n, r, p)
    try:
        raw = ChaCha20Poly1305(key).decrypt(
            _unb64(document.get("nonce"), "nonce", source),
            _unb64(document.get("sealed"), "sealed", source),
            public.encode("ascii"),
        )
    except (InvalidTag, ValueError):
        reason = _("wrong passphrase (or the key file was changed)")
        raise WrongPassphrase(f"{source}: {reason}") from None
    private = X25519PrivateKey.from_private_bytes(raw)
    if public_key_text(private.public_key()) != public:
        raise SealError(f"{source}: " + _("the private key does not match its public key"))
    return KeyPair(private, private.public_key())


# -- sealed files -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SealedHeader:
    event_id: str
    table_number: int
    export_id: str
    recipient: str  # fingerprint of the organiser's public key


def _wrap_aad(fields: dict[str, Any]) -> bytes:
    bound = {k: fields[k] for k in ("format", "event", "table", "export_id", "recipient")}
    return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode("utf-8")


def seal(
    content: bytes, recipient: X25519PublicKey, *, event_id: str, table_number: int, export_id: str
) -> bytes:
    """Seal content for the holder of the recipient's private key."""
    file_key = os.urandom(32)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = _raw_public(ephemeral.public_key())
    recipient_raw = _raw_public(recipient)
    wrap_key = _hkdf(
        ephemeral.exchange(recipient), ephemeral_raw + recipient_raw, b"kiosk-sealed/1 wrap"
    )
    fields: dict[str, Any] = {
        "format": SEALED_FORMAT,
        "event": event_id,
        "table": table_number,
        "export_id": export_id,
        "recipient": fingerprint(recipient),
    }
    wrap_nonce, body_nonce, salt = os.urandom(12), os.urandom(12), os.urandom(16)
    fields |= {
        "ephemeral": _b64(ephemeral_raw),
        "wrap_nonce": _b64(wrap_nonce),
        "wrapped_key": _b64(
            ChaCha20Poly1305(wrap_key).encrypt(wrap_nonce, file_key, _wrap_aad(fields))
        ),
        "salt": _b64(salt),
        "nonce": _b64(body_nonce),
    }
    header = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")
    body_key = _hkdf(file_key, salt, b"kiosk-sealed/1 payload")
    body = ChaCha20Poly1305(body_key).encrypt(body_nonce, content, SEALED_MAGIC + header)
    return SEALED_MAGIC + struct.pack(">I", len(header)) + header + body


def is_sealed(data: bytes) -> bool:
    return data.startswith(SEALED_MAGIC)


def _split(data: bytes, source: str) -> tuple[bytes, dict[str, Any], bytes]:
    if not is_sealed(data):
        raise SealError(f"{source}: " + _("not a sealed kiosk export"))
    rest = data[len(SEALED_MAGIC) :]
    if len(rest) < 4:
        raise SealError(f"{source}: " + _("truncated"))
    (length,) = struct.unpack(">I", rest[:4])
    if length > MAX_HEADER or len(rest) < 4 + length + 16:
        raise SealError(f"{source}: " + _("truncated or damaged header"))
    header = rest[4 : 4 + length]
    fields = read_json(header, f"{source}: " + _("header"), SealError)
    if not isinstance(fields, dict) or fields.get("format") != SEALED_FORMAT:
        raise SealError(f"{source}: " + _("unknown sealed format"))
    return header, fields, rest[4 + length :]


def read_header(data: bytes, source: str = "file") -> SealedHeader:
    """The clear part of a sealed file (for listing and for refusing before any decryption)."""
    _header, fields, _body = _split(data, source)
    event, table, export_id, recipient = (
        fields.get("event"),
        fields.get("table"),
        fields.get("export_id"),
        fields.get("recipient"),
    )
    if not (
        isinstance(event, str)
        and isinstance(table, int)
        and isinstance(export_id, str)
        and isinstance(recipient, str)
    ):
        raise SealError(f"{source}: " + _("damaged header"))
    return SealedHeader(event, table, export_id, recipient)


def unseal(data: bytes, pair: KeyPair, source: str = "file") -> tuple[SealedHeader, bytes]:
    """Open a sealed file with the organiser's key; any damage or a wrong key is refused."""
    header_bytes, fields, body = _split(data, source)
    header = read_header(data, source)
    if header.recipient != fingerprint(pair.public):
        reason = _("sealed for another organiser key ({key})").format(key=header.recipient)
        raise SealError(f"{source}: {reason}")
    try:
        ephemeral = X25519PublicKey.from_public_bytes(
            _unb64(fields.get("ephemeral"), "ephemeral", source)
        )
        wrap_key = _hkdf(
            pair.private.exchange(ephemeral),
            _raw_public(ephemeral) + _raw_public(pair.public),
            b"kiosk-sealed/1 wrap",
        )
        file_key = ChaCha20Poly1305(wrap_key).decrypt(
            _unb64(fields.get("wrap_nonce"), "wrap_nonce", source),
            _unb64(fields.get("wrapped_key"), "wrapped_key", source),
            _wrap_aad(fields),
        )
        body_key = _hkdf(
            file_key, _unb64(fields.get("salt"), "salt", source), b"kiosk-sealed/1 payload"
        )
        content = ChaCha20Poly1305(body_key).decrypt(
            _unb64(fields.get("nonce"), "nonce", source), body, SEALED_MAGIC + header_bytes
        )
    except (InvalidTag, ValueError, KeyError):
        reason = _("cannot be opened: damaged, truncated or changed")
        raise SealError(f"{source}: {reason}") from None
    return header, content
