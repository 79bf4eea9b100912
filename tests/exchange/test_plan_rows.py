"""One plan -> event rows: a table's store, a merged archive and an organiser's plan agree."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select, update

from kiosk.exchange.merge import merge_paths
from kiosk.organiser.curate import PlanTexts, adopt_plan_texts
from kiosk.plan.model import Plan, plan_from_data
from kiosk.storage.models import Theme
from kiosk.storage.queries import install_plan
from kiosk.storage.store import open_store
from tests.builders import Laptop, dump

ROWS = ("events", "themes", "event_tables", "rounds")


def event_rows(path: Path | str) -> dict[str, list[tuple]]:
    """The event's own rows without its times (set up and exported at different moments).

    A JSON column (a theme's questions) reads as text from SQLite and as a list from PostgreSQL;
    both are compared as the list.
    """
    found = dump(path)
    found["events"] = [row[:6] for row in found["events"]]
    return {table: [tuple(map(as_json, row)) for row in found[table]] for table in ROWS}


def as_json(value):
    if isinstance(value, str) and value.startswith("["):
        return json.loads(value)
    return value


def merge(archive: Path | str, *paths: Path) -> None:
    with open_store(archive) as store:
        results = merge_paths(store, list(paths))
    assert all(result.accepted for result in results), [r.reason for r in results]


def test_a_merged_archive_holds_the_tables_event_rows(laptop: Laptop, tmp_path, archive):
    laptop.add()
    merge(archive, laptop.export(tmp_path / "stick").path)
    assert event_rows(archive) == event_rows(laptop.store.path)
    positions = [row[5] for row in dump(archive)["themes"]]
    assert sorted(positions) == list(range(len(positions)))


def test_merging_into_an_archive_installed_from_the_plan_adds_nothing(
    laptop: Laptop, tmp_path, archive, demo_plan: Plan, clock
):
    with open_store(archive) as store, store.begin() as session:
        install_plan(session, demo_plan, clock.now())
    before = event_rows(archive)
    laptop.add()
    merge(archive, laptop.export(tmp_path / "stick").path)
    assert event_rows(archive) == before


def test_adopted_texts_are_the_rows_the_plan_installs(laptop: Laptop, tmp_path, demo_plan, clock):
    data = json.loads(demo_plan.to_json())
    data["themes"][0]["title"] = "Een nieuwe titel"
    data["themes"][1]["questions"] = ["Een andere vraag?"]
    edited = plan_from_data(data)
    adopted, installed = tmp_path / "adopted.sqlite", tmp_path / "installed.sqlite"
    merge(adopted, laptop.export(tmp_path / "stick").path)
    with open_store(adopted) as store, store.begin() as session:
        assert adopt_plan_texts(session, edited, clock.now()) is PlanTexts.ADOPTED
    with open_store(installed) as store, store.begin() as session:
        install_plan(session, edited, clock.now())
    assert event_rows(adopted) == event_rows(installed)


def test_saving_the_plan_renumbers_themes_an_older_merge_appended(
    laptop: Laptop, tmp_path, demo_plan, clock
):
    """Merges before e2d4d71 gave a theme an older plan lacked the next free position."""
    archive = tmp_path / "archive.sqlite"
    merge(archive, laptop.export(tmp_path / "stick").path)
    with open_store(archive) as store, store.begin() as session:
        count = len(demo_plan.themes)
        session.execute(update(Theme).values(position=count - Theme.position))
    data = json.loads(demo_plan.to_json())
    data["themes"][0]["title"] = "Een nieuwe titel"
    with open_store(archive) as store, store.begin() as session:
        adopt_plan_texts(session, plan_from_data(data), clock.now())
        keys = [t.key for t in session.scalars(select(Theme).order_by(Theme.position))]
    assert keys == [theme.key for theme in demo_plan.themes]
