"""The one listener list: order, removal (also during a round), and errors that are not hidden."""

from __future__ import annotations

import pytest

from kiosk.core.events import Listeners


def test_listeners_hear_each_change_in_the_order_they_were_added():
    heard: list[str] = []
    listeners: Listeners[[int]] = Listeners()
    listeners.add(lambda n: heard.append(f"a{n}"))
    listeners.add(lambda n: heard.append(f"b{n}"))
    listeners.notify(1)
    listeners.notify(2)
    assert heard == ["a1", "b1", "a2", "b2"]


def test_the_function_add_returns_stops_the_listener_and_may_be_called_twice():
    heard: list[str] = []
    listeners: Listeners[[]] = Listeners()
    stop = listeners.add(lambda: heard.append("x"))
    listeners.notify()
    stop()
    stop()
    listeners.notify()
    assert heard == ["x"]


def test_a_listener_added_twice_is_called_twice_and_removed_once_at_a_time():
    heard: list[str] = []

    def listener() -> None:
        heard.append("x")

    listeners: Listeners[[]] = Listeners()
    listeners.add(listener)
    listeners.add(listener)
    assert len(listeners) == 2
    listeners.notify()
    listeners.remove(listener)
    listeners.notify()
    listeners.remove(listener)
    listeners.remove(listener)  # not listening any more: nothing to do
    listeners.notify()
    assert heard == ["x", "x", "x"]
    assert len(listeners) == 0


def test_a_bound_method_is_removed_by_an_equal_bound_method():
    class View:
        def __init__(self) -> None:
            self.seen = 0

        def changed(self) -> None:
            self.seen += 1

    view = View()
    listeners: Listeners[[]] = Listeners()
    listeners.add(view.changed)
    listeners.remove(view.changed)  # a new bound-method object, equal to the one added
    listeners.notify()
    assert view.seen == 0


def test_a_listener_may_remove_itself_while_being_called_without_skipping_the_next():
    heard: list[str] = []
    listeners: Listeners[[]] = Listeners()

    def once() -> None:
        heard.append("once")
        listeners.remove(once)

    listeners.add(once)
    listeners.add(lambda: heard.append("always"))
    listeners.notify()
    listeners.notify()
    assert heard == ["once", "always", "always"]


def test_a_listener_added_during_a_round_hears_only_the_next_change():
    heard: list[str] = []
    listeners: Listeners[[]] = Listeners()

    def adder() -> None:
        listeners.remove(adder)
        listeners.add(lambda: heard.append("late"))

    listeners.add(adder)
    listeners.add(lambda: heard.append("early"))
    listeners.notify()
    assert heard == ["early"]
    listeners.notify()
    assert heard == ["early", "early", "late"]


def test_a_listener_that_raises_reaches_the_caller_and_the_rest_are_not_called():
    heard: list[str] = []
    listeners: Listeners[[]] = Listeners()

    def broken() -> None:
        raise RuntimeError("view broke")

    listeners.add(broken)
    listeners.add(lambda: heard.append("after"))
    with pytest.raises(RuntimeError, match="view broke"):
        listeners.notify()
    assert heard == []


def test_keyword_arguments_reach_the_listeners():
    heard: list[tuple[str, int]] = []
    listeners: Listeners[[str, int]] = Listeners()
    listeners.add(lambda what, count: heard.append((what, count)))
    listeners.notify("notes", count=3)
    assert heard == [("notes", 3)]
