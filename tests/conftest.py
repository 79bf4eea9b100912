"""Shared fixtures: an isolated user folder, English messages, the demo plan, plan data, stores."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from kiosk.core.clock import FakeClock
from kiosk.core.i18n import DEFAULT_LANGUAGE, set_language
from kiosk.plan.model import Plan, load_plan
from kiosk.storage.queries import Station, setup_table
from kiosk.storage.store import Store, open_store

DEMO_PLAN = Path(__file__).resolve().parents[1] / "kiosk" / "resources" / "demo" / "plan.json"

# CI replays the same examples every run (a submission fails for its own change, not for one a
# random draw found in code it did not touch); locally each run explores new ones.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Qt's offscreen screen is 800x800 unless told otherwise, and the kiosk sizes everything by the
# screen's height: the UI tests would see a laptop 4% larger than the 1366x768 one they are about.
# That laptop is the primary screen; the others are the school laptops' screens in logical pixels
# (physical size / display scaling), on which tests/ui/test_screen_fit.py shows the kiosk.
if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
    SCREEN = Path(__file__).with_name("offscreen-screens.json")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """platformdirs reads these on Linux: no test touches the real user's data or logs."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Tests assert the English messages, as the command line prints them; Dutch again after.

    The UI tests' own autouse fixture (tests/ui/conftest.py) runs after this one and switches
    back to Dutch, as the kiosk and the console run.
    """
    set_language("en")
    yield
    set_language(DEFAULT_LANGUAGE)


@pytest.fixture
def demo_plan_path() -> Path:
    return DEMO_PLAN


@pytest.fixture
def demo_plan() -> Plan:
    return load_plan(DEMO_PLAN)


@pytest.fixture
def plan_data() -> dict[str, Any]:
    """A small valid plan as data, for tests to break one field at a time."""
    return copy.deepcopy(
        {
            "format": "kiosk-plan/1",
            "event": {"title": "Thematafels", "date": "2022-03-31", "location": "Alkmaar"},
            "rounds": [{"number": 1, "minutes": 45}, {"number": 2, "minutes": 45}],
            "themes": [
                {"key": "inclusie", "title": "Dekkend aanbod en inclusie", "questions": ["Wat?"]},
                {"key": "welbevinden", "title": "Welbevinden"},
            ],
            "tables": [
                {"number": 1, "theme": "inclusie"},
                {"number": 2, "theme": "inclusie"},
                {"number": 3, "theme": "welbevinden"},
            ],
            "roles": ["Jongere", "Ouder", "Docent"],
        }
    )


@pytest.fixture
def write_json(tmp_path: Path):
    def write(data: Any, name: str = "plan.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "table.sqlite") as opened:
        yield opened


@pytest.fixture
def table_store(store: Store, demo_plan: Plan, clock: FakeClock) -> tuple[Store, Station]:
    """A store set up for table 1 of the demo event."""
    with store.begin() as session:
        at = setup_table(session, demo_plan, 1, clock.now())
    return store, at


@pytest.fixture
def wall(table_store: tuple[Store, Station], clock: FakeClock):
    """The wall model of table 1 of the demo event, on a fake clock."""
    from kiosk.table.snapshot import read_snapshot
    from kiosk.table.wall import TableWall

    store, _at = table_store
    snapshot = read_snapshot(store.path)
    assert snapshot is not None
    model = TableWall(snapshot, clock.now, store=store)
    yield model
    model.close()


# -- a PostgreSQL server for archive tests ------------------------------------------------------

# .ci/run starts a throwaway cluster and sets this to a URL of a database where the tests may
# create schemas; without it every PostgreSQL run is skipped (and the summary says so).
POSTGRES_ENV = "KIOSK_TEST_POSTGRES"
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """An engine on the test server's database, or a skip when no server is given."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"PostgreSQL run: no server ({POSTGRES_ENV} is not set; .ci/run starts one)")
    from sqlalchemy import create_engine

    from kiosk.storage.server import parse_url

    engine = create_engine(parse_url(url).url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


@pytest.fixture
def new_pg_archive(pg_server: Any) -> Iterator[Callable[[], str]]:
    """Makes new, empty server archives: a schema each, named in the URL that reaches it."""
    import uuid

    from sqlalchemy import text

    made: list[str] = []
    base = os.environ[POSTGRES_ENV]
    joiner = "&" if "?" in base else "?"

    def make() -> str:
        schema = f"kiosk_test_{uuid.uuid4().hex[:12]}"
        with pg_server.connect() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        made.append(schema)
        return f"{base}{joiner}options=-csearch_path%3D{schema}"

    yield make
    with pg_server.connect() as connection:
        for schema in made:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture
def pg_url(new_pg_archive: Callable[[], str]) -> str:
    """A new, empty archive on the test server."""
    return new_pg_archive()


@pytest.fixture(params=BACKENDS)
def archive_at(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """An archive that does not exist yet: a file path, or a URL of an empty server archive."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_url")
    return tmp_path / "archive" / "archive.sqlite"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if POSTGRES_ENV in str(report.longrepr)
    ]
    if skipped:
        terminalreporter.write_line(
            f"PostgreSQL: {len(skipped)} runs skipped, no server ({POSTGRES_ENV} not set); "
            ".ci/run starts one"
        )
