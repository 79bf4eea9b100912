"""The plan format: what it accepts, and every problem named by its field."""

from __future__ import annotations

import pytest

from kiosk.core.errors import KioskError, ProblemsError
from kiosk.plan.model import DEFAULT_KINDS, DEFAULT_ROLES, load_plan, plan_problems


def test_demo_plan_is_valid(demo_plan):
    assert demo_plan.event_id == "2022-03-31-ondersteuningsplan"
    assert len(demo_plan.tables) == 6
    assert demo_plan.summary().endswith("5 themes, 6 tables, 2 rounds")


def test_defaults_for_roles_and_kinds(plan_data, write_json):
    del plan_data["roles"]
    plan = load_plan(write_json(plan_data))
    assert plan.roles == DEFAULT_ROLES
    assert [k.key for k in plan.kinds] == ["insight", "quote", "suggestion", "question"]
    assert plan.kinds == list(DEFAULT_KINDS)
    assert len({k.color for k in plan.kinds}) == 4


def test_event_id_derived_from_date_and_title(plan_data, write_json):
    plan_data["event"]["title"] = "Thematafels: Inclusiever Onderwijs!"
    plan = load_plan(write_json(plan_data))
    assert plan.event_id == "2022-03-31-thematafels-inclusiever-onderwijs"


def test_roles_match_case_insensitively(plan_data, write_json):
    plan = load_plan(write_json(plan_data))
    assert plan.canonical_role("  jongere ") == "Jongere"
    assert plan.canonical_role("Wethouder") is None


def problems_for(data) -> list[str]:
    return plan_problems(data)


def test_not_json(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"format": "kiosk-plan/1",,}', encoding="utf-8")
    with pytest.raises(KioskError, match=r"plan\.json: not valid JSON \(line 1, column 27"):
        load_plan(path)


def test_missing_file_named(tmp_path):
    with pytest.raises(KioskError, match=r"nope\.json: no such file"):
        load_plan(tmp_path / "nope.json")


@pytest.mark.parametrize("tag", ["kiosk-plan/2", "something-else", 1])
def test_wrong_format_tag(plan_data, tag):
    plan_data["format"] = tag
    (problem,) = problems_for(plan_data)
    assert problem.startswith("format: expected 'kiosk-plan/1', found ")


def test_other_kind_of_json():
    assert problems_for([1, 2]) == ["not a kiosk plan (expected a JSON object)"]
    assert problems_for({"name": "x"}) == ["format: missing (expected 'kiosk-plan/1')"]


def test_missing_title(plan_data):
    del plan_data["event"]["title"]
    assert problems_for(plan_data) == ["event.title: missing"]


def test_empty_title(plan_data):
    plan_data["event"]["title"] = "   "
    assert problems_for(plan_data) == ["event.title: must not be empty"]


def test_duplicate_theme_keys(plan_data):
    plan_data["themes"][1]["key"] = "inclusie"
    problems = problems_for(plan_data)
    assert "themes[1].key: duplicate theme key 'inclusie'" in problems


def test_duplicate_table_numbers(plan_data):
    plan_data["tables"][2]["number"] = 1
    assert problems_for(plan_data) == ["tables[2].number: duplicate table number 1"]


def test_unknown_theme(plan_data):
    plan_data["tables"].append({"number": 5, "theme": "x"})
    assert problems_for(plan_data) == ["tables[3].theme: unknown theme 'x'"]


@pytest.mark.parametrize("numbers", [[1, 3], [2, 1], [0, 1]])
def test_rounds_numbered_one_to_n(plan_data, numbers):
    plan_data["rounds"] = [{"number": n, "minutes": 45} for n in numbers]
    (problem,) = problems_for(plan_data)
    assert problem.startswith("rounds: must be numbered 1..2 in order")


@pytest.mark.parametrize("minutes", [0, 241, -5])
def test_minutes_outside_range(plan_data, minutes):
    plan_data["rounds"][1]["minutes"] = minutes
    assert problems_for(plan_data) == [f"rounds[1].minutes: {minutes} is outside 1..240"]


@pytest.mark.parametrize("colour", ["yellow", "#FFF", "#GGGGGG", "FFE66D"])
def test_bad_colour(plan_data, colour):
    plan_data["kinds"] = [{"key": "insight", "label": "Inzicht", "color": colour}]
    assert problems_for(plan_data) == [f"kinds[0].color: '{colour}' is not a colour like #FFE66D"]


def test_every_problem_listed_at_once(plan_data, write_json):
    del plan_data["event"]["title"]
    plan_data["tables"][0]["theme"] = "nope"
    plan_data["rounds"][0]["minutes"] = 999
    plan_data["rounds"][0]["minuts"] = 4
    with pytest.raises(ProblemsError) as caught:
        load_plan(write_json(plan_data))
    assert sorted(caught.value.problems) == sorted(
        [
            "event.title: missing",
            "rounds[0].minutes: 999 is outside 1..240",
            "rounds[0].minuts: unknown field",
            "tables[0].theme: unknown theme 'nope'",
        ]
    )
    assert all(
        line.startswith(str(write_json(plan_data))) for line in str(caught.value).split("\n")
    )


def test_bad_date_and_start_time(plan_data):
    plan_data["event"]["date"] = "31-03-2022"
    plan_data["rounds"][1]["starts_at"] = "25:00"
    problems = problems_for(plan_data)
    assert "event.date: '31-03-2022' is not a date like 2022-03-31" in problems
    assert "rounds[1].starts_at: '25:00' is not a time like 11:15" in problems


def test_duplicate_roles_case_insensitive(plan_data):
    plan_data["roles"] = ["Ouder", "ouder"]
    assert problems_for(plan_data) == ["roles[1]: duplicate role 'ouder'"]


def test_bom_accepted(plan_data, tmp_path):
    import json

    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(plan_data).encode())
    assert load_plan(path).event.title == "Thematafels"


def test_organiser_key_checked(plan_data):
    from kiosk.exchange.sealing import new_key_pair

    plan_data["organiser_key"] = new_key_pair().public_text
    assert problems_for(plan_data) == []
    plan_data["organiser_key"] = "kiosk-pub-1:abc"
    (problem,) = problems_for(plan_data)
    assert problem.startswith("organiser_key: 'kiosk-pub-1:abc' is not a key made by `kiosk keys")
