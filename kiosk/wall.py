"""Where new sticky notes go on a wall: the first free cell, so nothing overlaps unless dragged."""

from __future__ import annotations

import math
from collections.abc import Iterable

NOTE_WIDTH = 240.0
NOTE_HEIGHT = 170.0
GAP = 24.0
COLUMNS = 6


class WallLayout:
    """Tracks which grid cells are covered by notes and hands out free spots, row by row."""

    def __init__(self, positions: Iterable[tuple[float, float]] = (), columns: int = COLUMNS):
        self.columns = columns
        self._taken: set[tuple[int, int]] = set()
        self._next = 0
        for x, y in positions:
            self.mark(x, y)

    @staticmethod
    def _cells(x: float, y: float) -> Iterable[tuple[int, int]]:
        """Grid cells a note at (x, y) overlaps (a dragged note may straddle up to four)."""
        pitch_x, pitch_y = NOTE_WIDTH + GAP, NOTE_HEIGHT + GAP
        first_col, first_row = math.floor(x / pitch_x), math.floor(y / pitch_y)
        last_col = math.floor((x + NOTE_WIDTH - 1e-6) / pitch_x)
        last_row = math.floor((y + NOTE_HEIGHT - 1e-6) / pitch_y)
        for row in range(first_row, last_row + 1):
            for col in range(first_col, last_col + 1):
                yield col, row

    def mark(self, x: float, y: float) -> None:
        self._taken.update(self._cells(x, y))

    def is_free(self, x: float, y: float) -> bool:
        """Whether a note at (x, y) would overlap nothing marked."""
        return self._taken.isdisjoint(self._cells(x, y))

    def unmark(self, x: float, y: float, others: Iterable[tuple[float, float]] = ()) -> None:
        """Free a note's cells, keeping those still covered by the other notes given."""
        self._taken.difference_update(self._cells(x, y))
        for ox, oy in others:
            self.mark(ox, oy)
        self._next = 0

    def place(self) -> tuple[float, float]:
        """The first free cell in reading order; marks it taken."""
        index = self._next
        while True:
            cell = (index % self.columns, index // self.columns)
            if cell not in self._taken:
                break
            index += 1
        self._next = index + 1
        self._taken.add(cell)
        return cell[0] * (NOTE_WIDTH + GAP), cell[1] * (NOTE_HEIGHT + GAP)
