"""The wall model as Qt signals: widgets connect to these, so they stop listening when they go."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.table.wall import TableWall, WallChange


class QtTableWall(QObject):
    """Re-emits every committed change of a `TableWall` as `changed(WallChange)`."""

    changed = Signal(object)

    def __init__(self, wall: TableWall, parent: QObject | None = None):
        super().__init__(parent)
        self.wall = wall
        self._stop = wall.listen(self._emit)
        self.destroyed.connect(self._stop)

    def _emit(self, change: WallChange) -> None:
        self.changed.emit(change)

    def detach(self) -> None:
        self._stop()
