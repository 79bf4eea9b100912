"""Issue 7 end to end: sealed exports, merge with the organiser's key, receipts, wiping."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.exchange.keyfiles import create_key_files
from kiosk.exchange.merge import merge_file
from kiosk.exchange.receipts import read_receipt, receipt_path
from kiosk.exchange.sealing import KeyPair, new_key_pair
from kiosk.plan.model import Plan
from kiosk.storage.store import open_store
from kiosk.table.wipe import check_receipt, wipe_store
from tests.exchange.helpers import Laptop, dump, make_laptop

SECRETS = ["Sam uit 3b heeft het zwaar thuis", "Ik voel me niet gezien <3", "لا أحد يسمعني"]
PASSPHRASE = "een lange zin voor de sleutel"


@pytest.fixture(scope="module")
def pair() -> KeyPair:
    return new_key_pair()


@pytest.fixture
def keyed_laptop(tmp_path: Path, demo_plan: Plan, pair: KeyPair):
    plan = demo_plan.model_copy(update={"organiser_key": pair.public_text})
    laptop = make_laptop(tmp_path / "laptop.sqlite", plan, 3)
    for text in SECRETS:
        laptop.add(text, role="Jongere", kind="quote", starred=True)
    yield laptop
    laptop.store.close()


def merged_texts(archive: Path) -> set[str]:
    return {row[6] for row in dump(archive)["notes"]}


def test_export_is_sealed_and_exposes_nothing(keyed_laptop: Laptop, tmp_path: Path, demo_plan):
    result = keyed_laptop.export(tmp_path / "stick")
    assert result.sealed
    data = result.path.read_bytes()
    theme = demo_plan.theme("welbevinden")
    for secret in [*SECRETS, "Jongere", theme.title, theme.key, *theme.questions]:
        assert secret.encode() not in data, secret
        assert secret.casefold() not in result.path.name.casefold()


def test_sealed_round_trip(keyed_laptop: Laptop, tmp_path: Path, pair: KeyPair):
    result = keyed_laptop.export(tmp_path / "stick")
    archive = tmp_path / "archive.sqlite"
    with open_store(archive) as store:
        merged = merge_file(store, result.path, key=pair)
    assert merged.accepted, merged.reason
    assert merged.new == 3
    assert set(SECRETS) <= merged_texts(archive)


@pytest.mark.parametrize(
    "damage",
    ["flip-header", "flip-body", "truncate", "no-key", "wrong-key"],
)
def test_damaged_or_unopenable_sealed_files_refused(
    damage, keyed_laptop: Laptop, tmp_path: Path, pair: KeyPair
):
    path = keyed_laptop.export(tmp_path / "stick").path
    data = bytearray(path.read_bytes())
    key: KeyPair | None = pair
    if damage == "flip-header":
        data[40] ^= 0x01
    elif damage == "flip-body":
        data[-100] ^= 0x80
    elif damage == "truncate":
        del data[-50:]
    elif damage == "no-key":
        key = None
    else:
        key = new_key_pair()
    path.write_bytes(bytes(data))
    archive = tmp_path / "archive.sqlite"
    with open_store(archive) as store:
        before = dump(archive)
        merged = merge_file(store, path, key=key)
    assert not merged.accepted
    assert merged.reason.startswith(str(path)), merged.reason
    assert "\n" not in merged.reason
    assert dump(archive) == before
    assert not receipt_path(path).exists()


def test_swapped_header_between_two_tables_refused(tmp_path, demo_plan, pair):
    plan = demo_plan.model_copy(update={"organiser_key": pair.public_text})
    a = make_laptop(tmp_path / "a.sqlite", plan, 1)
    b = make_laptop(tmp_path / "b.sqlite", plan, 2)
    a.add("tafel een")
    b.add("tafel twee")
    file_a, file_b = a.export(tmp_path / "s").path, b.export(tmp_path / "s").path
    da, db = file_a.read_bytes(), file_b.read_bytes()
    cut_a = 19 + int.from_bytes(da[15:19], "big")
    cut_b = 19 + int.from_bytes(db[15:19], "big")
    file_b.write_bytes(da[:cut_a] + db[cut_b:])
    with open_store(tmp_path / "archive.sqlite") as store:
        assert not merge_file(store, file_b, key=pair).accepted
    a.store.close()
    b.store.close()


def test_unsealed_export_of_a_keyed_event_needs_explicit_consent(
    tmp_path: Path, demo_plan: Plan, keyed_laptop: Laptop, pair: KeyPair
):
    archive = tmp_path / "archive.sqlite"
    with open_store(archive) as store:
        assert merge_file(store, keyed_laptop.export(tmp_path / "s").path, key=pair).accepted
    plain_laptop = make_laptop(tmp_path / "plain.sqlite", demo_plan, 4)
    plain_laptop.add("zonder sleutel")
    plain = plain_laptop.export(tmp_path / "s2")
    assert not plain.sealed
    with open_store(archive) as store:
        refused = merge_file(store, plain.path, key=pair)
        assert not refused.accepted
        assert "not sealed, but its event has an organiser key" in refused.reason
        assert merge_file(store, plain.path, key=pair, allow_unsealed=True).accepted
    plain_laptop.store.close()


def test_receipt_then_wipe_leaves_no_note_text(keyed_laptop: Laptop, tmp_path: Path, pair):
    result = keyed_laptop.export(tmp_path / "stick")
    with open_store(tmp_path / "archive.sqlite") as store:
        merged = merge_file(store, result.path, key=pair)
    assert merged.receipt == receipt_path(result.path)
    receipt = read_receipt(merged.receipt)
    assert (receipt.export_id, receipt.sha256) == (result.export_id, result.sha256)

    store = keyed_laptop.store
    with store.begin() as session:
        check_receipt(session, receipt)
    wipe_store(store)
    for path in store.path.parent.glob(store.path.name + "*"):
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in data, path


def test_receipt_failure_is_reported_not_fatal(keyed_laptop, tmp_path, pair, monkeypatch):
    from kiosk.core.errors import KioskError
    from kiosk.exchange import merge

    def refuse(path, receipt):
        raise KioskError(f"{path}: cannot be written (Read-only file system)")

    monkeypatch.setattr(merge, "write_receipt", refuse)
    result = keyed_laptop.export(tmp_path / "stick")
    with open_store(tmp_path / "archive.sqlite") as store:
        merged = merge_file(store, result.path, key=pair)
    assert merged.accepted and merged.receipt is None
    assert merged.line().endswith(
        "no receipt: " + f"{result.path}: cannot be written (Read-only file system)"
    )


def test_cli_merge_with_key_file(tmp_path, demo_plan, monkeypatch, capsys):
    folder = tmp_path / "keys"
    folder.mkdir()
    private, _public, text = create_key_files(folder, PASSPHRASE, n=2**10)
    laptop = make_laptop(
        tmp_path / "t.sqlite", demo_plan.model_copy(update={"organiser_key": text}), 5
    )
    laptop.add("Het belangrijkste is de ontwikkeling van de jongere")
    result = laptop.export(tmp_path / "stick")
    archive = tmp_path / "archive.sqlite"
    args = ["merge", "--archive", str(archive), "--key", str(private), str(result.path)]

    monkeypatch.setenv("KIOSK_KEY_PASSPHRASE", "verkeerd wachtwoord")
    assert main(args) == 1
    assert capsys.readouterr().err.strip() == (
        f"{private}: wrong passphrase (or the key file was changed)"
    )
    assert not archive.exists()

    assert main(["merge", "--archive", str(archive), str(result.path)]) == 1
    assert "sealed for the organiser's key" in capsys.readouterr().err

    monkeypatch.setenv("KIOSK_KEY_PASSPHRASE", PASSPHRASE)
    assert main(args) == 0
    assert "accepted (table 5 of" in capsys.readouterr().out
    assert receipt_path(result.path).exists()
    assert "Het belangrijkste is de ontwikkeling van de jongere" in merged_texts(archive)
    laptop.store.close()
