"""Where sticky notes and groups go on a wall: free cells, group frames, tidying up, type sizes.

Plain geometry in scene units (a note is NOTE_WIDTH x NOTE_HEIGHT); the UI only draws it. The
rules: a group's frame holds exactly its notes in a grid below its label band; new notes take
the first free cell that touches no note and no group; the wall grows towards the shape of the
screen, so that zoomed to fit its notes are as large as they can be.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

NOTE_WIDTH = 240.0
NOTE_HEIGHT = 170.0
GAP = 24.0
COLUMNS = 6
PITCH_X = NOTE_WIDTH + GAP
PITCH_Y = NOTE_HEIGHT + GAP

# A group: a band for its label on top, its notes in a grid below, a thin margin around them.
# Its notes sit on the grid's columns; the frame reaches a third of a gap out on either side.
CLUSTER_LABEL_HEIGHT = 72.0
CLUSTER_PAD = GAP / 3  # neighbouring frames keep a third of a gap between them
CLUSTER_MAX_COLUMNS = 4
DEFAULT_ASPECT = 910 / 560  # the wall of a 1366x768 laptop, until the screen says otherwise

Rect = tuple[float, float, float, float]  # left, top, right, bottom


def note_rect(x: float, y: float) -> Rect:
    return x, y, x + NOTE_WIDTH, y + NOTE_HEIGHT


def overlaps(a: Rect, b: Rect) -> bool:
    """Whether two rectangles share more than an edge."""
    eps = 1e-6
    return a[0] < b[2] - eps and b[0] < a[2] - eps and a[1] < b[3] - eps and b[1] < a[3] - eps


def contains(outer: Rect, x: float, y: float) -> bool:
    return outer[0] <= x <= outer[2] and outer[1] <= y <= outer[3]


# -- groups -------------------------------------------------------------------------------------


def group_shape(count: int) -> tuple[int, int]:
    """Columns and rows of a group of `count` notes: about square, at most 4 wide; an empty
    group keeps room for two."""
    if count <= 0:
        return 2, 1
    columns = min(CLUSTER_MAX_COLUMNS, math.ceil(math.sqrt(count)))
    return columns, math.ceil(count / columns)


def group_size(count: int) -> tuple[float, float]:
    columns, rows = group_shape(count)
    width = 2 * CLUSTER_PAD + columns * NOTE_WIDTH + (columns - 1) * GAP
    height = CLUSTER_LABEL_HEIGHT + rows * NOTE_HEIGHT + (rows - 1) * GAP + CLUSTER_PAD
    return width, height


def member_spots(x: float, y: float, count: int) -> list[tuple[float, float]]:
    """Where a group at (x, y) puts its notes: a grid below its label, in reading order."""
    columns, _rows = group_shape(count)
    return [
        (
            x + CLUSTER_PAD + (i % columns) * PITCH_X,
            y + CLUSTER_LABEL_HEIGHT + (i // columns) * PITCH_Y,
        )
        for i in range(count)
    ]


def reading_order(points: Iterable[tuple[str, float, float]]) -> list[str]:
    """Ids of (id, x, y) by row, then column (rows a note's half-height apart)."""
    return [
        p[0] for p in sorted(points, key=lambda p: (round(p[2] / (NOTE_HEIGHT / 2)), p[1], p[0]))
    ]


# -- free cells ---------------------------------------------------------------------------------


def columns_for(cells: int, aspect: float = DEFAULT_ASPECT) -> int:
    """How many columns make `cells` note cells largest when zoomed to fit a screen area of
    this width/height ratio."""
    cells = max(1, cells)
    # The best is near the square root of the cells times the shape of screen and cell; the
    # columns around it are enough to find it.
    guess = round(math.sqrt(cells * aspect * PITCH_Y / PITCH_X))
    best, best_scale = 1, 0.0
    for columns in range(max(1, guess - 2), min(cells, guess + 2) + 1):
        rows = math.ceil(cells / columns)
        scale = min(aspect / (columns * PITCH_X - GAP), 1 / (rows * PITCH_Y - GAP))
        if scale > best_scale + 1e-12:
            best, best_scale = columns, scale
    return best


class WallLayout:
    """Tracks which grid cells notes and group frames cover and hands out free ones, row by row."""

    def __init__(
        self,
        positions: Iterable[tuple[float, float]] = (),
        columns: int = COLUMNS,
        rects: Iterable[Rect] = (),
    ):
        self._columns = columns
        self._taken: set[tuple[int, int]] = set()
        self._next = 0
        for x, y in positions:
            self.mark(x, y)
        for rect in rects:
            self.mark_rect(rect)

    @property
    def columns(self) -> int:
        return self._columns

    @columns.setter
    def columns(self, columns: int) -> None:
        if columns != self._columns:
            self._columns, self._next = columns, 0

    @staticmethod
    def _cells(rect: Rect) -> Iterable[tuple[int, int]]:
        """Grid cells whose note spot a rectangle overlaps (a dragged note may straddle four)."""
        left, top, right, bottom = rect
        first_col, first_row = math.floor(left / PITCH_X), math.floor(top / PITCH_Y)
        last_col = math.floor((right - 1e-6) / PITCH_X)
        last_row = math.floor((bottom - 1e-6) / PITCH_Y)
        for row in range(first_row, last_row + 1):
            for col in range(first_col, last_col + 1):
                if overlaps(rect, note_rect(col * PITCH_X, row * PITCH_Y)):
                    yield col, row

    def mark(self, x: float, y: float) -> None:
        self._taken.update(self._cells(note_rect(x, y)))

    def mark_rect(self, rect: Rect) -> None:
        self._taken.update(self._cells(rect))

    def is_free(self, x: float, y: float) -> bool:
        """Whether a note at (x, y) would overlap nothing marked."""
        return self._taken.isdisjoint(self._cells(note_rect(x, y)))

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
        return cell[0] * PITCH_X, cell[1] * PITCH_Y

    def place_block(self, width: float, height: float) -> tuple[float, float]:
        """Where a group's frame goes: its notes on the first grid cells in reading order where
        the frame covers only free cells (within the columns if it fits them); marks them."""
        span = max(1, round((width - 2 * CLUSTER_PAD + GAP) / PITCH_X))
        index = 0
        while True:
            col, row = index % max(self.columns, span), index // max(self.columns, span)
            if col + span <= max(self.columns, span):
                x, y = col * PITCH_X - CLUSTER_PAD, row * PITCH_Y
                cells = set(self._cells((x, y, x + width, y + height)))
                if self._taken.isdisjoint(cells):
                    self._taken.update(cells)
                    return x, y
            index += 1


# -- tidying up ---------------------------------------------------------------------------------


class GroupPlan(NamedTuple):
    id: str
    x: float
    y: float
    width: float
    height: float
    members: tuple[str, ...]  # in the order of member_spots


class TidyPlan(NamedTuple):
    """A whole wall laid out again: each note's spot and each group's frame."""

    notes: dict[str, tuple[float, float]]
    groups: dict[str, GroupPlan]


def tidy(
    groups: Sequence[tuple[str, Sequence[str]]],
    free: Sequence[str],
    aspect: float = DEFAULT_ASPECT,
) -> TidyPlan:
    """Lay out groups (id, member ids in order), then free notes (ids in order), in columns of
    the note grid: each goes where its columns are least filled ("masonry"), so groups and
    notes pack without holes. Tries every number of columns and keeps the one that makes the
    wall largest on a screen of this shape."""
    blocks = [(group_shape(len(m))[0], group_size(len(m))[1]) for _g, m in groups]
    blocks += [(1, NOTE_HEIGHT)] * len(free)
    if not blocks:
        return TidyPlan({}, {})
    widest = max(span for span, _h in blocks)
    # The best width is near the square root of the area times the screen's shape; the
    # columns around it are tried (masonry packs well, so the area is a close guess).
    area = sum(span * PITCH_X * (height + GAP) for span, height in blocks)
    guess = round(math.sqrt(aspect * area) / PITCH_X)
    most = sum(span for span, _h in blocks)
    first = max(widest, min(most, guess - 3))
    best: tuple[float, list[tuple[int, float]]] | None = None
    for columns in range(first, max(first, min(most, guess + 3)) + 1):
        spots, width, height = _masonry(blocks, columns)
        scale = min(aspect / width, 1 / height)
        if best is None or scale > best[0] + 1e-12:
            best = (scale, spots)
    assert best is not None
    spots = best[1]
    notes: dict[str, tuple[float, float]] = {}
    plans: dict[str, GroupPlan] = {}
    for (group_id, members), (column, y) in zip(groups, spots, strict=False):
        x = column * PITCH_X - CLUSTER_PAD
        width, height = group_size(len(members))
        plans[group_id] = GroupPlan(group_id, x, y, width, height, tuple(members))
        notes.update(zip(members, member_spots(x, y, len(members)), strict=True))
    for note_id, (column, y) in zip(free, spots[len(groups) :], strict=True):
        notes[note_id] = (column * PITCH_X, y)
    return TidyPlan(notes, plans)


def _masonry(
    blocks: Sequence[tuple[int, float]], columns: int
) -> tuple[list[tuple[int, float]], float, float]:
    """Blocks (columns spanned, height) in order, each at the leftmost place where the columns
    it spans are least filled. Returns (column, y) per block, and the width and height used."""
    tops = [0.0] * columns
    spots: list[tuple[int, float]] = []
    used = 0
    for span, height in blocks:
        if span == 1:  # a note: the least filled column
            y = min(tops)
            start = tops.index(y)
        else:
            start = min(range(columns - span + 1), key=lambda c: (max(tops[c : c + span]), c))
            y = max(tops[start : start + span])
        spots.append((start, y))
        for c in range(start, start + span):
            tops[c] = y + height + GAP
        used = max(used, start + span)
    return spots, used * PITCH_X - GAP, max(tops) - GAP


# -- type sizes ---------------------------------------------------------------------------------

TEXT_PX = 20.0  # smallest note text on screen, when the wall leaves room for it
TEXT_MIN_SCENE, TEXT_MAX_SCENE = 18, 48  # a note keeps two lines at least
ROLE_PX = 15.0
ROLE_MIN_SCENE, ROLE_MAX_SCENE = 22, 38
LADDER = (2.6, 2.2, 1.8, 1.5, 1.25, 1.0)  # note text sizes tried, largest first


class TypeSizes(NamedTuple):
    """Scene pixel sizes for note text (largest first) and for the role line."""

    text: tuple[int, ...]
    role: int


def type_sizes(scale: float) -> TypeSizes:
    """The sizes that keep note text and role readable at this zoom (screen px per scene px),
    in steps of 2 so that a wall growing by a note seldom changes them."""
    scale = max(scale, 1e-3)
    smallest = _even_up(min(TEXT_MAX_SCENE, max(TEXT_MIN_SCENE, TEXT_PX / scale)))
    role = _even_up(min(ROLE_MAX_SCENE, max(ROLE_MIN_SCENE, ROLE_PX / scale)))
    largest = 56  # a short note still fits a line or two
    sizes = sorted({min(largest, max(smallest, round(smallest * f))) for f in LADDER}, reverse=True)
    return TypeSizes(tuple(sizes), role)


def _even_up(value: float) -> int:
    return 2 * math.ceil(value / 2 - 1e-9)
