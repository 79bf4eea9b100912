"""Qt stays at the edge: nothing outside kiosk/ui/ and kiosk/ui/app.py may import PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "kiosk"
UI_ALLOWED = ("ui/", "app.py")


def non_ui_modules() -> list[str]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(UI_ALLOWED) or "migrations/" in rel or rel == "__main__.py":
            continue
        name = "kiosk." + rel.removesuffix(".py").replace("/", ".")
        modules.append(name.removesuffix(".__init__"))
    return modules


def test_no_qt_import_statement_outside_ui():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(UI_ALLOWED):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{rel}: {n}" for n in names if n.split(".")[0] == "PySide6"]
    assert offenders == []


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
