"""Qt stays at the edge: importing any module outside kiosk/ui/ loads no PySide6 at run time.

The import statements themselves are checked by the import-linter contracts in pyproject.toml
(`make lint`); this checks what actually gets loaded, lazy imports included.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "kiosk"
UI_ALLOWED = ("ui/",)


def non_ui_modules() -> list[str]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(UI_ALLOWED) or "migrations/" in rel or rel == "__main__.py":
            continue
        name = "kiosk." + rel.removesuffix(".py").replace("/", ".")
        modules.append(name.removesuffix(".__init__"))
    return modules


def test_importing_the_core_loads_no_qt():
    modules = non_ui_modules()
    assert "kiosk.storage.store" in modules and "kiosk.plan.model" in modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
