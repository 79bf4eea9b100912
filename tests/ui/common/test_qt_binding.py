"""The Qt binding keeps Python's None alive: PySide6 6.12.0 did not, and Python 3.11 aborted."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QColor, QImage, QPainter


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_calls_do_not_drop_references_to_none(qapp):
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(1000):
        painter.setPen(QColor("#111111"))
    after = sys.getrefcount(None)
    painter.end()
    assert after >= before - 10
