"""Screenshots of the organiser console with the demo event, from a real window: docs/screenshots/.

Run under an X server at 1366x768 with a window manager, for example:

    Xvfb :14 -screen 0 1366x768x24 & DISPLAY=:14 openbox &
    DISPLAY=:14 .venv/bin/python tools/organiser_screenshots.py

Each demo table gets its own store, its demo notes and an export on a "stick" folder, as on the
day; table 6 has not handed in and a copy of an export cut short lies beside the exports, so the
Collect tab shows a refused row (its reason whole) and a missing table. The console then merges
the stick as an organiser would.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.demo import demo_file, run_table
from kiosk.plan.editor import PlanEditor
from kiosk.plan.model import load_plan
from kiosk.storage.store import open_store
from kiosk.storage.texts import TextKey
from kiosk.ui.organiser import dialogs, look, window
from kiosk.ui.organiser.curate_tab import TEXT
from kiosk.ui.organiser.texts_tab import KEY
from kiosk.ui.organiser.window import OrganiserWindow

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
MISSING_TABLE = 6
HIDE = "ervaringsdeskundige"  # a personal story the organiser keeps out of print


def demo_stick(work: Path) -> Path:
    plan = load_plan(demo_file("plan.json"))
    tallies = json.loads(demo_file("tallies.json").read_text(encoding="utf-8"))["tables"]
    stick = work / "STICK"
    stick.mkdir()
    exports = [
        run_table(work, table.number, tallies.get(str(table.number), {}), stick)
        for table in plan.tables
        if table.number != MISSING_TABLE
    ]
    data = exports[-1].read_bytes()
    (stick / "tafel-5-kopie-afgebroken.kiosk").write_bytes(data[: len(data) * 2 // 5])
    return stick


def settle(app: QApplication, ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def shoot(app: QApplication, name: str) -> None:
    settle(app)
    path = OUT / f"organiser-{name}.png"
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    print(path)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    look.apply(app)
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    stick = demo_stick(work)
    dialogs.drive_or_folder = lambda parent, drives, title, start=None: stick
    window.removable_drives = list
    with open_store(work / "archive.sqlite") as archive:
        console = OrganiserWindow(archive, editor=PlanEditor.open(demo_file("plan.json")))
        console.showMaximized()
        console.plan_tab.show_section("themes")
        shoot(app, "plan")

        console.plan_tab.editor.set_table(4, "theme", "transities")
        console.plan_tab.show_section("tables")
        shoot(app, "plan-problem")
        console.plan_tab.editor.set_table(4, "theme", "transitie")

        demo_plan = console.plan_tab.editor
        console.plan_tab.set_editor(PlanEditor())
        console.plan_tab.show_section("event")
        shoot(app, "plan-unfinished")
        console.plan_tab.set_editor(demo_plan)

        console.tabs.setCurrentWidget(console.collect_tab)
        done = QEventLoop()
        console.runner.idle.connect(done.quit)
        console.collect()
        done.exec()
        shoot(app, "collect")

        curate = console.curate_tab
        console.tabs.setCurrentWidget(curate)
        rows = [curate.model.index(r, TEXT).data() for r in range(curate.model.rowCount())]
        hide = next(i for i, text in enumerate(rows) if HIDE in text)
        curate.view.setCurrentIndex(curate.model.index(hide, TEXT))
        curate.toggle_hidden()
        curate.view.setFocus()
        shoot(app, "curate")

        texts = console.texts_tab
        console.tabs.setCurrentWidget(texts)
        part = TextKey.table(1)
        texts.parts.setCurrentRow(
            next(i for i in range(texts.parts.count()) if texts.parts.item(i).data(KEY) == part)
        )
        words = json.loads(demo_file("texts.json").read_text(encoding="utf-8"))["tables"]["1"]
        texts.editor.setPlainText(words + "\n\n")
        texts.editor.moveCursor(texts.editor.textCursor().MoveOperation.End)
        texts.notes.setCurrentRow(0)
        texts.insert_quote(texts.notes.item(0))
        shoot(app, "texts")
        texts.save()

        console.tabs.setCurrentWidget(console.print_tab)
        console.print_tab.folder_edit.setText(str(work / "Afdrukken"))
        console.runner.idle.connect(done.quit)
        console.print_files()
        done.exec()
        shoot(app, "print")
        console.plan_tab.editor.dirty = False
        console.close()


if __name__ == "__main__":
    main()
