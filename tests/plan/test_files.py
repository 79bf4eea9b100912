"""Plans on a stick: kiosk plans are listed, broken ones with their problem, other JSON ignored."""

from __future__ import annotations

import json

from kiosk.plan.files import find_plans


def test_lists_plans_with_problems_and_skips_other_json(tmp_path, plan_data, demo_plan_path):
    stick = tmp_path / "stick"
    (stick / "kiosk").mkdir(parents=True)
    (stick / ".Trashes").mkdir()
    (stick / "plan.json").write_bytes(demo_plan_path.read_bytes())
    broken = dict(plan_data, tables=[{"number": 1, "theme": "nope"}])
    (stick / "kiosk" / "oud.json").write_text(json.dumps(broken), encoding="utf-8")
    (stick / "export.json").write_text('{"format": "kiosk-export/1"}', encoding="utf-8")
    (stick / "kapot.json").write_text("{niet", encoding="utf-8")
    (stick / ".Trashes" / "plan.json").write_bytes(demo_plan_path.read_bytes())
    (stick / "notes.csv").write_text("round,kind\n", encoding="utf-8")

    found = find_plans([stick, tmp_path / "pulled-out"])

    assert [(f.path.relative_to(stick).as_posix(), f.problem) for f in found] == [
        ("plan.json", None),
        ("kiosk/oud.json", "tables[0].theme: unknown theme 'nope'"),
    ]
    assert found[0].plan is not None and len(found[0].plan.tables) == 6
