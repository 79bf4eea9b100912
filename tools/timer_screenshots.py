"""Render the round timer panel at calm, amber and overrun into docs/screenshots/timer-*.png.

Run `QT_QPA_PLATFORM=offscreen python tools/timer_screenshots.py`. The panel gets the column the
kiosk gives it at 1366 x 768 (a third of the width, full height) and at 1920 x 1080, and a band
across the top, so each shot shows what a table sees from a few metres away.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.core.clock import FakeClock
from kiosk.table.timer import RoundPlan, RoundTimer
from kiosk.ui.common import style
from kiosk.ui.table.timer_view import TimerPanel, TimerView

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ROUNDS = (RoundPlan(1, 45), RoundPlan(2, 45, "11:15"))
# (name, seconds into round 1)
MOMENTS = (("calm", 12 * 60 + 24), ("amber", 45 * 60 - 3 * 60 - 42), ("overrun", 45 * 60 + 125))
SIZES = (("1366x768", 456, 768), ("1920x1080", 640, 1080))


def timer_at(seconds: float) -> RoundTimer:
    clock = FakeClock()
    timer = RoundTimer(ROUNDS, clock)
    timer.start()
    clock.advance(seconds)
    timer.take_chime()  # past zero the flash is over by the time anyone looks
    return timer


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    style.register_fonts()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, seconds in MOMENTS:
        for size, width, height in SIZES:
            panel = TimerPanel(timer_at(seconds), tick_ms=60_000, scale=max(1.0, height / 768))
            panel.resize(width, height)
            panel.show()
            app.processEvents()
            path = OUT / f"timer-{name}-{size}.png"
            panel.grab().save(str(path))
            print(path, f"digits {panel.view.digit_height():.0f} px")
            panel.close()
    band = TimerView(timer_at(MOMENTS[1][1]), tick_ms=60_000)
    band.resize(1366, 200)
    band.show()
    app.processEvents()
    band.grab().save(str(OUT / "timer-band-1366.png"))
    print(OUT / "timer-band-1366.png", f"digits {band.digit_height():.0f} px")


if __name__ == "__main__":
    main()
