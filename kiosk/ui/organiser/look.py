"""The organiser console's look: the kiosk's colours and fonts (`kiosk.ui.common.style`), desk size.

The table kiosk is read from a few metres away; the console is read at a desk and shows tables
of notes, so it keeps the kiosk's palette, fonts and focus ring but uses ordinary type sizes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont

from kiosk.ui.common.style import (
    ACCENT,
    DANGER,
    DISABLED,
    FOCUS,
    FONT_FAMILIES,
    INK,
    MUTED,
    PAPER,
    register_fonts,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

PROBLEM = DANGER  # a problem to fix: red text, and always a sign and words too
GOOD = "#1B7F3B"  # the kiosk's "safe to remove" green
WARNING = "#8A4B00"  # not wrong, not finished: dark amber, readable on white
MISSING = "#FCE8C8"  # a table that has not handed in yet
LINE = "#D1D5DB"
ACCENT_DARK = "#0A3FAD"
BASE_PIXELS = 15

STYLESHEET = f"""
QWidget {{ color: {INK}; }}
QMainWindow, QDialog, QScrollArea, QScrollArea > QWidget > QWidget {{ background: {PAPER}; }}
QTabBar::tab {{ padding: 8px 18px; font-weight: 600; }}
QTabBar::tab:selected {{ color: {ACCENT_DARK}; border-bottom: 3px solid {ACCENT}; }}
QPushButton {{
    padding: 6px 14px; border: 1px solid {INK}; border-radius: 4px; background: {PAPER};
}}
QPushButton:hover {{ background: #E8EEFC; }}
QPushButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QListWidget:focus,
QTableView:focus {{ border: 2px solid {FOCUS}; }}
QPushButton[primary="true"] {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton[primary="true"]:hover {{ background: {ACCENT_DARK}; }}
QPushButton:disabled {{ color: {DISABLED}; border-color: #9CA3AF; background: #F3F4F6; }}
QLineEdit, QPlainTextEdit {{
    background: {PAPER}; border: 1px solid {MUTED}; border-radius: 3px; padding: 3px 5px;
}}
QLineEdit[problem="true"], QPlainTextEdit[problem="true"], QSpinBox[problem="true"],
QComboBox[problem="true"] {{ border: 2px solid {PROBLEM}; }}
QLabel[role="problem"] {{ color: {PROBLEM}; }}
QLabel[role="hint"] {{ color: {MUTED}; }}
QLabel[role="heading"] {{ font-size: {BASE_PIXELS + 4}px; font-weight: 600; }}
QLabel[role="ok"] {{ color: {GOOD}; }}
QLabel[role="warning"] {{ color: {WARNING}; }}
QListWidget::item {{ padding: 5px 4px; }}
QListWidget::item:selected {{ background: {ACCENT}; color: white; }}
QTableView {{ gridline-color: {LINE}; selection-background-color: #CFE0FB;
    selection-color: {INK}; }}
QHeaderView::section {{ background: #F3F4F6; padding: 4px; border: none;
    border-bottom: 1px solid {LINE}; font-weight: 600; }}
"""


def apply(app: QApplication) -> None:
    """Give the application the console's font and colours."""
    register_fonts()
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(BASE_PIXELS)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property (like `problem`) changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
