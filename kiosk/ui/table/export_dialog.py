"""The host's "Export to USB" dialog: pick a stick, write the export off the UI thread, confirm.

The kiosk's host menu opens it with the table's wall (`TableWall.export` writes the file). It
lists removable drives (named by Qt's `QStorageInfo` where it knows a volume label), falls back
to a folder picker, and runs the drive scan and the export on its `Runner`
(`kiosk.ui.common.runner`), one after the other, so the UI never waits on the disk; the bytes
written come back as the runner's progress. On success it shows the file name, the note count
and "safe to remove"; a full, read-only or pulled-out stick gives one clear sentence, leaves the
laptop's store untouched, and the host can try again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStorageInfo, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from kiosk.core.drives import Drive, removable_drives
from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.core.sticks import MediaError, Reason
from kiosk.ui.common.runner import Runner
from kiosk.ui.table.dialogs import fit

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QWidget

    from kiosk.core.jobs import Progress
    from kiosk.exchange.export import ExportResult
    from kiosk.table.wall import TableWall

log = logging.getLogger(__name__)

PATH_ROLE = Qt.ItemDataRole.UserRole


def failure_sentence(error: BaseException) -> str:
    """One sentence for the host, in the UI's language, saying what went wrong and what to do."""
    if isinstance(error, MediaError):
        return {
            Reason.FULL: _(
                "The USB stick is full. Make room on it or use another stick, then try again."
            ),
            Reason.READ_ONLY: _(
                "The USB stick cannot be written to (it is read-only). Use another stick, "
                "then try again."
            ),
            Reason.GONE: _(
                "The USB stick was removed before the export was finished. Put it back and "
                "try again."
            ),
            Reason.MISMATCH: _(
                "The file on the USB stick differs from what was written; the stick may be "
                "faulty. Try another stick."
            ),
            Reason.OTHER: _("The export could not be written. Try again or use another stick."),
        }[error.reason]
    if isinstance(error, KioskError):
        return _("The export could not be made: {detail}").format(detail=error)
    return _("The export could not be made because of an unexpected error; see the log.")


def volume_names() -> dict[str, str]:
    """Qt's display names (volume labels) of mounted volumes, by root path."""
    names = {}
    for volume in QStorageInfo.mountedVolumes():
        if volume.isValid() and volume.isReady():
            names[str(Path(volume.rootPath()))] = volume.displayName()
    return names


class ExportDialog(QDialog):
    """Export this table to a USB stick. `exported(ExportResult)` is emitted on success."""

    exported = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        wall: TableWall,
        find_drives: Callable[[], list[Drive]] = removable_drives,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.wall = wall
        self.find_drives = find_drives
        self.busy = False  # writing the export
        # One runner: a drive scan and the export never run at the same time.
        self.runner = Runner(self, explain=failure_sentence)
        self.setWindowTitle(_("Export to USB"))
        self._build()
        self._connect_signals()
        self.refresh()
        fit(self, 560)

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(_("Choose the USB stick:"))
        self.drives = QListWidget()
        self.drives.setMinimumHeight(140)
        self.empty = QLabel(_("No USB stick found. Insert one, or choose a folder."))
        self.empty.setWordWrap(True)
        self.look_again = QPushButton(_("Look again"))
        self.other_folder = QPushButton(_("Other folder…"))
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.safe = QLabel(_("Safe to remove"))
        self.safe.setStyleSheet("color: #1B7F3B; font-weight: bold;")
        self.safe.setVisible(False)
        self.export_button = QPushButton(_("Export"))
        self.export_button.setDefault(True)
        self.close_button = QPushButton(_("Close"))

        for widget in (self.heading, self.empty, self.status, self.safe):
            font = widget.font()
            # The kiosk sets its fonts in pixels (pointSizeF() is then -1), a bare Qt in points.
            if font.pixelSize() > 0:
                font.setPixelSize(round(font.pixelSize() * 1.25))
            else:
                font.setPointSizeF(font.pointSizeF() * 1.25)
            widget.setFont(font)

        pickers = QHBoxLayout()
        pickers.addWidget(self.look_again)
        pickers.addWidget(self.other_folder)
        pickers.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.drives)
        layout.addWidget(self.empty)
        layout.addLayout(pickers)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.safe)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.look_again.clicked.connect(self.refresh)
        self.other_folder.clicked.connect(self._choose_folder)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)
        self.drives.itemSelectionChanged.connect(self._update_buttons)
        self.runner.progressed.connect(self._show_progress)
        self.runner.idle.connect(self._update_buttons)

    # -- drives ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Look for removable drives on the worker (a dying stick can make this slow)."""
        self.runner.run(
            lambda control: self._scan(), success=self._show_drives, failure=self.status.setText
        )
        self._update_buttons()

    def _scan(self) -> list[Drive]:
        try:
            return self.find_drives()
        except OSError:
            log.exception("listing removable drives failed")
            return []

    def _show_drives(self, drives: list[Drive]) -> None:
        names = volume_names()
        chosen = self.target()
        self.drives.clear()
        for drive in drives:
            label = names.get(str(drive.path)) or drive.label
            free = _("{free} GB free").format(free=f"{drive.free_bytes / 1e9:.1f}")
            self.add_target(drive.path, f"{label}  ({free})")
        if chosen is not None:
            self._select(chosen)
        if self.drives.currentRow() < 0 and self.drives.count():
            self.drives.setCurrentRow(0)
        self.empty.setVisible(self.drives.count() == 0)
        self._update_buttons()

    def add_target(self, path: Path, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(PATH_ROLE, str(path))
        item.setToolTip(str(path))
        self.drives.addItem(item)

    def _select(self, path: Path) -> None:
        for row in range(self.drives.count()):
            if self.drives.item(row).data(PATH_ROLE) == str(path):
                self.drives.setCurrentRow(row)

    @staticmethod
    def ask_folder(parent: QWidget) -> Path | None:
        """The folder picker; tests patch this instead of clicking a real file dialog."""
        chosen = QFileDialog.getExistingDirectory(parent, _("Choose a folder for the export"))
        return Path(chosen) if chosen else None

    def _choose_folder(self) -> None:
        folder = self.ask_folder(self)
        if folder is None:
            return
        self.add_target(folder, str(folder))
        self._select(folder)
        self.empty.setVisible(False)

    def target(self) -> Path | None:
        item = self.drives.currentItem()
        return Path(item.data(PATH_ROLE)) if item is not None else None

    # -- export ---------------------------------------------------------------------------------

    def start_export(self) -> None:
        folder = self.target()
        if folder is None or not self.runner.run(
            lambda control: self.wall.export(folder, control),
            success=self._show_done,
            failure=self._show_failure,
        ):
            return
        self.busy = True
        self._update_buttons()
        self.progress.setRange(0, 0)  # busy until the first bytes are written
        self.progress.setVisible(True)
        self.status.setText(_("Writing the export…"))
        self.safe.setVisible(False)

    def _show_progress(self, progress: Progress) -> None:
        if self.busy:
            self.progress.setRange(0, 1000)
            done, total = progress.done, progress.total
            self.progress.setValue(round(1000 * done / total) if total else 1000)

    def _show_done(self, result: ExportResult) -> None:
        self.busy = False
        self.progress.setRange(0, 1000)
        self.progress.setValue(1000)
        self.status.setText(
            "\n".join(
                (
                    _("Written: {name}").format(name=result.path.name),
                    _("Notes: {count}").format(count=result.note_count),
                )
            )
        )
        self.safe.setVisible(True)
        self._update_buttons()
        self.exported.emit(result)

    def _show_failure(self, sentence: str) -> None:
        self.busy = False
        self.progress.setVisible(False)
        self.status.setText(sentence)
        self._update_buttons()
        self.failed.emit(sentence)

    def _update_buttons(self) -> None:
        # While a scan runs the list is about to change: export once it is shown.
        self.export_button.setEnabled(not self.runner.busy and self.target() is not None)
        self.look_again.setEnabled(not self.runner.busy)
        self.close_button.setEnabled(not self.busy)
        self.other_folder.setEnabled(not self.busy)
        self.drives.setEnabled(not self.busy)

    # -- closing --------------------------------------------------------------------------------

    def reject(self) -> None:
        if not self.busy:  # an export in flight finishes first; Esc waits for it too
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)
