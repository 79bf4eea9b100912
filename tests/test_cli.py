"""The command-line contract: exit 0 done, 1 refused with the file named, 2 usage; no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.cli import build_parser, cmd_kiosk, launch_args, main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point in a child process, as an organiser's script would call it."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=120
    )


def test_plan_check_ok(demo_plan_path):
    result = run("plan", "check", str(demo_plan_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(
        ": ok: Van diplomagericht naar toekomstgericht onderwijs: 5 themes, 6 tables, 2 rounds"
    )


def test_plan_check_refused_lists_every_problem(plan_data, write_json):
    plan_data["tables"][0]["theme"] = "x"
    plan_data["kinds"] = [{"key": "insight", "label": "Inzicht", "color": "geel"}]
    path = write_json(plan_data)
    result = run("plan", "check", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}: kinds[0].color: 'geel' is not a colour like #FFE66D",
        f"{path}: tables[0].theme: unknown theme 'x'",
    ]


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["plan", "frobnicate"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["table", "setup", "--plan", "p.json"])
    assert caught.value.code == 2
    assert "--table" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [[], ["--db", "t.sqlite"], ["--windowed", "--demo"], ["--db=t.sqlite", "--wind"]],
)
def test_the_kiosk_launch_reads_its_options_without_the_full_parser(argv, monkeypatch):
    def no_full_parser():
        raise AssertionError("launch built every command's parser")

    monkeypatch.setattr("kiosk.cli.build_parser", no_full_parser)
    args = launch_args(argv)
    assert args is not None and args.handler is cmd_kiosk
    assert args.windowed == ("--windowed" in argv or "--wind" in argv)


def test_a_launch_without_options_has_the_full_parsers_defaults(monkeypatch):
    expected = vars(build_parser().parse_args([]))
    assert expected.pop("command") is None  # the kiosk itself, not a command
    monkeypatch.setattr("argparse.ArgumentParser", None)  # no parser of any kind is made
    assert vars(launch_args([])) == expected


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["-h"], ["--version"], ["plan", "check", "p.json"], ["--db"], ["--frob"]],
)
def test_anything_but_a_plain_launch_goes_to_the_full_parser(argv):
    assert launch_args(argv) is None


def test_help_and_mistakes_are_those_of_the_full_parser(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    assert "organiser" in capsys.readouterr().out  # the commands are listed
    with pytest.raises(SystemExit) as caught:
        main(["--db"])
    assert caught.value.code == 2
    assert "--db: expected one argument" in capsys.readouterr().err


def test_setup_then_import(tmp_path, demo_plan_path, capsys):
    db = tmp_path / "t.sqlite"
    assert (
        main(["table", "setup", "--db", str(db), "--plan", str(demo_plan_path), "--table", "2"])
        == 0
    )
    assert "table 2 of Van diplomagericht" in capsys.readouterr().out
    csv = tmp_path / "n.csv"
    csv.write_text("round,kind,role,starred,text\n1,quote,Ouder,1,Hallo\n", encoding="utf-8")
    assert main(["notes", "import", "--db", str(db), str(csv)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"{csv}: 1 notes imported into table 2 (UTF-8, ','-separated)"
    )


def test_setup_refuses_other_table_and_unknown_table(tmp_path, demo_plan_path, capsys):
    db = tmp_path / "t.sqlite"
    args = ["table", "setup", "--db", str(db), "--plan", str(demo_plan_path)]
    assert main([*args, "--table", "2"]) == 0
    assert main([*args, "--table", "2"]) == 0
    assert main([*args, "--table", "3"]) == 1
    assert f"{db}: already set up for table 2" in capsys.readouterr().err
    assert (
        main(
            [
                "table",
                "setup",
                "--db",
                str(tmp_path / "u.sqlite"),
                "--plan",
                str(demo_plan_path),
                "--table",
                "7",
            ]
        )
        == 1
    )
    assert "--table 7: not a table of the plan (its tables: 1, 2, 3, 4, 5, 6)" in (
        capsys.readouterr().err
    )


def test_import_into_a_store_without_table(tmp_path, capsys):
    csv = tmp_path / "n.csv"
    csv.write_text("round,kind,role,starred,text\n", encoding="utf-8")
    assert main(["notes", "import", "--db", str(tmp_path / "none.sqlite"), str(csv)]) == 1
    assert "none.sqlite: no such store" in capsys.readouterr().err


def test_user_errors_print_no_traceback(tmp_path):
    result = run("plan", "check", str(tmp_path / "missing.json"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"{tmp_path / 'missing.json'}: no such file"
    assert "Traceback" not in result.stderr


def test_unexpected_error_goes_to_the_log(monkeypatch, capsys, tmp_path, demo_plan_path):
    import kiosk.plan.model

    def broken(path):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(kiosk.plan.model, "load_plan", broken)
    assert main(["plan", "check", str(demo_plan_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kiosk: unexpected error (ZeroDivisionError: a bug); details in ")
    log_file = err.rsplit("details in ", 1)[1].strip()
    with open(log_file, encoding="utf-8") as handle:
        logged = handle.read()
    assert "Traceback" in logged and "ZeroDivisionError: a bug" in logged


def test_keys_new(tmp_path, monkeypatch, capsys, plan_data, write_json):
    from kiosk.exchange.keyfiles import open_key_file
    from kiosk.plan.model import load_plan

    monkeypatch.setenv("KIOSK_KEY_PASSPHRASE", "een lange zin")
    assert main(["keys", "new", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    text = out.rsplit('"organiser_key": "', 1)[1].split('"')[0]
    pair = open_key_file(tmp_path / "organiser.kioskkey", "een lange zin")
    assert pair.public_text == text
    assert (tmp_path / "organiser.kioskkey").stat().st_mode & 0o077 == 0
    plan_data["organiser_key"] = text
    assert load_plan(write_json(plan_data)).organiser_key == text
    assert main(["keys", "new", "--out", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_keys_new_without_passphrase_source(tmp_path, monkeypatch):
    monkeypatch.delenv("KIOSK_KEY_PASSPHRASE", raising=False)
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "keys", "new", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "passphrase: set KIOSK_KEY_PASSPHRASE or run this in a terminal"
