"""Finding event plans on a USB stick or in a folder, for the kiosk's start screen.

Only files that say they are kiosk plans are listed; one that says so but has problems is listed
with its first problem, so the host sees why the stick's plan cannot be used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.errors import KioskError, ProblemsError
from kiosk.core.files import read_capped, read_json
from kiosk.core.i18n import _
from kiosk.plan.model import FORMAT, MAX_PLAN_BYTES, Plan, plan_from_data

MAX_FILES = 200  # JSON files looked at per folder tree (a stick may hold many exports)
SKIP_FOLDERS = {"System Volume Information", "$RECYCLE.BIN", "lost+found"}


@dataclass(frozen=True)
class FoundPlan:
    path: Path
    plan: Plan | None
    problem: str | None = None


def json_files(folder: Path, depth: int = 1) -> list[Path]:
    """`*.json` files in folder and its subfolders down to depth, hidden ones skipped."""
    found: list[Path] = []
    pending = [(folder, 0)]
    while pending and len(found) < MAX_FILES:
        current, level = pending.pop(0)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name.casefold())
        except OSError:
            continue  # unreadable folder, or the stick was pulled out
        for entry in entries:
            if entry.name.startswith(".") or entry.name in SKIP_FOLDERS:
                continue
            try:
                if entry.is_dir(follow_symlinks=False) and level < depth:
                    pending.append((Path(entry.path), level + 1))
                elif entry.is_file() and entry.name.lower().endswith(".json"):
                    found.append(Path(entry.path))
            except OSError:
                continue
    return found[:MAX_FILES]


def read_plan_file(path: Path) -> FoundPlan | None:
    """The plan in path, a plan with its problem, or None when the file is not a kiosk plan."""
    try:
        data = read_json(read_capped(path, MAX_PLAN_BYTES, _("a plan file")), path)
    except KioskError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    try:
        return FoundPlan(path, plan_from_data(data, source=str(path)))
    except ProblemsError as exc:
        return FoundPlan(path, None, exc.problems[0] if exc.problems else str(exc))
    except KioskError as exc:
        return FoundPlan(path, None, str(exc))


def find_plans(folders: list[Path], depth: int = 1) -> list[FoundPlan]:
    """Every kiosk plan in these folders (a stick's root, or a folder the host picked)."""
    found = []
    for folder in folders:
        for path in json_files(folder, depth):
            plan = read_plan_file(path)
            if plan is not None:
                found.append(plan)
    return found
