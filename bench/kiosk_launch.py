"""Launch to visible window: `kiosk` on a set-up table with 200 notes against a bare PySide6 window.

The kiosk is started as a host starts it, `python -m kiosk` without --db (its store sits in the
user data folder, pointed into a temporary folder). Both run as fresh processes, alternately, N
times each, in one run of this script; each prints a line once its first frame has been painted
(the kiosk when KIOSK_REPORT_VISIBLE is set), and the time from starting the process to that line
is taken. The bare window is a QMainWindow with a label, shown like the kiosk (full screen).
Prints the medians and their ratio; the target is at most 1.5x. Runs under the display in DISPLAY
(use Xvfb and a window manager for a laptop-like run), or offscreen when there is none.

`--running` has the table's round running, as when the kiosk is started again mid-round.

`--frozen` compares the standalone kiosk (dist/kiosk/, `make bundle`) with the same kiosk run from
the venv instead, on the same table, alternately: the target is a ratio of at most 1.0x.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kiosk as kiosk_package  # noqa: E402
from bench._tables import make_table  # noqa: E402
from kiosk.core import platforms  # noqa: E402
from kiosk.core.paths import default_table_db  # noqa: E402
from kiosk.table.timer import RoundPlan, RoundTimer  # noqa: E402
from kiosk.table.wall import TableWall  # noqa: E402

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, lambda: print("bare: visible", flush=True))
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Tafel 1 - Dekkend aanbod en inclusie"))
watcher = FirstPaint(window)
window.installEventFilter(watcher)
window.showFullScreen()
app.exec()
"""


def time_to_visible(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if "visible" in line:
                return time.perf_counter() - start
        raise RuntimeError(f"{command[:3]} ended without showing a window")
    finally:
        process.terminate()
        process.wait(timeout=30)


def start_round(db: Path) -> None:
    """Start the table's first round, as its host did before the kiosk was started again."""
    wall = TableWall.open(db)
    assert wall is not None
    rounds = [RoundPlan(r.number, r.minutes, r.starts_at) for r in wall.setup.rounds]
    timer = RoundTimer(rounds, time.time)
    timer.start()
    wall.save_timer_state(timer.to_state())
    wall.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument(
        "--frozen", action="store_true", help="the bundle in dist/kiosk/ against the venv's kiosk"
    )
    parser.add_argument(
        "--running", action="store_true", help="the table's round running (started again mid-round)"
    )
    args = parser.parse_args()
    frozen = ROOT / "dist" / platforms.BUNDLE_FOLDER / platforms.executable_name()
    if args.frozen and not frozen.is_file():
        sys.exit(f"{frozen}: no bundle; run `make bundle` first")
    # An installed kiosk has its bytecode compiled (pip does it); a source tree may not, and
    # PYTHONDONTWRITEBYTECODE would then have every launch compile the modules it changed.
    compileall.compile_dir(Path(kiosk_package.__file__).parent, quiet=1)
    env = dict(os.environ, KIOSK_REPORT_VISIBLE="1")
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # The kiosk is launched as a table host does, without --db: its store is found in the
        # user data folder, here made to be inside the temporary folder (XDG, so Linux only).
        env["XDG_DATA_HOME"] = os.environ["XDG_DATA_HOME"] = str(folder / "data")
        env["XDG_STATE_HOME"] = str(folder / "state")  # the kiosk's log stays in here
        db = default_table_db()
        kiosk = [sys.executable, "-m", "kiosk"]
        if not db.is_relative_to(folder):  # platformdirs does not follow XDG here
            db = folder / "table.sqlite"
            kiosk += ["--db", str(db)]
        db.parent.mkdir(parents=True, exist_ok=True)
        make_table(db, args.notes)
        if args.running:
            start_round(db)
        bare_script = folder / "bare.py"
        bare_script.write_text(BARE, encoding="utf-8")
        bare = [sys.executable, str(bare_script)]
        if args.frozen:  # the venv's kiosk is the baseline; the bundle is measured against it
            bare, kiosk = kiosk, [str(frozen), *kiosk[3:]]
        time_to_visible(bare, env)  # warm the disk cache for both
        time_to_visible(kiosk, env)
        bare_times, kiosk_times = [], []
        for _ in range(args.runs):
            bare_times.append(time_to_visible(bare, env))
            kiosk_times.append(time_to_visible(kiosk, env))
    platform = env.get("QT_QPA_PLATFORM") or f"display {env.get('DISPLAY')}"
    b, k = statistics.median(bare_times), statistics.median(kiosk_times)
    print(f"launch to visible window, {args.runs} runs each, alternating ({platform})")
    if args.frozen:
        print(f"kiosk from the venv, {args.notes} notes:  median {b * 1000:.0f} ms")
        print(f"kiosk bundle (dist/kiosk/):      median {k * 1000:.0f} ms")
        print(f"ratio bundle/venv: {k / b:.2f}x (target <= 1.0x)")
        return
    print(f"bare PySide6 window:        median {b * 1000:.0f} ms")
    running = ", its round running" if args.running else ""
    print(f"kiosk, {args.notes} notes on the wall{running}: median {k * 1000:.0f} ms")
    print(f"ratio kiosk/bare: {k / b:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
