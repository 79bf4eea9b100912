"""`make stick`: the bundle, the plan and LEESMIJ.txt on a stick, or one clear refusal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.core import platforms
from kiosk.core.errors import KioskError
from kiosk.organiser import stick


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A stand-in for dist/kiosk/: the executable and a resource below _internal."""
    folder = tmp_path / "dist" / "kiosk"
    (folder / "_internal" / "kiosk").mkdir(parents=True)
    (folder / platforms.executable_name()).write_bytes(b"\x7fELF")
    (folder / platforms.executable_name()).chmod(0o755)
    (folder / "_internal" / "kiosk" / "resource.txt").write_text("x", encoding="utf-8")
    return folder


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "KINGSTON"
    folder.mkdir()
    return folder


def test_a_stick_gets_the_bundle_the_plan_and_the_instructions(bundle, usb, demo_plan_path):
    written = stick.make_stick(usb, bundle, demo_plan_path)
    plan_file = usb / "kiosk-plan-2022-03-31-ondersteuningsplan.json"
    assert written == [usb / "kiosk", plan_file, usb / "LEESMIJ.txt"]
    executable = usb / "kiosk" / platforms.executable_name()
    assert executable.read_bytes() == b"\x7fELF"
    assert executable.stat().st_mode & 0o111
    assert (usb / "kiosk" / "_internal" / "kiosk" / "resource.txt").is_file()
    assert json.loads(plan_file.read_text(encoding="utf-8")) == json.loads(
        demo_plan_path.read_text(encoding="utf-8")
    )
    readme = (usb / "LEESMIJ.txt").read_bytes().decode("utf-8")
    assert "Van diplomagericht naar toekomstgericht onderwijs" in readme
    assert platforms.start_instruction() in readme
    assert "pincode" in readme and "\r\n" in readme
    assert sorted(p.name for p in usb.iterdir()) == ["LEESMIJ.txt", "kiosk", plan_file.name]


def test_an_older_kiosk_on_the_stick_is_replaced(bundle, usb, demo_plan_path):
    (usb / "kiosk").mkdir()
    (usb / "kiosk" / "stale.txt").write_text("old", encoding="utf-8")
    stick.make_stick(usb, bundle, demo_plan_path)
    assert not (usb / "kiosk" / "stale.txt").exists()
    assert (usb / "kiosk" / platforms.executable_name()).is_file()
    assert not any(p.name.startswith(".kiosk") for p in usb.iterdir())


def test_a_plan_with_problems_is_refused_before_anything_is_copied(bundle, usb, tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format": "kiosk-plan/1", "rounds": []}), encoding="utf-8")
    with pytest.raises(KioskError, match="plan.json"):
        stick.make_stick(usb, bundle, plan)
    assert list(usb.iterdir()) == []


def test_no_bundle_is_refused_with_what_to_do(tmp_path, usb, demo_plan_path, capsys):
    code = stick.main(
        [str(usb), "--bundle", str(tmp_path / "nothing"), "--plan", str(demo_plan_path)]
    )
    assert code == 1
    assert "run `make bundle` first" in capsys.readouterr().err
    assert list(usb.iterdir()) == []
