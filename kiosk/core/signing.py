"""Signing exports: each table laptop's own Ed25519 key proves which laptop wrote a file.

Sealing (`kiosk.exchange.sealing`) hides a file from a finder of the stick, but anyone with the plan
can seal; only a key that never leaves the laptop proves who wrote it. A laptop makes its key when
its table is set up (kept in the store's settings, wiped with the store); every export carries the
public half inside its content and a signature over the content's SHA-256 in its header line. The
archive pins the first key it accepts for a table, as SSH pins host keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PUBLIC_PREFIX = "kiosk-laptop-1:"
# What is signed: this domain label, then the 32-byte SHA-256 of the export's content.
DOMAIN = b"kiosk-export/1 content sha256\n"
SETTING = "signing_key"


def new_private_key() -> str:
    """A fresh private key as stored in the laptop's settings (base64 of the raw 32 bytes)."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return base64.b64encode(raw).decode("ascii")


def _private(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text))


def public_text(private_text: str) -> str:
    """The public half in the form exports carry: `kiosk-laptop-1:<base64>`."""
    raw = (
        _private(private_text)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return PUBLIC_PREFIX + base64.b64encode(raw).decode("ascii")


def sign(private_text: str, content_sha256: bytes) -> str:
    """The base64 signature over a content's SHA-256 (raw 32 bytes)."""
    signature = _private(private_text).sign(DOMAIN + content_sha256)
    return base64.b64encode(signature).decode("ascii")


def verify(public: str, signature: str, content_sha256: bytes) -> bool:
    """Whether signature is the laptop key's over this content hash; False if anything is amiss."""
    if not public.startswith(PUBLIC_PREFIX):
        return False
    try:
        raw = base64.b64decode(public[len(PUBLIC_PREFIX) :], validate=True)
        sig = base64.b64decode(signature, validate=True)
        Ed25519PublicKey.from_public_bytes(raw).verify(sig, DOMAIN + content_sha256)
    except (binascii.Error, ValueError, InvalidSignature):
        return False
    return True


def fingerprint(public: str) -> str:
    """16 hex digits naming a laptop key, as refusals and `--accept-laptop` spell it."""
    return hashlib.sha256(public.encode("ascii", "replace")).hexdigest()[:16]
