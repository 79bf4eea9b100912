"""An organiser's archive with the demo event and a few notes per table, made without a merge."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kiosk.core.clock import FakeClock
from kiosk.exchange.export import export_table
from kiosk.plan.model import Plan
from kiosk.storage.queries import Station, add_note, install_plan, setup_table
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


def export_of(tmp_path: Path, plan: Plan, table: int, texts: list[str], out: Path) -> Path:
    """A table laptop's export file with these notes (rounds 1, 2, 1, ...), written into out."""
    clock = FakeClock()
    with open_store(tmp_path / f"table-{table}.sqlite") as store:
        with store.begin() as session:
            at = setup_table(session, plan, table, clock.now())
            for i, text in enumerate(texts):
                clock.advance(1)
                add_note(
                    session,
                    at,
                    text=text,
                    kind="insight",
                    round_number=1 + i % 2,
                    x=0.0,
                    y=0.0,
                    now=clock.now(),
                )
        clock.advance(1)
        return export_table(store, out, clock=clock.now).path
