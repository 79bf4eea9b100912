"""The kiosk fits every school laptop: each screen size and display scaling, with the bundled font
and with the machine's widest fallback, nothing larger than the screen or cut off.

The screens are those of `tests/offscreen-screens.json`: 1280x720, 1366x768, 1280x800, 1600x900,
1920x1080 and 2560x1440 at display scaling 1.0, 1.25, 1.5 and 2.0, wherever that leaves at least
1024x600 logical pixels. Qt reads QT_SCALE_FACTOR once per process; what scaling changes for the
layout is the logical size (physical / scale), so each scaled screen is its logical size here, and
a few sizes give the same one (1600x900 at 1.25, 1920x1080 at 1.5 and 2560x1440 at 2.0 are all
1280x720).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontDatabase, QFontInfo, QFontMetricsF, QGuiApplication, QRawFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QWidget,
)

from kiosk.core import resources
from kiosk.ui.common import style
from kiosk.ui.table.export_dialog import ExportDialog
from kiosk.ui.table.timer_view import TimerPanel
from kiosk.ui.table.timer_view import _font as timer_font
from kiosk.ui.table.wall_model import QtTableWall
from kiosk.ui.table.window import KioskWindow, ShortenedLabel
from tests.ui.conftest import NO_TICKS, SilentChime, make_timer

PHYSICAL = [(1280, 720), (1366, 768), (1280, 800), (1600, 900), (1920, 1080), (2560, 1440)]
SCALES = [1.0, 1.25, 1.5, 2.0]


def logical_screens() -> dict[str, list[str]]:
    """Each logical screen size with the (physical size, scale) pairs that give it."""
    sizes: dict[str, list[str]] = {}
    for scale in SCALES:
        for width, height in PHYSICAL:
            logical = (int(width / scale), int(height / scale))
            if logical[0] >= 1024 and logical[1] >= 600:
                name = f"{logical[0]}x{logical[1]}"
                sizes.setdefault(name, []).append(f"{width}x{height}@{scale}")
    return sizes


SCREENS = logical_screens()


def size_name(screen) -> str:
    return f"{screen.size().width()}x{screen.size().height()}"


def test_the_offscreen_platform_has_every_screen(qapp):
    """The platform lists screens by name: the laptop's ("laptop") sorts first, as primary."""
    assert set(SCREENS) <= {size_name(screen) for screen in QGuiApplication.screens()}
    assert QGuiApplication.primaryScreen().size().toTuple() == (1366, 768)


@pytest.fixture(params=["bundled", "fallback"])
def fonts(request, qapp) -> Iterator[str]:
    """The bundled fonts, or (`on_screen` takes them away) the machine's own instead: DejaVu
    Sans on a fresh Debian, wider than Noto Sans. Afterwards the UI is as the other tests expect."""
    yield request.param
    style.use_screen(None)
    style.register_fonts()
    style.apply(qapp, 1.0)


def on_screen(qapp, name: str, fonts: str):
    """Size the UI for that screen, with the bundled fonts or without."""
    screen = next((s for s in QGuiApplication.screens() if size_name(s) == name), None)
    if screen is None:
        pytest.skip(f"no offscreen screen {name} (run with QT_QPA_PLATFORM=offscreen)")
    if fonts == "fallback":
        for font_id in style.font_ids:
            QFontDatabase.removeApplicationFont(font_id)
        style.font_ids.clear()
        style.use_screen(screen)
        qapp.setFont(style.font(style.px(18)))
        qapp.setStyleSheet(style.style_sheet(style.ui_scale()))
    else:
        style.use_screen(screen)
        style.apply(qapp)
    return screen


def busy_wall(wall, clock) -> None:
    """40 notes of every kind and role (some long), three groups, counters, the timer running."""
    setup = wall.setup
    texts = [
        "Kleine haalbare stappen",
        "Eén loket voor ouders, leerlingen en scholen, dichtbij en zonder wachtlijst",
        "Ondersteuningsbehoeften vroeg signaleren",
        "Hoe houden we de samenwerking tussen school en jeugdhulp vast als iemand vertrekt?",
    ]
    notes = []
    for i in range(40):
        kind = setup.kinds[i % len(setup.kinds)].key
        role = setup.roles[i % len(setup.roles)] if i % 3 else None
        notes.append(wall.add_note(f"{texts[i % len(texts)]} ({i + 1})", kind, role, i % 7 == 0))
    for group in range(3):
        members = [n.id for n in notes[group * 6 : group * 6 + 5]]
        wall.create_cluster(f"Groep {group + 1}: samen doen", members)
    for role in setup.roles:
        wall.bump_tally(role, 12)


def outline(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = f" {text()!r}" if callable(text) else ""
    return f"{type(widget).__name__} {widget.objectName() or ''}{shown} {outline(widget)}"


def cut_off(widget: QWidget) -> bool:
    """Whether the widget shows less of its text than it has (elided or clipped)."""
    if isinstance(widget, ShortenedLabel):
        return False  # gives way by design: "…" and the whole text as its tooltip
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.width() < widget.sizeHint().width()  # its text, padding and border
    if isinstance(widget, QComboBox):
        return widget.width() < widget.minimumSizeHint().width()
    if isinstance(widget, QLabel) and widget.text() and not widget.pixmap():
        room = widget.contentsRect().width() - 2 * widget.margin()
        metrics = widget.fontMetrics()
        if widget.wordWrap():
            widest_word = max(metrics.horizontalAdvance(w) for w in widget.text().split())
            return (
                widest_word > room + 1
                or widget.heightForWidth(widget.width()) > widget.height() + 1
            )
        return widget.sizeHint().width() > widget.width() + 1
    return False


def problems(top: QWidget, screen) -> list[str]:
    """Every visible part of a window that lies outside the screen or its parent, or is cut off."""
    area = screen.availableGeometry()
    found = []
    if not area.contains(outline(top)):
        found.append(f"window {describe(top)} is not inside the screen {area}")
    for widget in top.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        parent = widget.parentWidget()
        scrolled = isinstance(parent.parentWidget(), QAbstractScrollArea) and (
            parent is parent.parentWidget().viewport()
        )
        if not scrolled and not parent.rect().contains(widget.geometry()):
            found.append(f"{describe(widget)} sticks out of {describe(parent)}")
        if cut_off(widget):
            found.append(f"{describe(widget)} is cut off")
        layout = widget.layout()
        if layout is not None and not isinstance(widget, QAbstractScrollArea):
            least = layout.minimumSize()
            if least.width() > widget.width() or least.height() > widget.height():
                found.append(f"{describe(widget)} is squeezed below its layout's {least}")
    return found


def bundled_characters() -> set[int]:
    """The characters the bundled UI fonts have glyphs for."""
    found: set[int] = set()
    for name in style.UI_FONT_FILES:
        raw = QRawFont(resources.path("fonts", name).read_bytes(), 20.0)
        found |= {c for c in range(0x20, 0x3000) if raw.supportsCharacter(c)}
    return found


def shown_texts(top: QWidget) -> list[str]:
    texts = []
    for widget in [top, *top.findChildren(QWidget)]:
        text = getattr(widget, "text", None)
        if callable(text) and isinstance(text(), str):
            texts.append(text())
        texts += [action.text() for action in widget.actions()]
    return texts


def assert_bundled_glyphs(top: QWidget) -> None:
    """Every character the UI shows (its symbols ◀ ▶ ▾ ☆ ★ ✓ included) is in a bundled font."""
    have = bundled_characters()
    missing = {ch for text in shown_texts(top) for ch in text if ord(ch) not in have}
    assert not (missing - {"\t"}), f"not in the bundled fonts: {sorted(missing)}"


def assert_digits_fill_their_column(panel: TimerPanel, screen, fonts: str) -> None:
    """The overrun's digits at the largest size that fits: as wide as their box (or at their
    documented height), and at least 12% of a 16:9 (or wider) screen's height at scale 1.0;
    the round's name and the status line whole."""
    view = panel.view
    layout = view._layout()
    widest = layout.digit_pixels * view._widest_em()
    assert widest <= layout.digits.width() + 0.5
    assert widest >= 0.97 * layout.digits.width() or view.digit_height() >= 0.2 * view.height()
    physical = [p for p in SCREENS[size_name(screen)] if p.endswith("@1.0")]
    width, height = screen.size().toTuple()
    if physical and width / height >= 16 / 9 - 0.01 and fonts == "bundled":
        assert view.digit_height() >= 0.12 * height
    # The round above the disc and "time is up" below the digits fit their lines too.
    for text, box, bold in (
        (view.round_text(), layout.label, True),
        (view.status_text(), layout.status, False),
    ):
        metrics = QFontMetricsF(timer_font(layout.text_pixels, bold))
        assert metrics.horizontalAdvance(text) <= box.width(), text


def every_dialog(window: KioskWindow, wall, tmp_path) -> Iterator[QWidget]:
    """Each dialog the kiosk can show, over the window, one at a time."""
    from kiosk.ui.table import dialogs
    from kiosk.ui.table.timer_view import question_box

    yield dialogs.PinDialog(
        "Host-PIN om de kiosk af te sluiten", wall.check_pin, wall.pin_wait, window
    )
    yield dialogs.NewPinDialog(window)
    yield dialogs.SettingsDialog("nl", window)
    yield ExportDialog(wall.store(), find_drives=lambda: [], parent=window)
    number = wall.setup.table_number
    yield dialogs.Confirm(
        f"Alle notities van tafel {number} voorgoed van deze laptop verwijderen? Het "
        "ontvangstbewijs van de organisator laat zien dat zij ze hebben.",
        "Wissen",
        window,
    )
    longest = max(wall.notes, key=lambda note: len(note.text))
    yield dialogs.NoteDialog(wall.setup, longest, window)
    yield dialogs.LabelDialog("Naam van de nieuwe groep", "Samen doen", window)
    for question in (
        "Deze ronde heeft nog tijd over. Naar de volgende ronde?",
        "Deze ronde terugzetten naar de geplande tijd?",
    ):
        yield question_box(window, question)[0]


def show_on(widget: QWidget, screen, full: bool = False) -> None:
    widget.setScreen(screen)
    if full:
        widget.setGeometry(screen.geometry())
        widget.showFullScreen()
    else:
        widget.show()
    QApplication.processEvents()


@pytest.mark.parametrize("name", list(SCREENS))
def test_the_kiosk_fits_the_screen(qtbot, qapp, wall, clock, tmp_path, fonts, name):
    screen = on_screen(qapp, name, fonts)
    busy_wall(wall, clock)
    timer = make_timer(wall, clock)
    panel = TimerPanel(timer, chime=SilentChime(), tick_ms=NO_TICKS)
    window = KioskWindow(QtTableWall(wall), panel)
    qtbot.addWidget(window, before_close_func=lambda w: w.unlock())
    show_on(window, screen, full=True)
    qtbot.waitUntil(lambda: window.finished)
    timer.start()
    clock.advance(wall.setup.rounds[0].minutes * 60 + 10)
    panel.view.refresh()
    assert panel.view.digits_text() == "+00:10"
    window.tally_button.click()
    QApplication.processEvents()

    assert window.tally_box.isVisible() and panel.view.isVisible()
    found = problems(window, screen)
    assert not found, "\n".join(found)
    assert_digits_fill_their_column(panel, screen, fonts)
    family = QFontInfo(window.host_button.font()).family()
    assert (family == "Noto Sans") == (fonts == "bundled")
    if fonts == "bundled":
        assert_bundled_glyphs(window)

    for dialog in every_dialog(window, wall, tmp_path):
        qtbot.addWidget(dialog)
        show_on(dialog, screen)
        if isinstance(dialog, ExportDialog):  # once it has looked for sticks
            qtbot.waitUntil(dialog.look_again.isEnabled)
            QApplication.processEvents()
        found = problems(dialog, screen)
        assert not found, f"{type(dialog).__name__}:\n" + "\n".join(found)
        if fonts == "bundled":
            assert_bundled_glyphs(dialog)
        dialog.close()


@pytest.mark.parametrize("name", list(SCREENS))
def test_the_start_screen_fits_the_screen(qtbot, qapp, fonts, name):
    """The first launch: the start screen, and the table choice of the demo event."""
    from kiosk.ui.table.start_screen import StartScreen

    screen = on_screen(qapp, name, fonts)
    start = StartScreen()
    qtbot.addWidget(start)
    show_on(start, screen, full=True)
    found = problems(start, screen)
    assert not found, "\n".join(found)
    start.choose_demo()
    QApplication.processEvents()
    found = problems(start, screen)
    assert not found, "\n".join(found)


SCALED_RUN = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from kiosk.table.demo import prepare_demo
from kiosk.table.wall import TableWall
from kiosk.table.timer import RoundPlan, RoundTimer
from kiosk.ui.common import style
from kiosk.ui.table.window import KioskWindow
from kiosk.ui.table.timer_view import TimerPanel
from kiosk.ui.table.wall_model import QtTableWall

app = QApplication(sys.argv[:1])
style.apply(app)
db = Path(sys.argv[1])
prepare_demo(db)
wall = TableWall.open(db)
rounds = [RoundPlan(r.number, r.minutes, r.starts_at) for r in wall.setup.rounds]
window = KioskWindow(QtTableWall(wall), TimerPanel(RoundTimer(rounds), tick_ms=3_600_000))
window.setGeometry(window.screen().geometry())
window.showFullScreen()
for _ in range(5):
    app.processEvents()
screen = window.screen()
print(json.dumps({
    "ratio": screen.devicePixelRatio(),
    "screen": screen.geometry().getRect(),
    "window": window.frameGeometry().getRect(),
    "scale": style.ui_scale(),
}))
window.unlock()
wall.close()
"""


def test_display_scaling_is_a_smaller_logical_screen(tmp_path):
    """What the tests above take for granted, in a process of its own (Qt reads QT_SCALE_FACTOR
    once): at 150% a 1920x1080 screen is 1280x720 logical pixels, and the kiosk fills just that."""
    import json
    import os
    import subprocess
    import sys

    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps({"screens": [{"name": "laptop", "width": 1920, "height": 1080}]}),
        encoding="utf-8",
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR="1.5",
        XDG_DATA_HOME=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, "-c", SCALED_RUN, str(tmp_path / "table.sqlite")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["ratio"] == 1.5
    assert shown["screen"] == [0, 0, 1280, 720]
    assert shown["window"] == [0, 0, 1280, 720]
    assert shown["scale"] == 720 / 768


def test_timer_buttons_take_smaller_type_in_a_narrow_column_and_back(qtbot, wall, clock):
    panel = TimerPanel(make_timer(wall, clock), chime=SilentChime(), tick_ms=NO_TICKS)
    qtbot.addWidget(panel)
    panel.show()
    full = panel.layout().minimumSize().width()
    panel.fit_width(int(full * 0.8))
    assert panel.button_step < 1.0
    assert panel.layout().minimumSize().width() <= int(full * 0.8)
    assert panel.start_button.font().pixelSize() < 24
    panel.fit_width(full)
    assert panel.button_step == 1.0 and panel.layout().minimumSize().width() == full
