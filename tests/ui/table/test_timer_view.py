"""The timer view and panel, driven by a fake clock: colours, digits, chime, buttons and keys."""

from __future__ import annotations

import math

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from kiosk.core import resources
from kiosk.core.clock import FakeClock
from kiosk.table.timer import Phase, RoundPlan, RoundTimer
from kiosk.ui.table import timer_view
from kiosk.ui.table.timer_view import BACKGROUND, FLASH, Chime, TimerPanel, TimerView

ROUNDS = (RoundPlan(1, 45), RoundPlan(2, 45, "11:15"))
NO_TICKS = 3_600_000  # tests call refresh() themselves


class FakeChime(Chime):
    def __init__(self):
        super().__init__()
        self.plays = 0

    def prepare(self) -> None:
        pass

    def play(self) -> None:
        self.plays += 1


@pytest.fixture
def timer(clock: FakeClock) -> RoundTimer:
    return RoundTimer(ROUNDS, clock)


@pytest.fixture
def chime() -> FakeChime:
    return FakeChime()


@pytest.fixture
def view(qtbot, timer: RoundTimer, chime: FakeChime) -> TimerView:
    widget = TimerView(timer, chime=chime, tick_ms=NO_TICKS)
    qtbot.addWidget(widget)
    widget.resize(450, 560)
    return widget


@pytest.fixture
def panel(qtbot, timer: RoundTimer, chime: FakeChime) -> TimerPanel:
    widget = TimerPanel(timer, chime=chime, tick_ms=NO_TICKS)
    qtbot.addWidget(widget)
    widget.resize(450, 768)
    return widget


def pixel(widget: QWidget, x: float, y: float) -> QColor:
    image = widget.grab().toImage()
    return QColor(image.pixel(round(x), round(y)))


def pie_point(view: TimerView, turn: float) -> tuple[float, float]:
    """A point inside the pie, `turn` of a full circle counter-clockwise from twelve o'clock."""
    disc = view._layout().disc
    r = disc.width() / 2 * 0.6
    angle = 2 * math.pi * turn
    return disc.center().x() - r * math.sin(angle), disc.center().y() - r * math.cos(angle)


def digit_pixels(view: TimerView, colour: QColor) -> int:
    image = view.grab().toImage()
    box = view._layout().digits
    wanted = colour.rgb()
    return sum(
        image.pixel(x, y) == wanted
        for x in range(int(box.left()), int(box.right()), 2)
        for y in range(int(box.top()), int(box.bottom()), 2)
    )


@pytest.mark.parametrize(
    ("seconds", "phase", "colour", "digits"),
    [
        (0, Phase.CALM, "#2EC4B6", "45:00"),
        (45 * 60 - 301, Phase.CALM, "#2EC4B6", "05:01"),
        (45 * 60 - 300, Phase.AMBER, "#FFB020", "05:00"),
        (45 * 60 - 60, Phase.RED, "#FF5A5F", "01:00"),
        (45 * 60, Phase.OVERRUN, "#FF5A5F", "00:00"),
        (45 * 60 + 61, Phase.OVERRUN, "#FF5A5F", "+01:01"),
    ],
)
def test_colour_and_digits_follow_the_phase(
    view: TimerView, timer: RoundTimer, clock: FakeClock, seconds, phase, colour, digits
):
    timer.start()
    clock.advance(seconds)
    view.refresh()
    assert view.phase() is phase
    assert view.current_colour() == QColor(colour)
    assert view.digits_text() == digits
    assert digit_pixels(view, view.digit_colour()) > 50
    if phase is Phase.OVERRUN:
        disc = view._layout().disc
        ring = pixel(view, disc.left() + disc.width() * 0.01, disc.center().y())
        assert ring == QColor(colour)
    else:
        fraction = timer.fraction_left()
        assert pixel(view, *pie_point(view, fraction / 2)) == QColor(colour)
        if fraction < 0.98:
            assert pixel(view, *pie_point(view, (1 + fraction) / 2)) != QColor(colour)


def test_a_ready_round_shows_its_full_disc_and_when_it_starts(view: TimerView, timer: RoundTimer):
    assert view.digits_text() == "45:00"
    assert view.status_text() == "Klaar om te beginnen"
    assert view.round_text() == "Ronde 1 van 2"
    assert pixel(view, *pie_point(view, 0.9)) == QColor("#2EC4B6")
    timer.next_round()
    view.refresh()
    assert view.round_text() == "Ronde 2 van 2"
    assert view.status_text() == "Begint om 11:15"


def test_paused_and_overrun_say_so(view: TimerView, timer: RoundTimer, clock: FakeClock):
    timer.start()
    assert view.status_text() == ""
    timer.pause()
    assert view.status_text() == "Gepauzeerd"
    timer.resume()
    clock.advance(46 * 60)
    assert view.status_text() == "De tijd is om"


def test_digit_colours_stand_out_from_the_background():
    def luminance(colour: QColor) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    def contrast(one: QColor, other: QColor) -> float:
        light, dark = sorted((luminance(one), luminance(other)), reverse=True)
        return (light + 0.05) / (dark + 0.05)

    for colour in [*timer_view.DIGIT_COLOURS.values(), *timer_view.PHASE_COLOURS.values()]:
        assert contrast(colour, BACKGROUND) >= 4.5, colour.name()
    assert contrast(timer_view.MUTED, BACKGROUND) >= 7
    assert contrast(BACKGROUND, FLASH) >= 7  # the text during the flash


def test_one_chime_and_a_brief_flash_at_zero(
    qtbot, view: TimerView, timer: RoundTimer, clock: FakeClock, chime: FakeChime
):
    timer.start()
    clock.advance(45 * 60 - 0.5)
    view.refresh()
    assert chime.plays == 0 and not view.is_flashing()
    clock.advance(0.5)
    with qtbot.waitSignal(view.chimed, timeout=1000):
        view.refresh()
    assert chime.plays == 1
    assert view.is_flashing()
    assert pixel(view, 2, 2) == FLASH
    assert digit_pixels(view, BACKGROUND) > 50  # dark digits on the light flash
    clock.advance(0.3)
    view.refresh()
    assert view.is_flashing()
    clock.advance(0.4)
    view.refresh()
    assert not view.is_flashing()
    assert pixel(view, 2, 2) == BACKGROUND
    with qtbot.assertNotEmitted(view.chimed):
        for _ in range(5):
            clock.advance(30)
            view.refresh()
    assert chime.plays == 1
    assert view.digits_text() == "+02:30"


def test_no_chime_after_a_restart_past_zero(
    qtbot, timer: RoundTimer, clock: FakeClock, chime: FakeChime
):
    timer.start()
    clock.advance(45 * 60 + 10)
    assert timer.take_chime()
    restored = RoundTimer(ROUNDS, clock, state=timer.to_state())
    view = TimerView(restored, chime=chime, tick_ms=NO_TICKS)
    qtbot.addWidget(view)
    view.refresh()
    assert chime.plays == 0


def test_the_ticker_refreshes_without_help(qtbot, timer: RoundTimer, clock, chime: FakeChime):
    view = TimerView(timer, chime=chime, tick_ms=10)
    qtbot.addWidget(view)
    timer.start()
    clock.advance(45 * 60)
    qtbot.waitUntil(lambda: chime.plays == 1, timeout=2000)


def test_digits_are_big_enough_in_the_kiosk_column(
    qtbot, panel: TimerPanel, timer: RoundTimer, clock: FakeClock
):
    """At 1366 x 768 with a third of the width: digits of at least 12% of the window height."""
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.view.digit_height() >= 0.12 * 768
    timer.start()
    clock.advance(45 * 60 + 99 * 60)
    panel.view.refresh()
    assert panel.view.digits_text() == "+99:00"
    assert panel.view.digit_height() >= 0.12 * 768
    digits = panel.view._layout().digits
    assert digits.left() >= 0 and digits.right() <= panel.view.width()


@pytest.mark.parametrize(("width", "height"), [(300, 600), (640, 1000), (1366, 220)])
def test_digits_scale_with_the_view(qtbot, view: TimerView, width: int, height: int):
    """The documented ratios: 21% of the height in a column, 42% in a band, unless too narrow."""
    view.resize(width, height)
    wanted = (0.21 if width <= height else 0.42) * height
    widest = view._layout().digit_pixels * view._widest_em()  # `+88:88` at the painted size
    assert widest <= width
    assert view.digit_height() <= wanted * 1.03
    assert view.digit_height() >= wanted * 0.97 or widest >= 0.85 * width


def test_buttons_drive_the_timer(qtbot, panel: TimerPanel, timer: RoundTimer, clock, monkeypatch):
    monkeypatch.setattr(timer_view, "ask", lambda parent, question: True)
    click = Qt.MouseButton.LeftButton
    assert panel.start_button.text() == "Start"
    qtbot.mouseClick(panel.start_button, click)
    assert timer.running
    assert panel.start_button.text() == "Pauze"
    qtbot.mouseClick(panel.start_button, click)
    assert timer.paused and panel.start_button.text() == "Verder"
    qtbot.mouseClick(panel.plus_button, click)
    assert timer.duration() == 46 * 60
    qtbot.mouseClick(panel.plus_five_button, click)
    assert timer.duration() == 51 * 60
    qtbot.mouseClick(panel.minus_button, click)
    assert timer.duration() == 50 * 60
    qtbot.mouseClick(panel.reset_button, click)
    assert not timer.started and timer.duration() == 45 * 60
    assert not panel.previous_button.isEnabled()
    qtbot.mouseClick(panel.next_button, click)
    assert timer.round_number == 2
    assert panel.previous_button.isEnabled() and not panel.next_button.isEnabled()
    qtbot.mouseClick(panel.previous_button, click)
    assert timer.round_number == 1


def test_buttons_are_named_and_never_take_the_focus(panel: TimerPanel):
    buttons = [
        panel.start_button,
        panel.minus_button,
        panel.plus_button,
        panel.plus_five_button,
        panel.previous_button,
        panel.reset_button,
        panel.next_button,
    ]
    for button in buttons:
        assert button.accessibleName()
        assert button.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert button.height() >= 48
    assert panel.next_button.accessibleName() == "Volgende ronde"
    assert panel.view.accessibleName() == "Rondetimer"


@pytest.mark.parametrize(("given", "scale"), [(None, 1.0), (1.4, 1.4)])
def test_the_buttons_grow_with_the_screen(qtbot, timer: RoundTimer, chime: FakeChime, given, scale):
    """On a larger screen (1920x1080: 1.4) the host's buttons grow as the rest of the window.
    Unless told, the panel takes the screen's scale: the tests' screen is 1366x768, so 1.0."""
    panel = TimerPanel(timer, chime=chime, tick_ms=NO_TICKS, scale=given)
    qtbot.addWidget(panel)
    panel.resize(round(450 * scale), round(768 * scale))
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.start_button.font().pixelSize() == round(24 * scale)
    assert panel.reset_button.font().pixelSize() == round(20 * scale)
    assert panel.reset_button.height() >= round(52 * scale)


def test_losing_time_asks_the_host_first(
    panel: TimerPanel, timer: RoundTimer, clock: FakeClock, monkeypatch
):
    questions: list[str] = []
    answer = False

    def ask(parent, question):
        questions.append(question)
        return answer

    monkeypatch.setattr(timer_view, "ask", ask)
    timer.start()
    clock.advance(600)
    panel.reset_button.click()
    panel.next_button.click()
    assert timer.round_number == 1 and timer.elapsed() == 600
    assert len(questions) == 2
    answer = True
    panel.next_button.click()
    assert timer.round_number == 2
    clock.advance(10)
    panel.previous_button.click()  # not started in round 2: nothing to lose, nothing asked
    assert timer.round_number == 1 and len(questions) == 3
    timer.start()
    clock.advance(46 * 60)
    panel.next_button.click()  # the time is up: moving on is the normal thing
    assert timer.round_number == 2 and len(questions) == 3


@pytest.fixture
def window(qtbot, panel: TimerPanel):
    """The panel in a window with a text field, as the wall's note entry would sit beside it."""
    host = QWidget()
    qtbot.addWidget(host)
    entry = QLineEdit(host)
    layout = QVBoxLayout(host)
    layout.addWidget(entry)
    layout.addWidget(panel)
    host.resize(450, 800)
    panel.add_shortcuts()  # as the kiosk window does after its first frame
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    host.setFocus()
    return host, entry


def test_shortcuts_drive_the_timer(qtbot, window, timer: RoundTimer, monkeypatch):
    host, _entry = window
    monkeypatch.setattr(timer_view, "ask", lambda parent, question: True)
    qtbot.keyClick(host, Qt.Key.Key_Space)
    assert timer.running
    qtbot.keyClick(host, Qt.Key.Key_Space)
    assert timer.paused
    qtbot.keyClick(host, Qt.Key.Key_Plus)
    qtbot.keyClick(host, Qt.Key.Key_Equal)
    assert timer.duration() == 47 * 60
    qtbot.keyClick(host, Qt.Key.Key_Minus)
    assert timer.duration() == 46 * 60
    qtbot.keyClick(host, Qt.Key.Key_5)
    assert timer.duration() == 51 * 60
    qtbot.keyClick(host, Qt.Key.Key_R)
    assert not timer.started and timer.duration() == 45 * 60
    qtbot.keyClick(host, Qt.Key.Key_BracketRight)
    assert timer.round_number == 2
    qtbot.keyClick(host, Qt.Key.Key_BracketLeft)
    assert timer.round_number == 1
    qtbot.keyClick(host, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert timer.running


def test_typing_in_a_text_field_is_not_taken_for_a_shortcut(qtbot, window, timer: RoundTimer):
    _host, entry = window
    entry.setFocus()
    qtbot.waitUntil(entry.hasFocus)
    qtbot.keyClicks(entry, "a +5 [R]-=")
    assert entry.text() == "a +5 [R]-="
    assert not timer.started and timer.duration() == 45 * 60 and timer.round_number == 1
    qtbot.keyClick(entry, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert timer.running  # Ctrl+Space reaches the timer even while typing
    assert entry.text() == "a +5 [R]-="


def test_state_changed_carries_the_state_after_every_command(
    qtbot, panel: TimerPanel, timer: RoundTimer, clock: FakeClock
):
    seen: list[dict] = []
    panel.stateChanged.connect(seen.append)
    panel.start_button.click()
    assert seen[-1] == timer.to_state() and seen[-1]["running_since"] is not None
    clock.advance(30)
    panel.plus_button.click()
    assert seen[-1]["extra_seconds"] == 60
    panel.start_button.click()
    assert seen[-1] == timer.to_state() and seen[-1]["banked_seconds"] == 30
    assert len(seen) == 3
    restored = RoundTimer(ROUNDS, clock, state=seen[-1])
    assert restored.remaining() == timer.remaining()


def test_the_chime_is_saved_and_signalled(
    qtbot, panel: TimerPanel, timer: RoundTimer, clock: FakeClock, chime: FakeChime
):
    seen: list[dict] = []
    panel.stateChanged.connect(seen.append)
    panel.start_button.click()
    clock.advance(45 * 60)
    with qtbot.waitSignal(panel.chimed, timeout=1000):
        panel.view.refresh()
    assert seen[-1]["chimed"] is True
    assert chime.plays == 1


def test_a_closed_panel_lets_go_of_the_timer(qtbot, timer: RoundTimer, chime: FakeChime):
    panel = TimerPanel(timer, chime=chime, tick_ms=NO_TICKS)
    panel.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(panel))
    timer.start()
    timer.pause()
    assert len(timer._listeners) == 0


def test_the_real_chime_stays_silent_offscreen(qtbot):
    chime = Chime()
    chime.play()
    chime.play()
    assert chime._effect is None
    assert resources.path(*timer_view.CHIME).stat().st_size < 150_000


def test_overrun_screens_keep_counting_in_red(view: TimerView, timer: RoundTimer, clock):
    timer.start()
    clock.advance(45 * 60 + 3 * 60)
    view.refresh()  # the chime and flash
    clock.advance(1)
    view.refresh()
    assert view.digits_text() == "+03:01"
    assert view.digit_colour() == QColor("#FF5A5F")
    assert timer.round_number == 1 and timer.running
    assert pixel(view, *pie_point(view, 0.5)) != QColor("#FF5A5F")  # the pie is gone


def test_a_running_round_prepares_the_chime_after_the_first_frame_not_for_it(
    qtbot, timer: RoundTimer
):
    """A kiosk started again while its round runs: QtMultimedia (some 75 ms to start) waits
    until the timer is on screen."""

    class CountingChime(FakeChime):
        prepared = 0

        def prepare(self) -> None:
            self.prepared += 1

    chime = CountingChime()
    timer.start()
    view = TimerView(timer, chime=chime, tick_ms=NO_TICKS)
    qtbot.addWidget(view)
    view.refresh()
    assert chime.prepared == 0
    view.resize(450, 560)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view._painted)
    view.refresh()
    assert chime.prepared == 1
