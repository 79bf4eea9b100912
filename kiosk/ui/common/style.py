"""Colours, fonts and the style sheet: high contrast, large type, sizes that follow the screen.

Sizes are given for a 1366x768 laptop and scaled with the screen's height in logical pixels, so a
1920x1080 screen gets proportionally larger type and the wall stays readable from a few metres
away, and a laptop with display scaling (125% on 1366x768 leaves 1093x614 logical pixels) gets
smaller logical sizes that are the same physical size as without it: the kiosk fills any screen
the same way and is never larger than it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication

from kiosk.core import resources

if TYPE_CHECKING:
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QApplication

# The UI draws with the fonts it ships, never with whatever the machine happens to have: the
# kiosk's sizes are measured with these. The symbol font is last, for the few marks Noto lacks.
UI_FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "Symbola-Symbols.ttf")
FONT_FAMILIES = ["Noto Sans", "Symbola"]

INK = "#111827"  # text on light backgrounds (contrast above 15:1 on white)
PAPER = "#FFFFFF"
WALL = "#E4E0D6"
HEADER = "#14202E"
HEADER_INK = "#FFFFFF"
MUTED = "#374151"
ACCENT = "#0B4FD6"
FOCUS = "#0B4FD6"
DANGER = "#B42318"
DISABLED = "#6B7280"  # text of a control that cannot be used now
ARROW_ROOM = 30  # a drop-down list's arrow, right of its text (pixels at 1366x768)


MIN_SCALE, MAX_SCALE = 0.75, 2.0  # 576 to 1536 logical pixels high

font_ids: list[int] = []  # the bundled fonts as registered with Qt (tests remove them)
_screen: QScreen | None = None


def register_fonts() -> None:
    """Make the bundled UI fonts known to Qt (once per process; needs a QGuiApplication)."""
    if font_ids:
        return
    for name in UI_FONT_FILES:
        font_file = resources.path("fonts", name)
        font_id = QFontDatabase.addApplicationFont(str(font_file))
        if font_id < 0:
            raise RuntimeError(f"{font_file}: the bundled font cannot be loaded")
        font_ids.append(font_id)


def apply(app: QApplication, scale: float | None = None) -> None:
    """Give the application the kiosk's fonts and style sheet, sized for its screen."""
    register_fonts()
    scale = ui_scale() if scale is None else scale
    app.setFont(font(px(18, scale)))
    app.setStyleSheet(style_sheet(scale))


def use_screen(chosen: QScreen | None) -> None:
    """Size the UI for this screen from now on (None: the primary screen, as the kiosk runs)."""
    global _screen
    _screen = chosen


def screen() -> QScreen | None:
    """The screen the UI is sized for and shown on."""
    return _screen or QGuiApplication.primaryScreen()


def ui_scale() -> float:
    """1.0 on a 768-pixel-high screen (logical pixels), proportionally more or less on others."""
    shown_on = screen()
    height = shown_on.availableGeometry().height() if shown_on else 768
    return max(MIN_SCALE, min(MAX_SCALE, height / 768))


def px(size: float, scale: float | None = None) -> int:
    return round(size * (ui_scale() if scale is None else scale))


def font(pixel_size: int, bold: bool = False) -> QFont:
    result = QFont()
    result.setFamilies(FONT_FAMILIES)
    result.setPixelSize(max(1, pixel_size))
    if bold:
        result.setWeight(QFont.Weight.Bold)
    return result


def darker(color: str, factor: int = 160) -> QColor:
    return QColor(color).darker(factor)


def style_sheet(scale: float) -> str:
    """The application's style sheet at one scale."""

    def s(size: float) -> int:
        return px(size, scale)

    return f"""
    QWidget {{ color: {INK}; font-size: {s(18)}px; }}
    QMainWindow, #kioskRoot, #startScreen {{ background: {PAPER}; }}
    #header {{ background: {HEADER}; }}
    #header QLabel {{ color: {HEADER_INK}; }}
    #tableTitle {{ font-size: {s(28)}px; font-weight: 700; }}
    #question {{ font-size: {s(19)}px; }}
    #questionStep {{ min-height: {s(24)}px; padding: 0 {s(8)}px; font-size: {s(18)}px; }}
    #tallyBox, #tallyBox > QWidget > QWidget {{ background: {PAPER}; }}
    #tallyBox {{ border-left: 2px solid {INK}; border-bottom: 2px solid {INK}; }}
    #sideColumn {{ background: #0F1E26; }}
    #tallyTitle {{ font-size: {s(20)}px; font-weight: 700; }}
    #status {{ font-size: {s(19)}px; }}
    #statusBar {{ background: {PAPER}; border: 2px solid {INK}; border-radius: {s(8)}px; }}
    QPushButton, QToolButton {{
        background: {PAPER}; color: {INK}; border: 2px solid {INK}; border-radius: {s(8)}px;
        padding: {s(6)}px {s(12)}px; font-size: {s(18)}px; font-weight: 600;
        min-height: {s(34)}px;
    }}
    #header QPushButton, #header QToolButton {{
        background: {HEADER}; color: {HEADER_INK}; border-color: {HEADER_INK};
    }}
    QPushButton:hover, QToolButton:hover {{ background: #E8EEFC; }}
    #header QPushButton:hover, #header QToolButton:hover {{ background: #24364A; }}
    #header QPushButton:checked {{ background: {HEADER_INK}; color: {HEADER}; border-width: 2px; }}
    QPushButton:focus, QToolButton:focus, QLineEdit:focus, QComboBox:focus,
    QPlainTextEdit:focus, QListWidget:focus {{
        border: {s(3)}px solid {FOCUS};
    }}
    QPushButton:disabled, QToolButton:disabled {{ color: {DISABLED}; border-color: #9CA3AF; }}
    QPushButton:checked, QToolButton:checked {{ border-width: {s(4)}px; }}
    #primary {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
    #primary:hover {{ background: #0A3FAD; }}
    #danger {{ color: {DANGER}; border-color: {DANGER}; }}
    QLineEdit, QPlainTextEdit, QComboBox, QListWidget {{
        background: {PAPER}; color: {INK}; border: 2px solid {INK}; border-radius: {s(6)}px;
        padding: {s(4)}px {s(8)}px; font-size: {s(20)}px;
        selection-background-color: {ACCENT}; selection-color: white;
    }}
    QCheckBox {{ spacing: {s(10)}px; }}
    QCheckBox::indicator {{ width: {s(24)}px; height: {s(24)}px; }}
    QComboBox::drop-down {{ border: none; width: {s(ARROW_ROOM)}px; }}
    QComboBox::down-arrow {{ image: none; width: 0px; height: 0px; }}
    QToolButton::menu-indicator {{ image: none; width: 0px; }}
    #entryText {{ font-size: {s(24)}px; padding: {s(6)}px {s(10)}px; }}
    #entryBar {{ background: #F3F4F6; border-top: 2px solid {INK}; }}
    QListWidget::item {{ padding: {s(10)}px; border-bottom: 1px solid #D1D5DB; }}
    QListWidget::item:selected {{ background: {ACCENT}; color: white; }}
    QMenu {{ background: {PAPER}; border: 2px solid {INK}; font-size: {s(20)}px; }}
    QMenu::item {{ padding: {s(8)}px {s(28)}px; }}
    QMenu::item:selected {{ background: {ACCENT}; color: white; }}
    QMenu::item:disabled {{ color: {DISABLED}; }}
    QDialog {{ background: {PAPER}; }}
    QToolTip {{ background: {PAPER}; color: {INK}; border: 2px solid {INK}; font-size: {s(17)}px; }}
    #pinBox {{
        border: {s(3)}px solid {INK}; border-radius: {s(8)}px; font-size: {s(40)}px;
        font-weight: 700; min-width: {s(56)}px; min-height: {s(68)}px; background: {PAPER};
    }}
    #pinKey {{ font-size: {s(28)}px; min-width: {s(78)}px; min-height: {s(50)}px; }}
    #pinTitle {{ font-size: {s(26)}px; font-weight: 700; }}
    #pinMessage {{ font-size: {s(19)}px; font-weight: 600; }}
    #bigTitle {{ font-size: {s(34)}px; font-weight: 700; }}
    #lead {{ font-size: {s(20)}px; color: {MUTED}; }}
    #bigChoice {{ font-size: {s(22)}px; padding: {s(16)}px {s(24)}px; text-align: left; }}
    #tallyStep {{ min-width: {s(18)}px; padding: {s(6)}px {s(10)}px; }}
    #tallyCount {{ font-size: {s(26)}px; font-weight: 700; min-width: {s(44)}px; }}
    """
