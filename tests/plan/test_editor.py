"""The plan editor model: edits show problems in `kiosk plan check` words; saves are atomic."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk.core.errors import KioskError
from kiosk.plan.editor import PlanEditor, place_problems, problem_field
from kiosk.plan.model import load_plan, plan_problems


def test_a_new_plan_is_valid_and_loads(tmp_path: Path):
    editor = PlanEditor()
    assert editor.problems() == []
    saved = editor.save(tmp_path / "plan.json")
    assert load_plan(saved).tables[0].theme == "thema-1"


def test_problems_appear_as_you_type_and_go_when_fixed(plan_data):
    editor = PlanEditor(plan_data)
    seen: list[list[str]] = []
    editor.subscribe(lambda: seen.append(editor.problems()))
    editor.set_table(2, "theme", "x")
    assert editor.problems() == ["tables[2].theme: unknown theme 'x'"]
    # The same words the command line prints for the same data.
    assert editor.problems() == plan_problems(editor.data)
    editor.set_table(2, "theme", "welbevinden")
    assert editor.problems() == []
    assert seen == [["tables[2].theme: unknown theme 'x'"], []]
    assert editor.dirty


def test_empty_title_and_bad_colour_name_their_fields():
    editor = PlanEditor()
    editor.set_event("title", "   ")
    editor.set_kind(0, "color", "geel")
    assert editor.problems() == [
        "event.title: must not be empty",
        "kinds[0].color: 'geel' is not a colour like #FFE66D",
    ]


def test_renaming_a_theme_key_takes_its_tables_along(plan_data):
    editor = PlanEditor(plan_data)
    for typed in ("inclusi", "inclusief"):
        editor.set_theme(0, "key", typed)
    assert [t["theme"] for t in editor.tables] == ["inclusief", "inclusief", "welbevinden"]
    assert editor.problems() == []


def test_removing_a_theme_in_use_names_the_tables(plan_data):
    editor = PlanEditor(plan_data)
    editor.remove_theme(1)
    assert editor.problems() == ["tables[2].theme: unknown theme 'welbevinden'"]


def test_round_count_adds_and_drops_rounds_numbered_in_order():
    editor = PlanEditor()
    editor.set_round_minutes(1, 30)
    editor.set_round_count(4)
    found = [(r["number"], r["minutes"]) for r in editor.rounds]
    assert found == [(1, 45), (2, 30), (3, 30), (4, 30)]
    editor.set_round_count(1)
    assert editor.rounds == [{"number": 1, "minutes": 45}]
    editor.set_round_start(0, "25:00")
    assert editor.problems() == ["rounds[0].starts_at: '25:00' is not a time like 11:15"]
    editor.set_round_start(0, "")
    assert editor.problems() == [] and "starts_at" not in editor.rounds[0]


def test_added_themes_tables_and_kinds_have_fresh_keys():
    editor = PlanEditor()
    first, second = editor.add_theme("Welzijn"), editor.add_theme("Welzijn")
    assert editor.themes[first]["key"] != editor.themes[second]["key"]
    editor.add_table()
    assert [t["number"] for t in editor.tables] == [1, 2]
    index = editor.add_kind("Idee")
    assert editor.kinds[index]["key"] == "idee"
    assert editor.kinds[index]["color"] not in {k["color"] for k in editor.kinds[:index]}
    assert editor.problems() == []


def test_roles_and_questions_drop_blank_lines_and_report_duplicates():
    editor = PlanEditor()
    editor.set_roles(["Jongere", "", "ouder ", "Ouder"])
    editor.set_questions(0, ["Wat?", "  ", "Hoe?"])
    assert editor.roles == ["Jongere", "ouder", "Ouder"]
    assert editor.themes[0]["questions"] == ["Wat?", "Hoe?"]
    assert editor.problems() == ["roles[2]: duplicate role 'Ouder'"]


def test_clearing_the_date_leaves_it_out():
    editor = PlanEditor()
    editor.set_event("date", "31-03-2022")
    assert editor.problems() == ["event.date: '31-03-2022' is not a date like 2022-03-31"]
    editor.set_event("date", "")
    assert "date" not in editor.data["event"] and editor.problems() == []


def test_save_and_reopen_round_trips(tmp_path: Path, demo_plan_path: Path):
    editor = PlanEditor.open(demo_plan_path)
    assert editor.problems() == []
    editor.set_event("location", "Alkmaar, Noord-Holland")
    path = editor.save(tmp_path / "mijn plan.json")
    assert not editor.dirty
    again = PlanEditor.open(path)
    assert again.data == editor.data
    assert load_plan(path).event.location == "Alkmaar, Noord-Holland"
    assert [p.name for p in tmp_path.iterdir()] == ["mijn plan.json"]  # no temp left behind


def test_a_plan_with_problems_opens_for_fixing(write_json, plan_data):
    plan_data["tables"][0]["theme"] = "x"
    editor = PlanEditor.open(write_json(plan_data))
    assert editor.problems() == ["tables[0].theme: unknown theme 'x'"]


@pytest.mark.parametrize(
    ("content", "words"),
    [("{", "not valid JSON"), ("[]", "not a kiosk plan"), ('{"format": "x"}', "not a kiosk")],
)
def test_what_is_not_a_plan_is_refused_with_the_file_named(tmp_path: Path, content, words):
    path = tmp_path / "plan.json"
    path.write_text(content)
    with pytest.raises(KioskError, match=words) as caught:
        PlanEditor.open(path)
    assert str(path) in str(caught.value)


def test_a_failed_save_keeps_the_old_file_whole(tmp_path: Path, monkeypatch):
    editor = PlanEditor()
    path = editor.save(tmp_path / "plan.json")
    before = path.read_bytes()
    editor.set_event("title", "Anders")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(KioskError, match="No space left"):
        editor.save()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_write_to_drive_refuses_a_plan_with_problems_and_verifies_the_copy(tmp_path: Path):
    editor = PlanEditor()
    editor.set_event("title", "")
    with pytest.raises(KioskError, match="1 problem"):
        editor.write_to_drive(tmp_path)
    editor.set_event("title", "Thematafels")
    written = editor.write_to_drive(tmp_path)
    assert written.name == "kiosk-plan-thematafels.json"
    assert json.loads(written.read_text())["event"]["title"] == "Thematafels"


def test_place_problems_picks_the_most_specific_field():
    problems = [
        "tables[4].theme: unknown theme 'x'",
        "themes[0].questions[2]: must not be empty",
        "rounds: must be numbered 1..2 in order (found 1, 3)",
        "event.title: must not be empty",
    ]
    placed = place_problems(problems, ["tables[4]", "tables[4].theme", "themes[0]", "rounds[0]"])
    assert placed == {
        "tables[4].theme": [problems[0]],
        "themes[0]": [problems[1]],
        "": [problems[2], problems[3]],
    }
    assert problem_field(problems[0]) == "tables[4].theme"
    assert not _within_prefix("tables[40]", "tables[4]")


def _within_prefix(path: str, anchor: str) -> bool:
    return bool(place_problems([f"{path}: x"], [anchor]).get(anchor))


def test_the_organiser_key_is_set_checked_and_removed_like_any_field(tmp_path: Path):
    from kiosk.exchange.sealing import new_key_pair

    editor = PlanEditor()
    text = new_key_pair().public_text
    editor.set_organiser_key("kiosk-pub-1:nonsense")
    assert editor.dirty
    assert [problem_field(p) for p in editor.problems()] == ["organiser_key"]
    editor.set_organiser_key(text)
    assert editor.problems() == [] and editor.organiser_key() == text
    assert load_plan(editor.save(tmp_path / "plan.json")).organiser_key is not None
    editor.set_organiser_key(None)
    assert "organiser_key" not in editor.data and editor.dirty and editor.organiser_key() is None
