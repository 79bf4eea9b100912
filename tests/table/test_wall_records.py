"""Free spots for new notes: nothing overlaps unless the host drags it there."""

from hypothesis import given
from hypothesis import strategies as st

from kiosk.table.layout import GAP, NOTE_HEIGHT, NOTE_WIDTH, WallLayout


def overlaps(a, b) -> bool:
    return abs(a[0] - b[0]) < NOTE_WIDTH and abs(a[1] - b[1]) < NOTE_HEIGHT


def test_fills_rows_in_reading_order():
    layout = WallLayout(columns=3)
    spots = [layout.place() for _ in range(4)]
    pitch_x, pitch_y = NOTE_WIDTH + GAP, NOTE_HEIGHT + GAP
    assert spots == [(0, 0), (pitch_x, 0), (2 * pitch_x, 0), (0, pitch_y)]


@given(
    st.lists(st.tuples(st.floats(-500, 3000), st.floats(-500, 3000)), max_size=30),
    st.integers(1, 40),
)
def test_new_notes_never_overlap_existing_ones(dragged, count):
    layout = WallLayout(dragged)
    placed = [layout.place() for _ in range(count)]
    for i, spot in enumerate(placed):
        assert not any(overlaps(spot, other) for other in dragged)
        assert not any(overlaps(spot, other) for other in placed[i + 1 :])
