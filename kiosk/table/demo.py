"""The demo table: table 1 of the demo plan with 30 notes, for trying the kiosk (`kiosk --demo`).

The notes (`resources/demo/wall.csv`) are short, as hosts type them during a round. The table
lives in its own store (`demo.sqlite` in the user data folder unless `--db` says otherwise),
so trying the demo never touches a real table's notes. The host PIN of the demo is 1234.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.core import resources
from kiosk.core.paths import data_dir

DEMO_PIN = "1234"
DEMO_TABLE = 1


def demo_db() -> Path:
    return data_dir() / "demo.sqlite"


def prepare_demo(db: Path) -> bool:
    """Set up the demo table with its notes unless the store already serves a table.

    Returns True if it set the table up now.
    """
    from kiosk.plan.model import load_plan
    from kiosk.table.notes_csv import read_notes_csv
    from kiosk.table.setup import set_up_table

    plan = load_plan(resources.path("demo", "plan.json"))
    rows = read_notes_csv(resources.path("demo", "wall.csv"), plan).rows
    at = set_up_table(db, plan, DEMO_TABLE, DEMO_PIN, rows, keep_existing=True)
    return at is not None
