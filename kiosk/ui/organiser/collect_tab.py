"""The Collect tab: merge every export on a stick or in a folder, see per file what happened,
and see per table, round and theme what the archive holds, with missing tables marked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import _
from kiosk.exchange.merge import MergeResult
from kiosk.organiser.archive import Archive
from kiosk.organiser.collect import EventTotals
from kiosk.ui.organiser import look


def item(text: object, align_right: bool = False) -> QTableWidgetItem:
    cell = QTableWidgetItem("" if text is None else str(text))
    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return cell


def table_widget(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    return table


def reason_without_path(result: MergeResult) -> str:
    """The refusal's reason; the file is already named in its own column."""
    reason = result.reason.removeprefix(f"{result.path}: ")
    # The reason comes in the current language; its "refused: " is said by the row itself.
    return reason.removeprefix(_("refused: {reason}").format(reason=""))


class CollectTab(QWidget):
    """Choose a stick or folder (the window runs the merge); show results and totals."""

    collect_requested = Signal()
    key_requested = Signal()

    def __init__(self, archive: Archive):
        super().__init__()
        self.archive = archive
        self.event_id: str | None = None
        self.results: list[MergeResult] = []
        self.key_name: str | None = None
        self.totals: EventTotals | None = None
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.collect_button = QPushButton()
        self.collect_button.setProperty("primary", True)
        self.collect_button.clicked.connect(self.collect_requested)
        self.intro = QLabel()
        self.intro.setProperty("role", "hint")
        self.intro.setWordWrap(True)
        self.key_button = QPushButton()
        self.key_button.clicked.connect(self.key_requested)
        top.addWidget(self.collect_button)
        top.addWidget(self.intro, 1)
        top.addWidget(self.key_button)
        layout.addLayout(top)
        # Off by default, every console session: a keyed event takes sealed exports only.
        self.allow_unsealed_box = QCheckBox()
        layout.addWidget(self.allow_unsealed_box, 0, Qt.AlignmentFlag.AlignRight)
        # Off by default too: a table's export signed by a laptop the archive does not know yet
        # is refused unless the organiser accepts that laptop (kiosk merge --accept-laptop).
        self.accept_laptop_box = QCheckBox()
        layout.addWidget(self.accept_laptop_box, 0, Qt.AlignmentFlag.AlignRight)

        self.results_heading = QLabel()
        self.results_heading.setProperty("role", "heading")
        self.results_table = table_widget(6)
        header = self.results_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        # A refusal's reason is read whole, wrapped over as many lines as it needs.
        self.results_table.setWordWrap(True)
        self.results_table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.sectionResized.connect(lambda *_args: self._fit_results())
        layout.addWidget(self.results_heading)
        layout.addWidget(self.results_table, 30)

        self.totals_heading = QLabel()
        self.totals_heading.setProperty("role", "heading")
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.totals_table = table_widget(0)
        self.themes_label = QLabel()
        self.themes_label.setWordWrap(True)
        self.themes_label.setProperty("role", "hint")
        layout.addWidget(self.totals_heading)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.totals_table, 30)
        layout.addWidget(self.themes_label)
        # Takes the room while the tables are hidden (nothing merged yet), next to none after.
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.collect_button.setText(_("Collect from a stick or folder…"))
        self.intro.setText(
            _("Every export found is merged; merging a stick twice changes nothing.")
        )
        self.show_key(self.key_name)
        self.allow_unsealed_box.setText(_("Also accept unsealed exports"))
        self.allow_unsealed_box.setToolTip(
            _(
                "An event with an organiser key normally refuses unsealed export files: they "
                "may not come from its tables. Tick this only for files whose origin you know."
            )
        )
        self.accept_laptop_box.setText(_("Accept a new laptop for a table"))
        self.accept_laptop_box.setToolTip(
            _(
                "A table's exports are signed by its laptop. An export signed by another laptop "
                "is refused unless you tick this: only when that laptop really served the table."
            )
        )
        self.results_heading.setText(_("Files merged"))
        self.totals_heading.setText(_("In the archive"))
        self.results_table.setAccessibleName(_("Files merged"))
        self.totals_table.setAccessibleName(_("Notes per table and round"))
        self.results_table.setHorizontalHeaderLabels(
            [_("File"), _("Table"), _("New"), _("Updated"), _("Unchanged"), _("Result")]
        )
        self.show_results(self.results)
        self.refresh()

    def show_key(self, name: str | None) -> None:
        """Which key file opens sealed exports (the passphrase is asked once per console)."""
        self.key_name = name
        if name is None:
            self.key_button.setText(_("Key for sealed exports…"))
        else:
            self.key_button.setText(_("Key: {name}").format(name=name))
        self.key_button.setAccessibleName(self.key_button.text())

    # -- results ------------------------------------------------------------------------------

    def show_results(self, results: list[MergeResult]) -> None:
        # Refused files first: they are what the organiser has to act on.
        results = sorted(results, key=lambda r: r.accepted)
        self.results = results
        table = self.results_table
        table.setRowCount(len(results))
        refused_brush = QBrush(QColor("#F9DEDC"))
        for row, result in enumerate(results):
            cells = [item(result.path.name)]
            if result.accepted:
                outcome = _("already merged") if result.already else _("accepted")
                if result.receipt_problem:
                    outcome += " · " + _("no receipt: {problem}").format(
                        problem=result.receipt_problem
                    )
                cells += [
                    item(result.table_number, True),
                    item(result.new, True),
                    item(result.updated, True),
                    item(result.unchanged, True),
                    item("✓ " + outcome),
                ]
            else:
                reason = _("refused: {reason}").format(reason=reason_without_path(result))
                cells += [item(""), item(""), item(""), item(""), item("✗ " + reason)]
            cells[0].setToolTip(str(result.path))
            cells[-1].setToolTip(result.reason or cells[-1].text())
            for column, cell in enumerate(cells):
                if not result.accepted:
                    cell.setBackground(refused_brush)
                table.setItem(row, column, cell)
        self.results_heading.setVisible(bool(results))
        self.results_table.setVisible(bool(results))
        self._fit_results()

    def _fit_results(self) -> None:
        """Rows as tall as their wrapped reasons; the table no taller than its rows, so the
        room left goes to the totals below."""
        table = self.results_table
        table.resizeRowsToContents()
        frame = 2 * table.frameWidth() + table.horizontalHeader().sizeHint().height()
        table.setMaximumHeight(frame + table.verticalHeader().length() + 2)

    # -- totals -------------------------------------------------------------------------------

    def set_event(self, event_id: str | None) -> None:
        self.event_id = event_id
        self.refresh()

    def refresh(self) -> None:
        if self.event_id is None:
            self.totals = None
        else:
            self.totals = self.archive.totals(self.event_id)
        self._show_totals()

    def _show_totals(self) -> None:
        totals = self.totals
        table = self.totals_table
        if totals is None:
            table.setRowCount(0)
            table.setColumnCount(0)
            self.missing_label.setProperty("role", "hint")
            self.missing_label.setText(
                _(
                    "No events in the archive yet. Put a stick with the tables' exports in this "
                    "computer and choose it above; the totals per table appear here."
                )
            )
            look.repolish(self.missing_label)
            self.themes_label.clear()
            table.hide()
            return
        table.show()
        rounds = totals.rounds
        headers = [_("Table"), _("Theme")]
        headers += [_("Round {number}").format(number=r) for r in rounds]
        headers += [_("Notes"), _("Exports")]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(totals.tables) + 1)
        missing_brush = QBrush(QColor(look.MISSING))
        for row, found in enumerate(totals.tables):
            exports = str(found.exports) if not found.missing else _("missing")
            cells = [item(found.number, True), item(found.theme_title)]
            cells += [item(found.by_round.get(r, 0), True) for r in rounds]
            cells += [item(found.total, True), item(exports, True)]
            for column, cell in enumerate(cells):
                if found.missing:
                    cell.setBackground(missing_brush)
                    cell.setToolTip(_("No export of this table has been merged yet."))
                table.setItem(row, column, cell)
        last = len(totals.tables)
        per_round = totals.by_round()
        cells = [item(_("Total")), item("")]
        cells += [item(per_round[r], True) for r in rounds]
        cells += [item(totals.notes, True), item("")]
        for column, cell in enumerate(cells):
            font = cell.font()
            font.setBold(True)
            cell.setFont(font)
            table.setItem(last, column, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if totals.missing:
            tables = ", ".join(str(n) for n in totals.missing)
            self.missing_label.setProperty("role", "problem")
            self.missing_label.setText(_("⚠ Still missing: table {tables}").format(tables=tables))
        else:
            self.missing_label.setProperty("role", "ok")
            self.missing_label.setText(_("✓ Every table of the plan has handed in."))
        look.repolish(self.missing_label)
        lines = []
        for theme in totals.by_theme():
            tables = ", ".join(str(n) for n in theme.tables)
            text = (
                _("{theme}: {notes} notes (tables {tables})")
                if len(theme.tables) > 1
                else _("{theme}: {notes} notes (table {tables})")
            )
            lines.append(text.format(theme=theme.title, notes=theme.notes, tables=tables))
        self.themes_label.setText("   ·   ".join(lines))
