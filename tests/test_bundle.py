"""Smoke test of the standalone kiosk in dist/kiosk/ (`make bundle`): every command of a table's
and an organiser's day, and both windows to their first frame, run by the frozen executable alone.

Nothing of the development install is reachable: a fresh environment without the venv on PATH
and without PYTHONPATH, and a home folder of its own (the "laptop"). Runs whenever the bundle
exists; `make smoke` (CI, after `make bundle`) fails instead of skipping when it does not.
"""

from __future__ import annotations

import csv
import os
import re
import selectors
import subprocess
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk import __version__
from kiosk.core import platforms, resources

pytestmark = pytest.mark.bundle

BUNDLE = Path(__file__).resolve().parents[1] / "dist" / platforms.BUNDLE_FOLDER
EXECUTABLE = BUNDLE / platforms.executable_name()
INSIDE = BUNDLE / "_internal"  # PyInstaller's contents folder: the package's files and Qt's
TIMEOUT = 180  # seconds for one command or window on a busy 2-core machine; never reached


@pytest.fixture(scope="module", autouse=True)
def _bundle_built() -> None:
    if EXECUTABLE.is_file():
        return
    message = f"{EXECUTABLE}: no bundle; run `make bundle`"
    if os.environ.get("KIOSK_BUNDLE_REQUIRED"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def laptop(tmp_path: Path) -> dict[str, str]:
    """An environment with nothing but the system's own folders on PATH."""
    home = tmp_path / "laptop"
    runtime = home / "runtime"
    runtime.mkdir(parents=True, mode=0o700)
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(runtime),
    }


def kiosk(env: dict[str, str], cwd: Path, *args: object) -> str:
    """Run a command of the frozen kiosk; its output, or a failure with what it said."""
    done = subprocess.run(
        [str(EXECUTABLE), *map(str, args)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, f"kiosk {' '.join(map(str, args))}: {done.stderr or done.stdout}"
    return done.stdout


def first_frame(env: dict[str, str], cwd: Path, *args: object) -> str:
    """Start a window of the frozen kiosk, wait for its first-frame line, then stop it."""
    command = [str(EXECUTABLE), *map(str, args)]
    env = dict(env, KIOSK_REPORT_VISIBLE="1")
    with subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        line = ""
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            deadline = time.monotonic() + TIMEOUT
            while "visible after" not in line and time.monotonic() < deadline:
                if selector.select(timeout=deadline - time.monotonic()):
                    line = process.stdout.readline()
                    if not line:  # it ended without a frame
                        break
        process.terminate()
        _, err = process.communicate(timeout=30)
    shown = " ".join(map(str, args))
    assert "visible after" in line, f"kiosk {shown}: no first frame; it said: {err}"
    return line


def test_every_shipped_file_is_in_the_bundle():
    names = [*resources.REQUIRED, "resources/build.json"]
    missing = [name for name in names if not (INSIDE / "kiosk" / name).is_file()]
    if not any((INSIDE / "kiosk" / "storage" / "migrations" / "versions").glob("*.py")):
        missing.append("storage/migrations/versions/*.py")
    qt_dutch = INSIDE / "PySide6" / "Qt" / "translations" / "qtbase_nl.qm"
    if not qt_dutch.is_file():
        missing.append(str(qt_dutch.relative_to(BUNDLE)))
    assert missing == [], f"missing from the bundle: {', '.join(missing)}"


def test_a_table_and_an_organiser_day_with_the_bundle_alone(laptop, tmp_path):
    data = INSIDE / "kiosk" / "resources" / "demo"
    plan = data / "plan.json"
    stick, archive, out = tmp_path / "KINGSTON", tmp_path / "archive.sqlite", tmp_path / "out"
    stick.mkdir()
    out.mkdir()
    before = sorted(BUNDLE.rglob("*"))

    version = kiosk(laptop, tmp_path, "--version").strip()
    assert re.fullmatch(rf"kiosk {re.escape(__version__)}, built \d{{4}}-\d\d-\d\d", version)
    assert "ok:" in kiosk(laptop, tmp_path, "plan", "check", plan)

    # The table: set up without --db, as a host's laptop: its store is in the user data folder.
    kiosk(laptop, tmp_path, "table", "setup", "--plan", plan, "--table", 3)
    store = Path(laptop["XDG_DATA_HOME"]) / "kiosk" / "table.sqlite"
    assert store.is_file()
    imported = kiosk(laptop, tmp_path, "notes", "import", data / "notes" / "table-3.csv")
    assert "notes imported into table 3" in imported
    export = Path(kiosk(laptop, tmp_path, "export", "--to", stick).strip())
    assert export.parent == stick and export.suffix == ".kiosk"

    # The organiser.
    merged = kiosk(laptop, tmp_path, "merge", "--archive", archive, stick)
    assert "accepted (table 3 of" in merged
    report = kiosk(laptop, tmp_path, "report", "--archive", archive, "--out", out / "s.pdf")
    fonts = embedded_fonts(Path(report.strip()))
    assert any("NotoSans" in name for name in fonts), fonts
    handouts = kiosk(laptop, tmp_path, "handouts", "--archive", archive, "--out", out / "h")
    assert [p for p in handouts.split() if p.endswith(".pdf")]
    kiosk(laptop, tmp_path, "csv", "--archive", archive, "--out", out / "notes.csv")
    with (data / "notes" / "table-3.csv").open(encoding="utf-8-sig", newline="") as handle:
        typed = {row["text"] for row in csv.DictReader(handle)}
    with (out / "notes.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert {row["text"] for row in csv.DictReader(handle)} == typed

    # Both windows, to their first frame: the table's wall, and the organiser's console.
    assert first_frame(laptop, tmp_path).startswith("kiosk: visible after")
    assert first_frame(laptop, tmp_path, "organiser", "--archive", archive).startswith(
        "organiser: visible after"
    )
    # Nothing was written into the bundle (on a stick, the stick): the data is on the laptop.
    assert sorted(BUNDLE.rglob("*")) == before


def embedded_fonts(pdf: Path) -> set[str]:
    """Base names of the fonts the PDF embeds (their font files are inside it)."""
    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    names.add(str(font["/BaseFont"]))
    return names
