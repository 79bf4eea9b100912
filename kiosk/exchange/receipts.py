"""Receipts: the organiser's merge confirms each export on the stick, so a laptop may be wiped.

A receipt sits next to the export it confirms (`<export file>.receipt`) and names the export id and
the SHA-256 of the export file as merged. The table laptop wipes its notes only when a receipt
matches its own last export, and nothing changed after that export.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from kiosk.core.atomic import write_atomic
from kiosk.core.errors import KioskError
from kiosk.core.files import read_capped, read_json
from kiosk.core.i18n import _

FORMAT = "kiosk-receipt/1"
SUFFIX = ".receipt"
MAX_RECEIPT_BYTES = 16 * 1024


class Receipt(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Annotated[str, StringConstraints(pattern=r"^kiosk-receipt/1$")]
    export_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    event_id: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    table_number: int
    merged_at: datetime


def receipt_path(export_file: Path) -> Path:
    return export_file.with_name(export_file.name + SUFFIX)


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_receipt(export_file: Path, receipt: Receipt) -> Path:
    """Write the receipt beside the export, atomically (temp name, fsync, rename)."""
    body = (receipt.model_dump_json(indent=2) + "\n").encode("utf-8")
    return write_atomic(receipt_path(export_file), body)


def read_receipt(path: Path) -> Receipt:
    data = read_json(read_capped(path, MAX_RECEIPT_BYTES, _("a receipt")), path)
    try:
        return Receipt.model_validate(data)
    except ValidationError:
        raise KioskError(f"{path}: " + _("not a kiosk receipt")) from None
