"""An organiser's archive with the demo event and a few notes per table, made without a merge."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kiosk.clock import FakeClock
from kiosk.plan import Plan
from kiosk.storage.queries import Station, add_note, install_plan
from kiosk.storage.store import Store, open_store

# (table, round, kind, role, text, starred)
NOTES = [
    (1, 1, "insight", "Docent", "Kleinere klassen helpen echt.", False),
    (1, 1, "quote", "Jongere", "Ik wil gewoon gezien worden.", True),
    (1, 2, "suggestion", "Ouder", "Maak één loket voor ouders.", False),
    (2, 1, "question", None, "Wie betaalt de extra begeleiding?", False),
    (2, 2, "insight", "Wethouder", "Meneer Jansen van De Brug doet dit al goed.", False),
    (3, 1, "insight", "Jeugdhulpverlener", "Welbevinden eerst, dan prestaties.", True),
    (3, 2, "quote", "Jongere", "Ça va? Straße, İstanbul, عربي <b>&", False),
    (4, 1, "suggestion", "Docent", "Tijd voor intervisie inroosteren.", False),
]


def fill_archive(store: Store, plan: Plan, clock: FakeClock, notes=NOTES) -> dict[str, str]:
    """Install the plan and write the notes as their tables would; returns text -> note id."""
    ids = {}
    with store.begin() as session:
        install_plan(session, plan, clock.now())
        for i, (table, rnd, kind, role, text, starred) in enumerate(notes):
            at = Station(plan.event_id, table, f"table-{table}")
            note = add_note(
                session,
                at,
                text=text,
                kind=kind,
                round_number=rnd,
                x=0.0,
                y=0.0,
                now=clock.now() + timedelta(seconds=i),
                role=role,
                starred=starred,
            )
            ids[text] = note.id
    return ids


def demo_archive(path: Path, plan: Plan, clock: FakeClock) -> tuple[Store, dict[str, str]]:
    store = open_store(path)
    return store, fill_archive(store, plan, clock)
