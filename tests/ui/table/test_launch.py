"""What the kiosk loads before its first frame (issues 12 and 13: launch within 1.5x of a bare
PySide6 window): nothing that frame does not need."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import run_probe

MODULES_PROBE = """
import os, sys
from pathlib import Path
from kiosk.ui import app

def first_paint(self):
    print(" ".join(sorted(sys.modules)), flush=True)
    os._exit(0)

app.Kiosk._first_paint = first_paint
app.run_kiosk(Path(sys.argv[1]), windowed=True)
"""


SOURCES_PROBE = """
import linecache, os, sys
from pathlib import Path
from kiosk.ui import app

def first_paint(self):
    print(" ".join(sorted(linecache.cache)), flush=True)
    os._exit(0)

app.Kiosk._first_paint = first_paint
if sys.argv[2] == "scan":
    app.stop_feature_scan = lambda: None
app.run_kiosk(Path(sys.argv[1]), windowed=True)
"""


def test_pyside_reads_no_module_source_before_the_first_frame(wall):
    """PySide6 reads each module imported after it, for its per-module `__feature__` switches;
    the kiosk selects none, so the UI modules' sources are not read at launch."""

    def sources_read(mode: str) -> set[str]:
        return {Path(name).name for name in run_probe(SOURCES_PROBE, str(wall.path), mode).split()}

    assert "window.py" in sources_read("scan")  # what PySide6 does when left alone
    assert not {"window.py", "wall_view.py", "wall_items.py"} & sources_read("no scan")


def test_the_first_frame_finds_its_files_without_importlib_resources(wall):
    """The catalogue and the fonts are found from the package's import spec: importing
    importlib.resources and its readers would cost the launch a few milliseconds."""
    wall.add_note("notitie", "insight")
    output = run_probe(MODULES_PROBE, str(wall.path))
    loaded = set(output.split())
    assert "kiosk.ui.table.window" in loaded and "kiosk.core.resources" in loaded
    assert not {m for m in loaded if m.startswith("importlib.resources")}
    assert "sqlalchemy" not in loaded  # the store's code is loaded after the first frame


HYPHENATION_PROBE = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from kiosk.ui import app
from kiosk.ui.table import wall_items

first_paint = app.Kiosk._first_paint

def probe(self):
    print("at first frame:", "pyphen" in sys.modules, flush=True)
    first_paint(self)

    def check():
        if wall_items.hyphenation_deferred():
            QTimer.singleShot(20, check)
            return
        note = next(iter(self.window.wall_view._notes.values()))
        print("then:", wall_items.SOFT_HYPHEN in note._text(False).layout.text(), flush=True)
        os._exit(0)

    check()

app.Kiosk._first_paint = probe
app.run_kiosk(Path(sys.argv[1]), windowed=True)
"""


def test_hyphenation_waits_for_the_first_frame_then_lays_the_notes_out_again(wall):
    """Reading pyphen's Dutch patterns takes about 65 ms: not in the first frame, but right
    after it, and the long words then get their hyphenation points."""
    wall.add_note("Ondersteuningsbehoeftebepaling", "insight")
    output = run_probe(HYPHENATION_PROBE, str(wall.path))
    assert output.split("\n")[:2] == ["at first frame: False", "then: True"]


SKETCH_PROBE = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from kiosk.ui import app

first_paint = app.Kiosk._first_paint

def probe(self):
    view = self.window.wall_view
    print("at first frame:", view.sketching, flush=True)
    first_paint(self)

    def then():
        print("then:", view.sketching, len(view.visible_items()), flush=True)
        os._exit(0)

    QTimer.singleShot(0, then)

app.Kiosk._first_paint = probe
app.run_kiosk(Path(sys.argv[1]), windowed=True)
"""


def test_the_first_frame_draws_a_full_wall_as_one_sketch_and_its_notes_right_after(wall):
    """Two hundred notes in one item for the first frame, not two hundred items (about 4 ms of
    the launch); the notes themselves, for the host's hands, right after that frame."""
    kinds = [kind.key for kind in wall.setup.kinds]
    for i in range(200):
        wall.add_note(f"notitie {i}", kinds[i % len(kinds)])
    output = run_probe(SKETCH_PROBE, str(wall.path))
    assert output.split("\n")[:2] == ["at first frame: True", "then: False 200"]
