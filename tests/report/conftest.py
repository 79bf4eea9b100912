"""The report tests' archives (`tests.builders`) and PDF reading helpers."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.plan.model import Plan
from tests.builders import Spec, build_archive


def pdf_pages(data: bytes | Path) -> list[str]:
    raw = data.read_bytes() if isinstance(data, Path) else data
    return [page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages]


PAGE_LINE = re.compile(r"^(pagina|page) \d+ (van|of) \d+$")


def body_text(pages: list[str], furniture: set[str]) -> str:
    """The pages' text without the running header and footer lines, so that a note that runs on
    to the next page reads as one piece."""
    kept = []
    for page in pages:
        kept += [
            line
            for line in page.splitlines()
            if line.strip() not in furniture and not PAGE_LINE.match(line.strip())
        ]
    return "\n".join(kept)


def squeeze(text: str) -> str:
    """Text with all whitespace removed: line breaks in the PDF fall anywhere in a note."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def archive_of(tmp_path: Path) -> Callable[..., Path]:
    def make(plan: Plan, notes: list[Spec], name: str = "archive.sqlite", **kwargs) -> Path:
        return build_archive(tmp_path / name, plan, notes, **kwargs)

    return make
