"""One listener list for the plain-Python models (wall, timer, plan editor) that views listen to.

Listeners are called in the order they were added, each as often as it was added. `notify` calls
the listeners present when it starts, so a listener may add or remove listeners (itself too, as a
view does once its widget is gone) without upsetting the round. A listener that raises is not
hidden: the error reaches the code that made the change, and the listeners after it are not
called, so a broken view fails loudly in the tests instead of quietly missing updates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Listeners(Generic[P]):
    """Functions to call when something changes; `Listeners[[WallChange]]` passes each a change."""

    def __init__(self) -> None:
        self._calls: list[Callable[P, object]] = []

    def add(self, listener: Callable[P, object]) -> Callable[[], None]:
        """Call listener on every `notify`; returns a function that removes it again."""
        self._calls.append(listener)
        return lambda: self.remove(listener)

    def remove(self, listener: Callable[P, object]) -> None:
        """Stop calling listener (once, if it was added twice); no-op if it is not listening."""
        if listener in self._calls:
            self._calls.remove(listener)

    def notify(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for listener in tuple(self._calls):
            listener(*args, **kwargs)

    def __len__(self) -> int:
        """How many are listening (a listener added twice counts twice)."""
        return len(self._calls)
