"""The Print tab: the summary (PDF and/or Word; per theme or per table; full or short), a handout
per theme and the notes (CSV and/or spreadsheet) into a chosen folder.

The window runs the print job on its runner; this tab collects the order and shows what was made.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import _
from kiosk.organiser import console_settings
from kiosk.organiser.archive import Archive
from kiosk.organiser.printing import PrintOrder
from kiosk.ui.organiser import dialogs, look


def default_folder(event_id: str) -> Path:
    return Path(platformdirs.user_documents_dir()) / "kiosk" / event_id


class PrintTab(QWidget):
    print_requested = Signal()

    def __init__(self, archive: Archive):
        super().__init__()
        self.archive = archive
        self.event_id: str | None = None
        self.written: list[Path] = []
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        layout.addWidget(self.heading)
        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit()
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        self.language_choice = QComboBox()
        self.language_choice.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.language_choice.addItem("Nederlands", "nl")
        self.language_choice.addItem("English", "en")
        self.summary_check = QCheckBox()
        self.word_check = QCheckBox()
        self.handouts_check = QCheckBox()
        self.csv_check = QCheckBox()
        self.xlsx_check = QCheckBox()
        self.checks = (
            self.summary_check,
            self.word_check,
            self.handouts_check,
            self.csv_check,
            self.xlsx_check,
        )
        for check in (self.summary_check, self.handouts_check, self.csv_check):
            check.setChecked(True)
        # How the summary (PDF and Word alike) is divided, and how much of it.
        self.by_choice = QComboBox()
        self.by_choice.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.by_choice.addItem("", "theme")
        self.by_choice.addItem("", "table")
        self.version_choice = QComboBox()
        self.version_choice.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.version_choice.addItem("", False)
        self.version_choice.addItem("", True)
        self.by_label = QLabel()
        self.version_label = QLabel()
        self.by_label.setBuddy(self.by_choice)
        self.version_label.setBuddy(self.version_choice)
        self.folder_label = QLabel()
        self.language_label = QLabel()
        self.what_label = QLabel()
        self.folder_label.setBuddy(self.folder_edit)
        self.language_label.setBuddy(self.language_choice)
        self.what_label.setBuddy(self.summary_check)
        what = QVBoxLayout()
        for check in self.checks:
            what.addWidget(check)
        form.addRow(self.folder_label, folder_row)
        form.addRow(self.language_label, self.language_choice)
        form.addRow(self.what_label, what)
        form.addRow(self.by_label, self.by_choice)
        form.addRow(self.version_label, self.version_choice)
        layout.addLayout(form)
        self.hidden_hint = QLabel()
        self.hidden_hint.setProperty("role", "hint")
        self.hidden_hint.setWordWrap(True)
        layout.addWidget(self.hidden_hint)
        buttons = QHBoxLayout()
        self.print_button = QPushButton()
        self.print_button.setProperty("primary", True)
        self.print_button.clicked.connect(self.print_requested)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_output)
        self.open_button.hide()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.files = QListWidget()
        layout.addWidget(self.status)
        layout.addWidget(self.files, 1)
        for check in self.checks:
            check.toggled.connect(self._update_button)

    def retranslate(self) -> None:
        self.heading.setText(_("Print the results"))
        self.folder_label.setText(_("&Folder:"))
        self.folder_button.setText(_("Choose…"))
        self.folder_edit.setAccessibleName(_("Folder for the printed files"))
        self.language_label.setText(_("L&anguage of the print:"))
        self.what_label.setText(_("What:"))
        self.summary_check.setText(_("&Summary (PDF)"))
        self.word_check.setText(_("Summary to edit (&Word)"))
        self.handouts_check.setText(_("&Handouts, one per theme (PDF)"))
        self.csv_check.setText(_("Notes for the policy writers (&CSV)"))
        self.xlsx_check.setText(_("Notes as a spreadsheet (&xlsx)"))
        self.by_label.setText(_("Sections &by:"))
        self.by_choice.setItemText(0, _("per theme"))
        self.by_choice.setItemText(1, _("per table"))
        self.version_label.setText(_("Summary &version:"))
        self.version_choice.setItemText(0, _("full"))
        self.version_choice.setItemText(1, _("short: introduction, syntheses, starred remarks"))
        self.hidden_hint.setText(
            _("Notes hidden from print (Curate tab) are left out of the PDFs and the CSV.")
        )
        self.print_button.setText(_("Make the files"))
        self.open_button.setText(_("Open the folder"))
        self.files.setAccessibleName(_("Files made"))
        self._update_button()

    def set_event(self, event_id: str | None) -> None:
        self.event_id = event_id
        if event_id is not None:
            # The folder chosen before for this event, not the default again.
            language, folder = self.archive.print_defaults(event_id)
            self.folder_edit.setText(str(folder or default_folder(event_id)))
            self.language_choice.setCurrentIndex(max(0, self.language_choice.findData(language)))
        self._update_button()

    def _update_button(self, *_args: object) -> None:
        wanted = any(check.isChecked() for check in self.checks)
        self.print_button.setEnabled(self.event_id is not None and wanted)

    def _choose_folder(self) -> None:
        chosen = dialogs.folder(self, _("Folder for the printed files"))
        if chosen is not None:
            self.folder_edit.setText(str(chosen))
            if self.event_id is not None:
                self.archive.remember([self.event_id], console_settings.PRINT_FOLDER, chosen)

    def order(self) -> PrintOrder | None:
        if self.event_id is None or not self.folder_edit.text().strip():
            return None
        folder = Path(self.folder_edit.text().strip())
        self.archive.remember([self.event_id], console_settings.PRINT_FOLDER, folder)
        return PrintOrder(
            archive=self.archive.path,
            event_id=self.event_id,
            folder=folder,
            language=self.language_choice.currentData(),
            summary=self.summary_check.isChecked(),
            handouts=self.handouts_check.isChecked(),
            csv=self.csv_check.isChecked(),
            word=self.word_check.isChecked(),
            xlsx=self.xlsx_check.isChecked(),
            by=self.by_choice.currentData(),
            short=bool(self.version_choice.currentData()),
        )

    def show_written(self, written: list[Path]) -> None:
        self.written = written
        self.files.clear()
        for path in written:
            self.files.addItem(str(path))
        self.status.setProperty("role", "ok")
        look.repolish(self.status)
        self.status.setText(_("✓ {count} file(s) made.").format(count=len(written)))
        self.open_button.setVisible(bool(written))
        if written:
            self.open_button.setFocus()

    def show_stopped(self, message: str) -> None:
        self.status.setProperty("role", "problem")
        look.repolish(self.status)
        self.status.setText(message)

    def open_output(self) -> None:
        order = self.order()
        if order is not None:
            dialogs.open_path(order.folder)
