"""The round timer state machine, driven by a fake clock (no Qt, no sleeping)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.clock import FakeClock
from kiosk.storage.timer_state import load_timer_state, save_timer_state
from kiosk.table.timer import Phase, RoundPlan, RoundTimer, format_remaining, rounds_from_plan

ROUNDS = (RoundPlan(1, 45), RoundPlan(2, 45, "11:15"))


@pytest.fixture
def timer(clock: FakeClock) -> RoundTimer:
    return RoundTimer(ROUNDS, clock)


def test_a_new_timer_is_ready_at_round_one(timer: RoundTimer):
    assert timer.round_number == 1
    assert timer.rounds == ROUNDS
    assert not timer.started and not timer.running
    assert timer.phase() is Phase.READY
    assert timer.duration() == 45 * 60
    assert timer.elapsed() == 0
    assert timer.remaining() == 45 * 60
    assert timer.fraction_left() == 1.0


def test_start_pause_resume_count_only_running_time(timer: RoundTimer, clock: FakeClock):
    clock.advance(30)  # waiting before the start does not count
    timer.start()
    assert timer.started and timer.running
    clock.advance(60)
    assert timer.elapsed() == 60
    timer.pause()
    assert not timer.running and timer.started and timer.paused
    clock.advance(600)
    assert timer.elapsed() == 60
    timer.resume()
    clock.advance(10)
    assert timer.elapsed() == 70
    assert timer.remaining() == 45 * 60 - 70


def test_start_is_harmless_while_running_and_pause_while_paused(
    timer: RoundTimer, clock: FakeClock
):
    timer.start()
    clock.advance(5)
    timer.start()
    clock.advance(5)
    assert timer.elapsed() == 10
    timer.pause()
    timer.pause()
    assert timer.elapsed() == 10


def test_toggle_starts_pauses_and_resumes(timer: RoundTimer, clock: FakeClock):
    timer.toggle()
    assert timer.running
    clock.advance(20)
    timer.toggle()
    assert not timer.running
    clock.advance(20)
    timer.toggle()
    assert timer.running
    clock.advance(1)
    assert timer.elapsed() == 21


@pytest.mark.parametrize(
    ("left", "phase", "shown"),
    [
        (45 * 60, Phase.CALM, "45:00"),
        (5 * 60 + 1, Phase.CALM, "05:01"),
        (5 * 60, Phase.AMBER, "05:00"),
        (60 + 1, Phase.AMBER, "01:01"),
        (60, Phase.RED, "01:00"),
        (1, Phase.RED, "00:01"),
        (0, Phase.OVERRUN, "00:00"),
        (-1, Phase.OVERRUN, "+00:01"),
        (-125, Phase.OVERRUN, "+02:05"),
    ],
)
def test_phases_change_where_the_digits_do(
    timer: RoundTimer, clock: FakeClock, left: int, phase: Phase, shown: str
):
    timer.start()
    clock.advance(45 * 60 - left)
    assert timer.remaining() == left
    assert timer.phase() is phase
    assert format_remaining(timer.remaining()) == shown


def test_digits_round_a_countdown_up_and_an_overrun_down():
    assert format_remaining(299.2) == "05:00"
    assert format_remaining(0.2) == "00:01"
    assert format_remaining(-0.5) == "00:00"
    assert format_remaining(-59.9) == "+00:59"
    assert format_remaining(-3600) == "+60:00"
    assert format_remaining(100 * 60) == "100:00"


def test_overrun_keeps_counting_and_never_ends_the_round(timer: RoundTimer, clock: FakeClock):
    timer.start()
    clock.advance(45 * 60 + 3600)
    assert timer.round_number == 1
    assert timer.running
    assert timer.remaining() == -3600
    assert timer.phase() is Phase.OVERRUN
    assert timer.fraction_left() == 0.0


def test_fraction_left_shrinks_with_time(timer: RoundTimer, clock: FakeClock):
    timer.start()
    clock.advance(45 * 60 / 4)
    assert timer.fraction_left() == pytest.approx(0.75)


def test_minutes_added_and_removed_with_a_one_minute_floor(timer: RoundTimer, clock: FakeClock):
    timer.add_minutes(1)
    assert timer.duration() == 46 * 60
    timer.add_minutes(5)
    assert timer.duration() == 51 * 60
    timer.add_minutes(-1)
    assert timer.duration() == 50 * 60
    timer.add_minutes(-100)
    assert timer.duration() == 60
    timer.add_minutes(-1)
    assert timer.duration() == 60
    timer.add_minutes(1)
    assert timer.duration() == 120


def test_removing_minutes_while_running_can_bring_the_overrun(timer: RoundTimer, clock: FakeClock):
    timer.start()
    clock.advance(44 * 60)
    timer.add_minutes(-5)
    assert timer.remaining() == -4 * 60
    assert timer.phase() is Phase.OVERRUN


def test_reset_brings_the_planned_minutes_back_not_running(timer: RoundTimer, clock: FakeClock):
    timer.start()
    timer.add_minutes(5)
    clock.advance(600)
    timer.reset()
    assert not timer.started and not timer.running
    assert timer.duration() == 45 * 60 and timer.elapsed() == 0
    clock.advance(600)
    assert timer.remaining() == 45 * 60


def test_next_and_previous_round_stay_within_the_plan(timer: RoundTimer, clock: FakeClock):
    timer.previous_round()
    assert timer.round_number == 1
    timer.start()
    clock.advance(100)
    timer.next_round()
    assert timer.round_number == 2
    assert not timer.started and timer.elapsed() == 0
    timer.start()
    timer.add_minutes(3)
    timer.next_round()
    assert timer.round_number == 2 and timer.running  # nothing past the last round
    assert timer.duration() == 48 * 60
    timer.previous_round()
    assert timer.round_number == 1
    assert not timer.started and timer.duration() == 45 * 60


def test_round_minutes_come_from_the_plan(demo_plan, clock: FakeClock):
    rounds = rounds_from_plan(demo_plan)
    assert [r.number for r in rounds] == [r.number for r in demo_plan.rounds]
    timer = RoundTimer(rounds, clock)
    assert timer.duration() == demo_plan.rounds[0].minutes * 60


def test_chime_exactly_once_at_zero(timer: RoundTimer, clock: FakeClock):
    assert not timer.take_chime()
    timer.start()
    clock.advance(45 * 60 - 1)
    assert not timer.take_chime()
    clock.advance(1)
    assert timer.take_chime()
    assert not timer.take_chime()
    clock.advance(120)
    assert not timer.take_chime()


def test_no_chime_while_paused_past_zero(timer: RoundTimer, clock: FakeClock):
    timer.start()
    clock.advance(44 * 60)
    timer.pause()
    timer.add_minutes(-10)
    assert not timer.take_chime()
    timer.resume()
    assert timer.take_chime()


def test_a_restart_after_zero_does_not_chime_again(timer: RoundTimer, clock: FakeClock):
    timer.start()
    clock.advance(45 * 60 + 5)
    assert timer.take_chime()
    restored = RoundTimer(ROUNDS, clock, state=json.loads(json.dumps(timer.to_state())))
    assert not restored.take_chime()


def test_a_restart_before_zero_still_chimes(timer: RoundTimer, clock: FakeClock):
    timer.start()
    state = timer.to_state()
    clock.advance(45 * 60 + 5)
    assert RoundTimer(ROUNDS, clock, state=state).take_chime()


def test_minutes_added_after_zero_chime_again_at_the_new_zero(timer: RoundTimer, clock: FakeClock):
    timer.start()
    clock.advance(45 * 60 + 30)
    assert timer.take_chime()
    timer.add_minutes(1)
    assert not timer.take_chime()
    clock.advance(30)
    assert timer.take_chime()
    timer.add_minutes(-1)
    assert not timer.take_chime()


def test_a_restart_mid_round_resumes_with_the_right_time(timer: RoundTimer, clock: FakeClock):
    timer.start()
    clock.advance(300)
    timer.pause()
    clock.advance(50)
    timer.resume()
    timer.add_minutes(2)
    clock.advance(100)
    saved = json.loads(json.dumps(timer.to_state()))
    clock.advance(40)  # the laptop restarts
    restored = RoundTimer(ROUNDS, clock, state=saved)
    assert restored.running
    assert restored.elapsed() == 440
    assert restored.remaining() == 47 * 60 - 440
    same = {k: v for k, v in restored.to_state().items() if k != "seen_at"}
    assert same == {k: v for k, v in timer.to_state().items() if k != "seen_at"}


def test_a_paused_round_restores_paused(timer: RoundTimer, clock: FakeClock):
    timer.next_round()
    timer.start()
    clock.advance(90)
    timer.pause()
    restored = RoundTimer(ROUNDS, clock, state=timer.to_state())
    clock.advance(1000)
    assert restored.round_number == 2 and restored.paused
    assert restored.elapsed() == 90


def test_a_wall_clock_stepping_back_holds_elapsed_time(timer: RoundTimer, clock: FakeClock):
    timer.start()
    clock.advance(100)
    assert timer.elapsed() == 100
    clock.advance(-3600)
    assert timer.elapsed() == 100
    clock.advance(5)
    assert timer.elapsed() == 105


@pytest.mark.parametrize(
    "state",
    [
        {},
        {"version": 99},
        {"version": 1, "round": 7},  # the plan changed: no round 7 any more
        "not a mapping",
        [1, 2],
        {"version": 1, "round": "1"},
        {
            "version": 1,
            "round": 2,
            "extra_seconds": float("nan"),
            "banked_seconds": 0,
            "running_since": None,
            "started": True,
            "chimed": False,
        },
        {
            "version": 1,
            "round": 2,
            "extra_seconds": 0,
            "banked_seconds": -5,
            "running_since": None,
            "started": True,
            "chimed": False,
        },
        {
            "version": 1,
            "round": 2,
            "extra_seconds": 0,
            "banked_seconds": 0,
            "running_since": "yesterday",
            "started": True,
            "chimed": False,
        },
        {
            "version": 1,
            "round": 2,
            "extra_seconds": 0,
            "banked_seconds": 0,
            "running_since": 5.0,
            "started": False,
            "chimed": 0,
        },
        {
            "version": 1,
            "round": True,
            "extra_seconds": 0,
            "banked_seconds": 0,
            "running_since": None,
            "started": False,
            "chimed": False,
        },
    ],
)
def test_foreign_or_corrupt_state_falls_back_to_round_one(state, clock: FakeClock, caplog):
    timer = RoundTimer(ROUNDS, clock, state=state)
    assert timer.round_number == 1
    assert not timer.started and not timer.running
    assert timer.remaining() == 45 * 60
    assert "timer state not usable" in caplog.text


def test_restored_extra_minutes_respect_the_floor_of_a_shorter_plan(clock: FakeClock):
    long = RoundTimer((RoundPlan(1, 45),), clock)
    long.add_minutes(-40)
    short = RoundTimer((RoundPlan(1, 2),), clock, state=long.to_state())
    assert short.duration() == 60


def test_every_command_tells_the_listeners(timer: RoundTimer, clock: FakeClock):
    calls: list[str] = []
    timer.add_listener(lambda: calls.append("x"))
    commands = [
        timer.start,
        timer.pause,
        timer.resume,
        timer.toggle,
        lambda: timer.add_minutes(1),
        timer.reset,
        timer.next_round,
        timer.previous_round,
    ]
    for command in commands:
        command()
    assert len(calls) == len(commands)
    timer.elapsed(), timer.remaining(), timer.phase(), timer.fraction_left(), timer.to_state()
    assert len(calls) == len(commands)  # reading is not a command


def test_the_chime_tells_the_listeners_so_it_gets_saved(timer: RoundTimer, clock: FakeClock):
    timer.start()
    saved: list[dict] = []
    timer.add_listener(lambda: saved.append(timer.to_state()))
    clock.advance(45 * 60)
    assert timer.take_chime()
    assert saved[-1]["chimed"] is True
    assert not timer.take_chime()
    assert len(saved) == 1


def test_scheduled_start_in_local_time(timer: RoundTimer):
    assert timer.scheduled_start(date(2022, 3, 31)) is None
    timer.next_round()
    at = timer.scheduled_start(date(2022, 3, 31))
    assert at is not None and at.tzinfo is not None
    assert (at.date(), at.hour, at.minute) == (date(2022, 3, 31), 11, 15)


def test_a_timer_needs_rounds(clock: FakeClock):
    with pytest.raises(ValueError):
        RoundTimer((), clock)


def test_state_is_kept_in_the_store(table_store, clock: FakeClock):
    store, _at = table_store
    timer = RoundTimer(ROUNDS, clock)
    timer.start()
    clock.advance(42)
    with store.begin() as session:
        assert load_timer_state(session) is None
        save_timer_state(session, timer.to_state())
    timer.pause()
    with store.begin() as session:
        save_timer_state(session, timer.to_state())
    with store.begin() as session:
        restored = RoundTimer(ROUNDS, clock, state=load_timer_state(session))
    assert restored.paused and restored.elapsed() == 42


def test_a_damaged_store_row_counts_as_nothing_saved(table_store):
    from kiosk.storage.models import Setting

    store, _at = table_store
    with store.begin() as session:
        session.add(Setting(key="timer", value="garbage"))
    with store.begin() as session:
        assert load_timer_state(session) is None


# --- any sequence of commands and clock advances ---

COMMANDS = st.one_of(
    st.tuples(
        st.sampled_from(
            ["start", "pause", "resume", "toggle", "reset", "next_round", "previous_round"]
        )
    ),
    st.tuples(st.just("add_minutes"), st.integers(-50, 50)),
    st.tuples(st.just("advance"), st.floats(-120, 4000, allow_nan=False)),
    st.tuples(st.just("take_chime")),
    st.tuples(st.just("restore")),
)


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(COMMANDS, max_size=40),
    minutes=st.lists(st.integers(1, 240), min_size=1, max_size=4),
)
def test_any_sequence_keeps_the_timer_consistent(steps, minutes):
    clock = FakeClock()
    rounds = tuple(RoundPlan(i + 1, m) for i, m in enumerate(minutes))
    timer = RoundTimer(rounds, clock)
    previous = timer.elapsed()
    chimes_in_round = 0
    for name, *args in steps:
        was_running, round_before = timer.running, timer.round_number
        if name == "advance":
            clock.advance(args[0])
        elif name == "restore":
            state = json.loads(json.dumps(timer.to_state()))
            restored = RoundTimer(rounds, clock, state=state)
            assert restored.to_state() == timer.to_state()
            assert restored.elapsed() == timer.elapsed()
            timer = restored
        elif name == "take_chime":
            if timer.take_chime():
                chimes_in_round += 1
                assert timer.remaining() <= 0
        else:
            getattr(timer, name)(*args)
        fresh_round = name == "reset" or timer.round_number != round_before
        if fresh_round or name == "add_minutes":
            chimes_in_round = 0
        elapsed = timer.elapsed()
        if fresh_round:
            assert elapsed == 0 and not timer.running
        else:
            assert elapsed >= previous  # never goes back, even when the clock does
            if name == "advance" and not was_running:
                assert elapsed == previous  # paused time does not count
        assert timer.remaining() == pytest.approx(timer.duration() - elapsed)
        assert timer.duration() >= 60
        assert 0.0 <= timer.fraction_left() <= 1.0
        assert chimes_in_round <= 1
        assert timer.rounds[0].number <= timer.round_number <= timer.rounds[-1].number
        previous = elapsed
