"""The host PIN: a salted scrypt hash, two free slips, then waits that double (from a clock)."""

from __future__ import annotations

import pytest

from kiosk.table.host_pin import MAX_WAIT, check_pin, is_pin, pin_record, remaining_wait, wait_after


def test_pin_is_four_digits():
    assert is_pin("0427")
    assert not any(is_pin(p) for p in ("123", "12345", "12a4", "", "١٢٣٤"))
    with pytest.raises(ValueError):
        pin_record("12")


def test_record_is_salted_and_holds_no_pin():
    a, b = pin_record("1234"), pin_record("1234")
    assert a["salt"] != b["salt"] and a["hash"] != b["hash"]
    assert "1234" not in repr(a)


def test_right_pin_passes_and_clears_failures():
    record = pin_record("2468")
    verdict, record = check_pin(record, "1111", now=100.0)
    assert not verdict.ok and verdict.failures == 1 and verdict.wait == 0
    verdict, record = check_pin(record, "2468", now=101.0)
    assert verdict.ok and record["failures"] == 0


def test_third_wrong_pin_makes_the_host_wait_and_waits_double():
    assert [wait_after(n) for n in range(1, 7)] == [0, 0, 10, 20, 40, 80]
    assert wait_after(30) == MAX_WAIT
    record = pin_record("2468")
    now = 1000.0
    for _ in range(2):
        verdict, record = check_pin(record, "0000", now)
        assert not verdict.locked
    verdict, record = check_pin(record, "0000", now)
    assert verdict.locked and verdict.wait == 10
    # While waiting even the right PIN is not heard, and it does not count as another failure.
    verdict, record = check_pin(record, "2468", now + 9)
    assert not verdict.ok and verdict.wait == pytest.approx(1) and verdict.failures == 3
    verdict, record = check_pin(record, "2468", now + 10)
    assert verdict.ok


def test_clock_set_back_never_locks_longer_than_the_longest_wait():
    record = {**pin_record("2468"), "failures": 9, "locked_until": 10_000.0}
    assert remaining_wait(record, now=0.0) == MAX_WAIT
