"""The organiser's saved plan is the newest: the archive's event takes its editable texts only."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from kiosk.core.i18n import set_language
from kiosk.organiser.curate import PlanDiffers, PlanTexts, adopt_plan_texts
from kiosk.plan.model import Plan, plan_from_data
from kiosk.storage.models import Event
from tests.archive_data import demo_archive


@pytest.fixture
def archive(tmp_path, demo_plan, clock):
    store, _ids = demo_archive(tmp_path / "archive.sqlite", demo_plan, clock)
    yield store
    store.close()


@pytest.fixture
def dutch():
    """The console's language (the tests' default is English, as the CLI speaks)."""
    set_language("nl")
    yield
    set_language("en")


def edited(plan: Plan, change) -> Plan:
    data = json.loads(plan.to_json())
    change(data)
    return plan_from_data(data, "plan.json")


def retitle(data) -> None:
    data["event"]["title"] = "Thematafels in Noord-Kennemerland"
    data["event"]["location"] = "Victorie, Alkmaar"
    data["themes"][0]["title"] = "Inclusie en passend onderwijs"
    data["themes"][0]["questions"] = ["Wat werkt al?"]
    data["kinds"][0]["label"] = "Idee"


def archived(store) -> tuple[Event, Plan]:
    with store.begin() as session:
        event = session.get(Event, "2022-03-31-ondersteuningsplan")
        session.expunge(event)
    return event, plan_from_data(json.loads(event.plan_json), "archive")


def test_the_saved_plans_texts_replace_the_archives(archive, demo_plan, clock):
    newer = edited(demo_plan, retitle)
    later = clock.now() + timedelta(hours=1)
    with archive.begin() as session:
        assert adopt_plan_texts(session, newer, later) is PlanTexts.ADOPTED
    event, plan = archived(archive)
    assert (event.title, event.location) == (newer.event.title, "Victorie, Alkmaar")
    assert event.updated_at == later
    assert plan.themes[0].title == "Inclusie en passend onderwijs"
    assert plan.themes[0].questions == ["Wat werkt al?"]
    assert plan.kinds[0].label == "Idee"
    with archive.begin() as session:
        theme = next(t for t in session.get(Event, event.id).themes if t.key == "inclusie")
        assert (theme.title, theme.questions) == (
            "Inclusie en passend onderwijs",
            ["Wat werkt al?"],
        )
        assert adopt_plan_texts(session, newer, later) is PlanTexts.SAME


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.__setitem__("roles", d["roles"] + ["Wethouder 2"]), "de rollen"),
        (lambda d: d["tables"][2].__setitem__("theme", "inclusie"), "Tafel 3, het thema"),
        (lambda d: d["rounds"][0].__setitem__("minutes", 30), "Ronde 1, het aantal minuten"),
        (lambda d: d["kinds"][1].__setitem__("key", "tip"), "Soort 2, de korte naam"),
    ],
)
def test_a_plan_differing_beyond_the_texts_changes_nothing_and_names_the_field(
    archive, demo_plan, clock, change, named, dutch
):
    before = archived(archive)[0].plan_json

    def both(data) -> None:
        retitle(data)
        change(data)

    with archive.begin() as session, pytest.raises(PlanDiffers) as refused:
        adopt_plan_texts(session, edited(demo_plan, both), clock.now())
    assert named in str(refused.value) and "2022-03-31-ondersteuningsplan" in str(refused.value)
    assert "\n" not in str(refused.value)
    event, _plan = archived(archive)
    assert event.plan_json == before and event.title == demo_plan.event.title


def test_the_refusal_is_english_when_english_is_chosen(archive, demo_plan, clock):
    with archive.begin() as session, pytest.raises(PlanDiffers) as refused:
        adopt_plan_texts(
            session,
            edited(demo_plan, lambda d: d["tables"][2].__setitem__("theme", "inclusie")),
            clock.now(),
        )
    assert "the plans differ in Table 3, the theme" in str(refused.value)


def test_an_event_not_in_the_archive_is_left_alone(archive, demo_plan, clock):
    other = edited(demo_plan, lambda d: d["event"].__setitem__("id", "2023-01-01-anders"))
    with archive.begin() as session:
        assert adopt_plan_texts(session, other, clock.now()) is PlanTexts.NOT_IN_ARCHIVE
        assert session.get(Event, "2023-01-01-anders") is None
