"""Screenshots of the table kiosk for the README, from a real full-screen window under X.

Run it in an X session with a window manager, at the screen size wanted, on a machine without
Noto Sans installed (the kiosk draws with its bundled fonts), e.g.:

    Xvfb :12 -screen 0 1366x768x24 & DISPLAY=:12 openbox &
    DISPLAY=:12 FONTCONFIG_FILE=/path/to/fresh-fonts.conf python tools/kiosk_screenshots.py

and with display scaling as a laptop set to 150% has it: QT_SCALE_FACTOR=1.5.

It writes docs/screenshots/kiosk-<state>-<W>x<H>.png (with "@<scale>" when scaled) for the start
screen, the wall mid-round (the demo event's 30 notes and a few votes), the timer at amber and at
overrun (by then the host has made a group), the participant counters open, and the host PIN
prompt. The round timer runs on a fake clock, so each shot shows a chosen moment.

With `walls` it writes the walls of issue 13 instead: 4 notes, 30 notes in 3 groups (tidied up),
60 notes, a long note opened at the right edge, the read-aloud view, and round 2 with round 1's
notes:

    DISPLAY=:12 python tools/kiosk_screenshots.py walls
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core.clock import FakeClock  # noqa: E402
from kiosk.core.i18n import set_language  # noqa: E402
from kiosk.table.demo import DEMO_PIN, prepare_demo  # noqa: E402
from kiosk.table.timer import RoundPlan, RoundTimer  # noqa: E402
from kiosk.table.wall import TableWall  # noqa: E402
from kiosk.ui.common import style  # noqa: E402
from kiosk.ui.table.dialogs import PinDialog  # noqa: E402
from kiosk.ui.table.start_screen import StartScreen  # noqa: E402
from kiosk.ui.table.timer_view import Chime, TimerPanel  # noqa: E402
from kiosk.ui.table.wall_model import QtTableWall  # noqa: E402
from kiosk.ui.table.window import KioskWindow  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
VOTES = {"Kleine haalbare": 3, "Hij werd": 2, "Eén loket": 4, "Het mag niet": 1}
GROUP = ("Samen doen", ("Kleine haalbare", "Er is lef", "Start met een pilot"))


class Silent(Chime):
    def prepare(self) -> None:
        pass

    def play(self) -> None:
        pass


def settle(app: QApplication) -> None:
    # A script, not a test: give the X server and the window manager a moment to map and paint.
    for _ in range(5):
        QTest.qWait(100)
        app.processEvents()


def shoot(app: QApplication, name: str) -> None:
    settle(app)
    screen = app.primaryScreen()
    ratio = screen.devicePixelRatio()
    size = screen.geometry().size() * ratio
    scaled = f"@{ratio:g}" if ratio != 1 else ""
    path = OUT / f"kiosk-{name}-{size.width()}x{size.height()}{scaled}.png"
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    subprocess.run(["mogrify", "-strip", "-colors", "256", str(path)], check=True)
    print(path)


def demo_wall(folder: Path) -> TableWall:
    db = folder / "demo.sqlite"
    prepare_demo(db)
    wall = TableWall.open(db)
    assert wall is not None
    for start, votes in VOTES.items():
        note = next(n for n in wall.notes if n.text.startswith(start))
        for _ in range(votes):
            wall.vote(note.id, +1)
    wall.set_pin(DEMO_PIN)
    wall.bump_tally("Jongere", 3)
    return wall


FOUR = [
    "Leerlingen willen vaker een vertrouwenspersoon in de school die ze zelf kunnen kiezen.",
    "Ouders als pedagogisch partner: vraag wat zij thuis zien en neem dat serieus mee.",
    "Geef de Jongerenraad een vaste plek in het overleg van het samenwerkingsverband.",
    "Specialistische hulp moet dichter bij de klas komen, niet alleen op afspraak.",
]
LONG = (
    "Wat ons opviel: leerlingen met een ondersteuningsbehoefte horen vaak pas laat wat er "
    "mogelijk is. Als ouders, docenten en het samenwerkingsverband eerder samen aan tafel zitten, "
    "kan de school passend onderwijs bieden voordat het misgaat. Maak daar een vaste afspraak "
    "van in het schoolondersteuningsprofiel en bespreek het elk jaar opnieuw met de jongerenraad."
)


def kiosk_window(wall: TableWall) -> KioskWindow:
    clock = FakeClock()
    rounds = [RoundPlan(r.number, r.minutes, r.starts_at) for r in wall.setup.rounds]
    panel = TimerPanel(RoundTimer(rounds, clock), chime=Silent(), tick_ms=3_600_000)
    window = KioskWindow(QtTableWall(wall), panel)
    window.showFullScreen()
    return window


def empty_wall(folder: Path, name: str) -> TableWall:
    from kiosk.core import resources
    from kiosk.core.clock import utcnow
    from kiosk.plan.model import load_plan
    from kiosk.storage.queries import set_setting, setup_table
    from kiosk.storage.store import open_store

    db = folder / f"{name}.sqlite"
    with open_store(db) as store, store.begin() as session:
        setup_table(session, load_plan(resources.path("demo", "plan.json")), 1, utcnow())
        set_setting(session, "language", {"language": "nl"})
    wall = TableWall.open(db)
    assert wall is not None
    return wall


def shoot_walls(app: QApplication, folder: Path) -> None:
    import csv

    from kiosk.core import resources

    with resources.path("demo", "wall.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def fill(wall: TableWall, count: int) -> list[str]:
        ids = []
        for i in range(count):
            row = rows[i % len(rows)]
            ids.append(wall.add_note(row["text"], row["kind"], row["role"] or None).id)
        return ids

    def close(window: KioskWindow, wall: TableWall) -> None:
        window.unlock()
        window.close()
        wall.close()

    wall = empty_wall(folder, "four")
    window = kiosk_window(wall)
    settle(app)
    for text, row in zip(FOUR, rows, strict=False):
        wall.add_note(text, row["kind"], row["role"] or None)
    shoot(app, "wall-4-notes")
    close(window, wall)

    wall = empty_wall(folder, "thirty")
    window = kiosk_window(wall)
    settle(app)
    ids = fill(wall, 30)
    for g, label in enumerate(("Samen doen", "Personeel", "Ouders")):
        wall.create_cluster(label, ids[g * 4 : g * 4 + 3])
    window.tidy_up()
    window.say("")
    shoot(app, "wall-30-notes-3-groups")
    close(window, wall)

    wall = empty_wall(folder, "sixty")
    window = kiosk_window(wall)
    settle(app)
    fill(wall, 60)
    shoot(app, "wall-60-notes")
    close(window, wall)

    wall = empty_wall(folder, "opened")
    window = kiosk_window(wall)
    settle(app)
    ids = fill(wall, 12)
    view = window.wall_view
    rightmost = max(ids, key=lambda i: (wall.note(i).x, -wall.note(i).y))
    wall.edit_note(rightmost, text=LONG)
    view._clicked(view.note_item(rightmost))
    shoot(app, "wall-opened-note")
    view.close_opened()
    view.select_note(rightmost)
    window.read_aloud()
    shoot(app, "read-aloud")
    close(window, wall)

    wall = empty_wall(folder, "rounds")
    window = kiosk_window(wall)
    settle(app)
    fill(wall, 14)
    window.timer_panel.next_button.click()  # the timer moves on to round 2
    for row in rows[20:27]:
        wall.add_note(row["text"], row["kind"], row["role"] or None)
    window.round_filter.setCurrentIndex(0)  # all rounds: round 1's notes marked R1
    shoot(app, "round-2-with-round-1")
    close(window, wall)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    set_language("nl")
    style.apply(app)
    OUT.mkdir(parents=True, exist_ok=True)
    if sys.argv[1:] == ["walls"]:
        with tempfile.TemporaryDirectory() as tmp:
            shoot_walls(app, Path(tmp))
        return

    start = StartScreen()
    start.showFullScreen()
    shoot(app, "start")
    start.choose_demo()
    shoot(app, "start-table")
    start.close()

    with tempfile.TemporaryDirectory() as tmp:
        wall = demo_wall(Path(tmp))
        clock = FakeClock()
        rounds = [RoundPlan(r.number, r.minutes, r.starts_at) for r in wall.setup.rounds]
        timer = RoundTimer(rounds, clock)
        panel = TimerPanel(timer, chime=Silent(), tick_ms=3_600_000)
        window = KioskWindow(QtTableWall(wall), panel)
        window.showFullScreen()
        timer.start()
        for name, seconds in (
            ("wall", 21 * 60 + 13),
            ("timer-amber", 45 * 60 - 3 * 60 - 18),
            ("timer-overrun", 45 * 60 + 2 * 60 + 5),
        ):
            if name == "timer-overrun":  # the end of the round: time to group the notes
                label, starts = GROUP
                members = [next(n for n in wall.notes if n.text.startswith(s)).id for s in starts]
                wall.create_cluster(label, members)
            clock.seconds = 1000.0
            timer.reset()
            timer.start()
            clock.advance(seconds)
            timer.take_chime()
            panel.view.refresh()
            window.wall_view.setFocus()
            shoot(app, name)
        window.tally_button.click()
        shoot(app, "participants")
        window.tally_button.click()

        dialog = PinDialog(
            "Host-PIN om de kiosk af te sluiten", wall.check_pin, wall.pin_wait, window
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        dialog.pad.type_digit("4")
        dialog.pad.type_digit("2")
        shoot(app, "pin")
        dialog.close()
        window.unlock()
        window.close()
        wall.close()
    for widget in QApplication.topLevelWidgets():
        widget.close()


if __name__ == "__main__":
    main()
