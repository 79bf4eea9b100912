"""The round timer on screen: a shrinking disc and big digits, plus the host's controls.

`TimerView` paints a `kiosk.table.timer.RoundTimer` the way a classroom visual timer looks: a
coloured pie from twelve o'clock that shrinks clockwise as time passes, big `mm:ss` digits under it
(the overrun as `+mm:ss`), the round ("Ronde 1 van 2") above it. Teal while more than five minutes
are left, amber down to one minute, red in the last minute and after zero. At zero it plays one soft
chime and flashes its background for a moment, then keeps counting the overrun in red. It never ends
the round: the host does.

Size: the digits scale with the view. In a column (taller than wide) their glyph height is 21% of
the view's height, or less only where the view is too narrow for `+88:88`, in which case they fill
the width (about 2.6 glyph heights per digit group). In a band (wider than tall) they are 42% of the
view's height. `TimerPanel` in a column of 450 x 768 (a third of a 1366 x 768 kiosk, full height,
buttons included) gives digits of at least 12% of 768 px (`tests/ui/table/test_timer_view.py`).

`TimerPanel` adds the host's controls as large buttons that never take the keyboard focus (so a
tap does not pull the cursor out of the note being typed). Keyboard shortcuts, active anywhere in
the window except while a text field has the focus and the key would type a character:

    Space          start / pause / resume (Ctrl+Space also works while typing)
    + or =         one minute more
    -              one minute less
    5              five minutes more
    ] and [        next and previous round
    R              reset this round to its planned minutes

Reset, and moving to another round while this one still has time left, ask the host first.
`TimerPanel.stateChanged(dict)` carries `RoundTimer.to_state()` after every command (and after the
chime, which is part of the state) so the window can persist it; `chimed()` fires at zero.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import resources
from kiosk.core.i18n import _
from kiosk.table.timer import Phase, RoundTimer, format_remaining
from kiosk.ui.common.style import FONT_FAMILIES, px, ui_scale

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QPaintEvent, QShortcut
    from PySide6.QtWidgets import QAbstractButton, QMessageBox

log = logging.getLogger(__name__)

CHIME = ("sounds", "chime.wav")
TICK_MS = 200
FLASH_SECONDS = 0.6

BACKGROUND = QColor("#0F1E26")
FLASH = QColor("#EAF2F4")  # the moment of zero: light, with dark text on it
FACE = QColor("#1A2E38")
TICKS = QColor("#3D5866")
MUTED = QColor("#B4C5CD")
WHITE = QColor("#F4F7F8")
PHASE_COLOURS = {
    Phase.READY: QColor("#2EC4B6"),
    Phase.CALM: QColor("#2EC4B6"),
    Phase.AMBER: QColor("#FFB020"),
    Phase.RED: QColor("#FF5A5F"),
    Phase.OVERRUN: QColor("#FF5A5F"),
}
# Digits stay white while there is plenty of time; they take the phase colour once it matters.
DIGIT_COLOURS = {**PHASE_COLOURS, Phase.READY: WHITE, Phase.CALM: WHITE}
WIDEST = "+88:88"
SIGN_SCALE = 0.7  # the overrun's plus sign is drawn smaller, so the digits themselves stay big
BUTTON_STEPS = (1.0, 0.9, 0.8, 0.7, 0.6)  # of the buttons' sizes, tried in turn in a narrow column


class Chime:
    """One soft chime from the bundled WAV, through QtMultimedia when the machine has audio.

    QtMultimedia loads lazily (it is slow to start and not needed until a round runs). A machine
    without it, without an audio device, or an offscreen run (tests, screenshots) stays silent
    rather than fail: the flash still shows that time is up.
    """

    def __init__(self, path: Path | None = None, volume: float = 0.6):
        self.path = path or resources.path(*CHIME)
        self.volume = volume
        self._effect: Any = None
        self._tried = False

    def prepare(self) -> None:
        if self._tried:
            return
        self._tried = True
        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            return
        try:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except (ImportError, OSError) as exc:
            log.info("no sound for the chime: %s", exc)
            return
        if QMediaDevices.defaultAudioOutput().isNull():
            log.info("no sound for the chime: no audio output")
            return
        effect = QSoundEffect()
        effect.setSource(QUrl.fromLocalFile(str(self.path)))
        effect.setVolume(self.volume)
        self._effect = effect

    def play(self) -> None:
        self.prepare()
        if self._effect is not None:
            self._effect.play()


class _Layout(NamedTuple):
    label: QRectF
    disc: QRectF
    digits: QRectF
    status: QRectF
    digit_pixels: float  # the digits' font pixel size
    text_pixels: float  # the label's and status line's font pixel size


def _font(pixels: float, bold: bool = True) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


class TimerView(QWidget):
    """Paints the round timer; `refresh()` re-reads the model (a `QTimer` calls it every 200 ms)."""

    chimed = Signal()

    def __init__(
        self,
        timer: RoundTimer,
        parent: QWidget | None = None,
        chime: Chime | None = None,
        tick_ms: int = TICK_MS,
    ):
        super().__init__(parent)
        self.timer = timer
        self.chime = chime or Chime()
        self._flash_until = -math.inf
        self._look: tuple[object, ...] = ()
        self._painted = False  # the chime is prepared after the first frame, not for it
        self.setAccessibleName(_("Round timer"))
        self.setMinimumSize(160, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._ticker = QTimer(self)
        self._ticker.setInterval(tick_ms)
        self._ticker.timeout.connect(self.refresh)
        self._ticker.start()
        self.refresh()

    # --- what the view shows (also read by tests) -----------------------------------------------

    def phase(self) -> Phase:
        return self.timer.phase()

    def digits_text(self) -> str:
        return format_remaining(self.timer.remaining())

    def current_colour(self) -> QColor:
        """The phase colour: the pie, and the digits once fewer than five minutes are left."""
        return QColor(PHASE_COLOURS[self.phase()])

    def digit_colour(self) -> QColor:
        if self.is_flashing():
            return QColor(BACKGROUND)
        return QColor(DIGIT_COLOURS[self.phase()])

    def text_colour(self) -> QColor:
        """The round label's and status line's colour."""
        if self.is_flashing():
            return QColor(BACKGROUND)
        return QColor(self.current_colour() if self.phase() is Phase.OVERRUN else MUTED)

    def background_colour(self) -> QColor:
        return QColor(FLASH if self.is_flashing() else BACKGROUND)

    def is_flashing(self) -> bool:
        return self.timer.clock() < self._flash_until

    def round_text(self) -> str:
        return _("Round {number} of {total}").format(
            number=self.timer.round_number, total=len(self.timer.rounds)
        )

    def status_text(self) -> str:
        timer = self.timer
        if not timer.started:
            if timer.round.starts_at:
                return _("Starts at {time}").format(time=timer.round.starts_at)
            return _("Ready to start")
        if self.phase() is Phase.OVERRUN:
            return _("Time is up")
        if timer.paused:
            return _("Paused")
        return ""

    def digit_height(self) -> float:
        """The height in pixels of a digit as painted at the view's current size."""
        layout = self._layout()
        return QFontMetricsF(_font(layout.digit_pixels)).tightBoundingRect("0").height()

    # --- updating ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the model: chime and flash at zero, repaint when what is shown has changed."""
        if self.timer.running and self._painted:
            # Starting QtMultimedia and asking for the audio output takes some 75 ms: not before
            # the first frame of a kiosk started again while its round runs.
            self.chime.prepare()
        if self.timer.take_chime():
            self._flash_until = self.timer.clock() + FLASH_SECONDS
            self.chime.play()
            self.chimed.emit()
        text = self.digits_text()
        look = (
            text,
            self.phase(),
            self.timer.round_number,
            self.timer.running,
            self.is_flashing(),
            round(self.timer.fraction_left() * 1440),  # a quarter degree of the disc
        )
        if look != self._look:
            self._look = look
            self.setAccessibleDescription(f"{self.round_text()}: {text} {self.status_text()}")
            self.update()

    # --- painting ---------------------------------------------------------------------------------

    def _layout(self) -> _Layout:
        w, h = float(self.width()), float(self.height())
        margin = max(6.0, 0.035 * min(w, h))
        inner_w = w - 2 * margin
        digit_ratio = QFontMetricsF(_font(100)).tightBoundingRect("0").height() / 100
        if w <= h * 1.3:
            digit_h = self._fit_digits(0.21 * h, inner_w, digit_ratio)
            digit_px = digit_h / digit_ratio
            text_px = max(12.0, 0.045 * h)
            label = QRectF(margin, margin, inner_w, text_px * 1.5)
            status = QRectF(margin, h - margin - text_px * 1.5, inner_w, text_px * 1.5)
            digits_box = digit_px * 1.05
            digits = QRectF(margin, status.top() - digits_box, inner_w, digits_box)
            gap = 0.03 * h
            free = QRectF(
                margin,
                label.bottom() + gap,
                inner_w,
                max(0.0, digits.top() - label.bottom() - 2 * gap),
            )
        else:
            side = h - 2 * margin
            digit_h = self._fit_digits(0.42 * h, w - side - 5 * margin, digit_ratio)
            digit_px = digit_h / digit_ratio
            text_px = max(12.0, 0.12 * h)
            # Disc and digits side by side as one group in the middle of the band.
            text_w = min(w - side - 5 * margin, digit_h / digit_ratio * self._widest_em() * 1.1)
            left = (w - side - 2 * margin - text_w) / 2
            free = QRectF(left, margin, side, side)
            right = left + side + 2 * margin
            digits_box = digit_px * 1.05
            digits = QRectF(right, (h - digits_box) / 2, text_w, digits_box)
            label = QRectF(right, digits.top() - text_px * 1.5, text_w, text_px * 1.5)
            status = QRectF(right, digits.bottom(), text_w, text_px * 1.5)
        size = min(free.width(), free.height())
        disc = QRectF(free.center().x() - size / 2, free.center().y() - size / 2, size, size)
        return _Layout(label, disc, digits, status, digit_px, text_px)

    @staticmethod
    def _widest_em() -> float:
        """The width of `+88:88` (with its smaller plus) in font sizes."""
        metrics = QFontMetricsF(_font(100))
        return (
            metrics.horizontalAdvance("8888:") + SIGN_SCALE * metrics.horizontalAdvance("+")
        ) / 100

    @classmethod
    def _fit_digits(cls, wanted: float, width: float, digit_ratio: float) -> float:
        """The digit height: as wanted, unless `+88:88` would not fit the width."""
        return max(1.0, min(wanted, width / cls._widest_em() * digit_ratio))

    def paintEvent(self, event: QPaintEvent) -> None:
        self._painted = True
        layout = self._layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # A filled rectangle, not fillRect: its overloads make QGradient and QImage at launch.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.background_colour())
        painter.drawRect(self.rect())
        self._paint_disc(painter, layout.disc)
        painter.setPen(self.text_colour())
        painter.setFont(_font(layout.text_pixels))
        painter.drawText(layout.label, Qt.AlignmentFlag.AlignCenter, self.round_text())
        self._paint_digits(painter, layout)
        painter.setPen(self.text_colour())
        painter.setFont(_font(layout.text_pixels, bold=False))
        painter.drawText(layout.status, Qt.AlignmentFlag.AlignCenter, self.status_text())
        painter.end()

    def _paint_disc(self, painter: QPainter, disc: QRectF) -> None:
        if disc.width() < 4:
            return
        colour = self.current_colour()
        centre, radius = disc.center(), disc.width() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(FACE)
        painter.drawEllipse(disc)
        fraction = 1.0 if not self.timer.started else self.timer.fraction_left()
        if fraction > 0:
            pie = disc.adjusted(radius * 0.06, radius * 0.06, -radius * 0.06, -radius * 0.06)
            painter.setBrush(colour)
            # From twelve o'clock, counter-clockwise over what is left: the free edge sweeps
            # clockwise back to twelve as time passes, like a classroom visual timer.
            if fraction >= 1.0:
                painter.drawEllipse(pie)
            else:
                painter.drawPie(pie, 90 * 16, round(fraction * 360 * 16))
        tick_pen = QPen(TICKS, max(1.5, radius * 0.018))
        tick_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(tick_pen)
        for i in range(12):
            angle = math.radians(i * 30)
            outer, inner = radius * 0.985, radius * (0.90 if i % 3 else 0.86)
            direction = QPointF(math.sin(angle), -math.cos(angle))
            painter.drawLine(centre + direction * inner, centre + direction * outer)
        if self.phase() is Phase.OVERRUN:
            ring = QPen(colour, max(3.0, radius * 0.06))
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = ring.widthF() / 2
            painter.drawEllipse(disc.adjusted(half, half, -half, -half))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(FACE)
        painter.drawEllipse(centre, radius * 0.07, radius * 0.07)

    def _paint_digits(self, painter: QPainter, layout: _Layout) -> None:
        text = self.digits_text()
        sign, digits = ("+", text[1:]) if text.startswith("+") else ("", text)
        font, sign_font = _font(layout.digit_pixels), _font(layout.digit_pixels * SIGN_SCALE)
        metrics, sign_metrics = QFontMetricsF(font), QFontMetricsF(sign_font)
        width = metrics.horizontalAdvance(digits) + (
            sign_metrics.horizontalAdvance(sign) if sign else 0.0
        )
        scale = min(1.0, layout.digits.width() / width)  # three-digit minutes still fit
        if scale < 1.0:
            font = _font(layout.digit_pixels * scale)
            sign_font = _font(layout.digit_pixels * scale * SIGN_SCALE)
            metrics, sign_metrics = QFontMetricsF(font), QFontMetricsF(sign_font)
            width = metrics.horizontalAdvance(digits) + sign_metrics.horizontalAdvance(sign)
        box = layout.digits
        x = box.center().x() - width / 2
        zero = metrics.tightBoundingRect("0")
        baseline = box.center().y() + zero.height() / 2
        painter.setPen(self.digit_colour())
        if sign:
            sign_box = sign_metrics.tightBoundingRect("+")
            painter.setFont(sign_font)
            # The plus sits on the digits' middle line rather than on their baseline.
            sign_baseline = baseline - zero.height() / 2 + sign_box.height() / 2 + sign_box.bottom()
            painter.drawText(QPointF(x, sign_baseline), sign)
            x += sign_metrics.horizontalAdvance(sign)
        painter.setFont(font)
        painter.drawText(QPointF(x, baseline), digits)


def question_box(parent: QWidget, question: str) -> tuple[QMessageBox, QAbstractButton]:
    """The host's yes/no question about the round, and its yes button."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, _("Round timer"), question, parent=parent)
    yes = box.addButton(_("Yes, go ahead"), QMessageBox.ButtonRole.YesRole)
    no = box.addButton(_("No, go back"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)  # Enter, or a key meant for the note, never resets the round
    return box, yes


def ask(parent: QWidget, question: str) -> bool:
    """Ask the host a yes/no question; tests replace this function."""
    box, yes = question_box(parent, question)
    box.exec()
    return box.clickedButton() is yes


def panel_style(scale: float) -> str:
    """The panel's style sheet; its sizes follow the screen, as the rest of the window's do."""

    def s(size: float) -> int:
        return px(size, scale)

    return f"""
#TimerPanel {{ background: #0F1E26; }}
#TimerPanel QPushButton {{
    background: #1F3641; color: #F4F7F8; border: none; border-radius: {s(10)}px;
    padding: {s(6)}px {s(10)}px; font-size: {s(20)}px; font-weight: 600; min-height: {s(52)}px;
}}
#TimerPanel QPushButton:hover {{ background: #284552; }}
#TimerPanel QPushButton:pressed {{ background: #35596A; }}
#TimerPanel QPushButton:disabled {{ color: #5C7480; background: #172A33; }}
#TimerPanel QPushButton#startPause {{ background: #2EC4B6; color: #0F1E26; font-size: {s(24)}px; }}
#TimerPanel QPushButton#startPause:pressed {{ background: #5FD9CE; }}
"""


class TimerPanel(QWidget):
    """The timer view with the host's controls; the window persists `stateChanged`."""

    stateChanged = Signal(dict)
    chimed = Signal()

    def __init__(
        self,
        timer: RoundTimer,
        parent: QWidget | None = None,
        chime: Chime | None = None,
        tick_ms: int = TICK_MS,
        scale: float | None = None,
    ):
        """scale: of the buttons' sizes; the screen's (`ui_scale`) unless given."""
        super().__init__(parent)
        self.timer = timer
        self.setObjectName("TimerPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        scale = ui_scale() if scale is None else scale
        self.scale = scale
        self.button_step = BUTTON_STEPS[0]
        self.setStyleSheet(panel_style(scale))
        self.view = TimerView(timer, self, chime=chime, tick_ms=tick_ms)

        self.start_button = self._button("startPause", "", _("Start or pause the round"))
        self.minus_button = self._button("minusOne", _("–1 min"), _("One minute less"))
        self.plus_button = self._button("plusOne", _("+1 min"), _("One minute more"))
        self.plus_five_button = self._button("plusFive", _("+5 min"), _("Five minutes more"))
        self.previous_button = self._button("previousRound", _("◀ Round"), _("Previous round"))
        self.reset_button = self._button("reset", _("Reset"), _("Reset this round"))
        self.next_button = self._button("nextRound", _("Round ▶"), _("Next round"))

        grid = self.buttons = QGridLayout()
        grid.setSpacing(px(8, scale))
        grid.addWidget(self.start_button, 0, 0, 1, 3)
        for column, button in enumerate(
            (self.minus_button, self.plus_button, self.plus_five_button)
        ):
            grid.addWidget(button, 1, column)
        for column, button in enumerate(
            (self.previous_button, self.reset_button, self.next_button)
        ):
            grid.addWidget(button, 2, column)
        layout = QVBoxLayout(self)
        margin = px(10, scale)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(margin)
        layout.addWidget(self.view, 1)
        layout.addLayout(grid)

        self.shortcuts: list[QShortcut] = []
        self._connect_signals()
        self._update_buttons()

    def fit_width(self, width: int) -> None:
        """Give the buttons smaller type and padding until they fit a column this wide (the
        kiosk's give-way order: the timer's buttons before anything of the timer itself)."""
        # The buttons' width goes roughly with their sizes: start a step above the one that
        # should fit (borders do not scale), then check each on the way down.
        needed = self.layout().minimumSize().width() / self.button_step
        steps = [step for step in BUTTON_STEPS if needed * step <= width] or [BUTTON_STEPS[-1]]
        first = max(0, BUTTON_STEPS.index(steps[0]) - 1)
        for step in BUTTON_STEPS[first:]:
            if step != self.button_step:
                self.button_step = step
                self.setStyleSheet(panel_style(self.scale * step))
                self.buttons.invalidate()  # measure the buttons as restyled, not as cached
                self.layout().invalidate()
            if self.layout().minimumSize().width() <= width:
                return

    def _button(self, name: str, text: str, accessible: str) -> QPushButton:
        # parent by keyword: with two positional arguments PySide6 first tries the (icon, text)
        # overload, which makes the QIcon class, with its enums, at launch.
        button = QPushButton(text, parent=self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        # A tap must not pull the keyboard focus out of the note being typed.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return button

    def _commands(self) -> dict[QPushButton, tuple[Callable[[], object], list]]:
        key, keypad = Qt.Key, Qt.KeyboardModifier.KeypadModifier
        return {
            self.start_button: (self.timer.toggle, ["Space", "Ctrl+Space"]),
            self.minus_button: (
                lambda: self.timer.add_minutes(-1),
                [key.Key_Minus, keypad | key.Key_Minus],
            ),
            self.plus_button: (
                lambda: self.timer.add_minutes(1),
                [key.Key_Plus, key.Key_Equal, keypad | key.Key_Plus],
            ),
            self.plus_five_button: (lambda: self.timer.add_minutes(5), ["5"]),
            self.previous_button: (self.previous_round, ["["]),
            self.reset_button: (self.reset, ["R"]),
            self.next_button: (self.next_round, ["]"]),
        }

    def _connect_signals(self) -> None:
        for button, (command, _keys) in self._commands().items():
            button.clicked.connect(command)
        self.timer.add_listener(self._on_timer_changed)
        self.view.chimed.connect(self.chimed)

    def add_shortcuts(self) -> None:
        """The host's keys, and the buttons' tooltips naming them. The kiosk window adds them
        right after its first frame; until then no one can have pressed a key."""
        from PySide6.QtGui import QKeySequence, QShortcut

        if self.shortcuts:
            return
        for button, (command, keys) in self._commands().items():
            for sequence in map(QKeySequence, keys):
                shortcut = QShortcut(sequence, self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(command)
                self.shortcuts.append(shortcut)
            shown = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"{button.accessibleName()} ({shown})")

    def _on_timer_changed(self) -> None:
        if not shiboken6.isValid(self):  # the panel is gone; the timer outlives it
            self.timer.remove_listener(self._on_timer_changed)
            return
        self._update_buttons()
        self.view.refresh()
        self.stateChanged.emit(self.timer.to_state())

    def _update_buttons(self) -> None:
        timer = self.timer
        if timer.running:
            self.start_button.setText(_("Pause"))
        elif timer.started:
            self.start_button.setText(_("Resume"))
        else:
            self.start_button.setText(_("Start"))
        self.previous_button.setEnabled(not timer.is_first_round)
        self.next_button.setEnabled(not timer.is_last_round)

    def _time_left_in_round(self) -> bool:
        return self.timer.started and self.timer.phase() is not Phase.OVERRUN

    def reset(self) -> None:
        if self.timer.started and not ask(self, _("Reset this round to its planned time?")):
            return
        self.timer.reset()

    def next_round(self) -> None:
        if self.timer.is_last_round:
            return
        if self._time_left_in_round() and not ask(
            self, _("This round still has time left. Go to the next round?")
        ):
            return
        self.timer.next_round()

    def previous_round(self) -> None:
        if self.timer.is_first_round:
            return
        if self._time_left_in_round() and not ask(
            self, _("This round still has time left. Go back to the previous round?")
        ):
            return
        self.timer.previous_round()
