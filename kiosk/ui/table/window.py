"""The table kiosk window: theme and questions, the wall, the entry bar, the timer, the host menu.

It is locked: closing the window, Alt+F4, Ctrl+Q, Ctrl+W and Esc do not end it; only the host
menu's Exit does, after the host PIN. All signals are wired in `_connect_signals`; the widgets
take the wall model and listen to it, and never reach into each other.

Typing is never lost (issue 13): a printable key goes to the entry bar unless the host moved to
the wall (F8, Tab) or the timer (F9, Tab) with the keyboard; then that part shows a frame and its
single-key shortcuts work. A click on a note, a button or the role list does not move the keys.

Launch time counts (issue 3), so what the first frame does not show (keyboard shortcuts, the host
menu's contents, the participant counters, the entry's clear button) is built by `finish`, right
after that frame has been painted; a full wall's first frame is one sketch of its notes, which
become items of their own then too (`WallView`, `sketch_first`).

The window is never larger than the screen (issue 12): its sizes follow the screen's logical
height (`style.ui_scale`), and the timer takes a third of the width. The entry bar, the header's
buttons (the host menu's among them), the timer's digits and the PIN pad never give way. What does
not fit gives way, in this order:

1. the question, then the table's title, are shortened with "…" (the whole text is their tooltip);
2. the timer's column narrows below a third where the entry bar needs the room, and its buttons
   take smaller type and padding (`TimerPanel.fit_width`); its digits stay the largest that fit
   the column;
3. a dialog's wrapped text wraps onto more lines, its width kept within the screen
   (`dialogs.fit`).

The participant counters (F7) are a sheet over the right-hand edge of the wall, scrolling when
they are taller than it: they push nothing off screen and the timer stays in view.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.core.version import about_text
from kiosk.table.records import Draft
from kiosk.table.wall import Change, WallChange
from kiosk.ui.common import style
from kiosk.ui.common.controls import DropDown
from kiosk.ui.table.entry_bar import EntryBar
from kiosk.ui.table.tally_panel import TallyPanel
from kiosk.ui.table.timer_view import TimerPanel
from kiosk.ui.table.wall_model import QtTableWall
from kiosk.ui.table.wall_view import ZOOM_STEP, WallView

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent

log = logging.getLogger(__name__)

DRAFT_INTERVAL_MS = 200  # at most one durable draft write this often; at most this much lost
SIDE_SHARE = 1 / 3  # of the window's width, for the round timer (its digits must be big)
STATUS_MS = 10_000  # how long a message (and its undo button) floats over the wall
LOCK_KEYS = ("Ctrl+Q", "Ctrl+W", "Alt+F4")
FINISH_AT_THE_LATEST_MS = 2_000  # `finish` runs after the first frame, or after this long


class KioskWindow(QMainWindow):
    """One table's kiosk. The composition root (`kiosk/ui/app.py`) reacts to its requests."""

    languageChosen = Signal(str)
    tableReleased = Signal()
    exitRequested = Signal()
    firstFrameShown = Signal()  # the first frame is on screen; `finish` runs right after

    def __init__(
        self,
        model: QtTableWall,
        timer_panel: TimerPanel | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.model = model
        self.timer_panel = timer_panel
        self.unlocked = False
        self.export_handler: Callable[[], None] | None = None
        self.export_tooltip = ""
        setup = model.wall.setup
        self.setWindowTitle(
            _("Table {number}: {theme}").format(number=setup.table_number, theme=setup.theme_title)
        )
        self.setAccessibleName(self.windowTitle())

        self.finished = False
        # The central widget first, each part made inside it: a widget moved into a styled window
        # after it was made is styled (and laid out) once more.
        root = QWidget(self)
        root.setObjectName("kioskRoot")
        self.setCentralWidget(root)
        self.wall_view = WallView(model, root, sketch_first=True)
        self.entry = EntryBar(model, root)
        self._tally: TallyPanel | None = None  # built when first shown
        self._tally_box: QScrollArea | None = None  # the sheet it is shown in, likewise
        self._status_bar: QWidget | None = None  # built for the first message
        self.status_timer = QTimer(self)
        self.status_timer.setSingleShot(True)
        self.status_timer.setInterval(STATUS_MS)
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_INTERVAL_MS)
        self.keys_zone = "entry"  # where single-key shortcuts go: "entry", "wall" or "timer"
        self._toast_step: object | None = None  # the undo step a message offers to undo

        self._build_header(root)
        self._build_side(root)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(0)
        left.addWidget(self.wall_view, 1)
        left.addWidget(self.entry)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addLayout(left, 1)
        body.addWidget(self.side)
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)

        self._connect_signals()
        self._refresh_undo()
        self.wall_view.resized.connect(self._place_overlays)
        self.entry.focus_text()
        watch_first_paint(self, self._first_frame)
        QTimer.singleShot(FINISH_AT_THE_LATEST_MS, self.finish)  # should no frame ever come

    def _first_frame(self) -> None:
        self.firstFrameShown.emit()
        self.finish()

    def finish(self) -> None:
        """Build what the first frame does not show. Runs once, right after that frame."""
        if self.finished:
            return
        self.finished = True
        # Not before: an application-wide filter is handed every object that gets an event,
        # and PySide6 makes all of its widget classes to wrap the first one Qt made by itself.
        self._typing_guard = TypingGuard(self)
        self._build_actions()
        self._build_host_menu()
        self.entry.finish()
        self.wall_view.finish()
        if self.timer_panel is not None:
            self.timer_panel.add_shortcuts()

    # -- building -----------------------------------------------------------------------------

    def _build_header(self, parent: QWidget) -> None:
        setup = self.model.wall.setup
        self.header = QWidget(parent)
        self.header.setObjectName("header")
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = ShortenedLabel(self.header)
        self.title.setObjectName("tableTitle")
        self.title.setAccessibleName(_("Theme of this table"))
        self.title.set_full_text(
            _("Table {number} · {theme}").format(number=setup.table_number, theme=setup.theme_title)
        )
        # The guiding questions, one at a time: the host moves on as the conversation does.
        self.question_index = 0
        self.question = ShortenedLabel(self.header)
        self.question.setObjectName("question")
        self.question.setAccessibleName(_("Question for this table"))
        self.previous_question = QPushButton("‹", parent=self.header)
        self.previous_question.setAccessibleName(_("Previous question"))
        self.previous_question.setToolTip(_("Previous question (Shift+F3)"))
        self.next_question = QPushButton("›", parent=self.header)
        self.next_question.setAccessibleName(_("Next question"))
        self.next_question.setToolTip(_("Next question (F3)"))
        for button in (self.previous_question, self.next_question):
            button.setObjectName("questionStep")
            # Only hide: showing a widget that has no parent yet opens it as a window of its own.
            if len(setup.questions) <= 1:
                button.hide()
        question_row = QHBoxLayout()
        question_row.setSpacing(style.px(6))
        question_row.addWidget(self.previous_question)
        question_row.addWidget(self.next_question)
        question_row.addWidget(self.question, 1)
        titles = QVBoxLayout()
        titles.setSpacing(style.px(2))
        titles.addWidget(self.title)
        titles.addLayout(question_row)
        self._show_question()

        self.round_filter = DropDown(self.header)
        self.round_filter.setAccessibleName(_("Show notes of"))
        self.round_filter.setToolTip(_("Show notes of one round or all (Ctrl+R)"))
        self.round_filter.addItem(_("All rounds"), None)
        for rnd in setup.rounds:
            self.round_filter.addItem(_("Round {number}").format(number=rnd.number), rnd.number)
        self.fit_button = QPushButton(_("Show all"), parent=self.header)
        self.fit_button.setToolTip(_("Zoom so the whole wall fits (Ctrl+0)"))
        self.group_button = QPushButton(_("Group"), parent=self.header)
        self.group_button.setToolTip(_("Make a group of the selected notes (Ctrl+G)"))
        self.tally_button = QPushButton(_("Participants"), parent=self.header)
        self.tally_button.setCheckable(True)
        self.tally_button.setToolTip(_("Count participants per role (F7)"))
        self.host_button = QToolButton(self.header)
        self.host_button.setText(_("Host ▾"))
        self.host_button.setToolTip(_("Host menu: export, settings, other table, exit (F10)"))
        self.host_button.setAccessibleName(_("Host menu"))
        self.host_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        row = QHBoxLayout(self.header)
        margin = style.px(10)
        row.setContentsMargins(style.px(16), margin, margin, margin)
        row.setSpacing(style.px(8))
        row.addLayout(titles, 1)
        for widget in (
            self.round_filter,
            self.fit_button,
            self.group_button,
            self.tally_button,
            self.host_button,
        ):
            row.addWidget(widget)

    def _build_side(self, parent: QWidget) -> None:
        """The round timer takes the right-hand column; the tally opens over the wall's edge."""
        self.side = QWidget(parent)
        self.side.setObjectName("sideColumn")
        self.side.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Its width is the window's to give (`_fit_width`), not what the timer's buttons ask.
        self.side.setMinimumWidth(1)
        column = QVBoxLayout(self.side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        if self.timer_panel is not None:
            column.addWidget(self.timer_panel, 1)
            # Its buttons take no focus; the panel does (F9, Tab), and then its keys act.
            self.timer_panel.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        else:
            column.addStretch(1)

    @property
    def tally_box(self) -> QScrollArea:
        """The participant counters' sheet over the wall (not a column beside it: opening it
        moves nothing), made the first time it is needed."""
        if self._tally_box is None:
            box = self._tally_box = QScrollArea(self.wall_view)
            box.setObjectName("tallyBox")
            box.setFrameShape(QFrame.Shape.NoFrame)
            box.setWidgetResizable(True)
            box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            box.hide()
        return self._tally_box

    @property
    def status_bar(self) -> QWidget:
        """Messages and the undo button float over the bottom of the wall, when there are any;
        the bar is made for the first message (the first frame shows none)."""
        if self._status_bar is None:
            bar = self._status_bar = QWidget(self.wall_view)
            bar.setObjectName("statusBar")
            bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            row = QHBoxLayout(bar)
            margin = style.px(8)
            row.setContentsMargins(style.px(14), margin, margin, margin)
            self._status = QLabel(bar)
            self._status.setObjectName("status")
            self._status.setWordWrap(True)
            self._status.setAccessibleName(_("Messages"))
            self._undo_button = QPushButton(_("Undo (Ctrl+Z)"), parent=bar)
            row.addWidget(self._status, 1)
            row.addWidget(self._undo_button)
            self._undo_button.clicked.connect(self.undo)
            self.status_timer.timeout.connect(bar.hide)
            bar.hide()
            self._refresh_undo()
        return self._status_bar

    @property
    def status(self) -> QLabel:
        self.status_bar  # noqa: B018  (made on first use)
        return self._status

    @property
    def undo_button(self) -> QPushButton:
        self.status_bar  # noqa: B018  (made on first use)
        return self._undo_button

    @property
    def tally(self) -> TallyPanel:
        """The participant counters, made the first time they are needed."""
        if self._tally is None:
            self._tally = TallyPanel(self.model)
            margin = style.px(12)
            self._tally.setContentsMargins(margin, margin, margin, margin)
            self.tally_box.setWidget(self._tally)
            self._tally.bumped.connect(
                lambda role, d: self._do(self.model.wall.bump_tally, role, d)
            )
        return self._tally

    def _build_actions(self) -> None:
        """Keyboard shortcuts of the whole window."""
        from PySide6.QtGui import QAction, QKeySequence

        def action(shortcuts: list[str], slot: Callable[[], object], name: str) -> QAction:
            act = QAction(name, self)
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        kinds = self.model.wall.setup.kinds
        self.kind_actions = [
            action([f"Ctrl+{i + 1}"], lambda _c=False, i=i: self.entry.set_kind(i), kinds[i].label)
            for i in range(min(9, len(kinds)))
        ]
        self.undo_action = action(["Ctrl+Z"], self.undo, _("Undo"))
        self.redo_action = action(["Ctrl+Y", "Ctrl+Shift+Z"], self.redo, _("Redo"))
        roles = self.model.wall.setup.roles
        self.role_actions = [
            action([f"Alt+{i}"], lambda _c=False, i=i: self.entry.set_role(i), _("Role"))
            for i in range(min(9, len(roles)) + 1)
        ]
        self.timer_focus_action = action(["F9"], self._focus_timer, _("Round timer"))
        self.read_aloud_action = action(["F5"], self.read_aloud, _("Read aloud"))
        self.tidy_action = action(["Ctrl+T"], self.tidy_up, _("Tidy up the wall"))
        self.star_action = action(["Ctrl+S"], self.entry.toggle_star, _("Star"))
        self.focus_action = action(["Ctrl+L", "F6"], self.entry.focus_text, _("Type a note"))
        self.fit_action = action(["Ctrl+0"], self.wall_view.zoom_to_fit, _("Show all"))
        self.zoom_in_action = action(
            ["Ctrl++", "Ctrl+="], lambda: self.wall_view.zoom(ZOOM_STEP), _("Zoom in")
        )
        self.zoom_out_action = action(
            ["Ctrl+-"], lambda: self.wall_view.zoom(1 / ZOOM_STEP), _("Zoom out")
        )
        self.group_action = action(["Ctrl+G"], self.group_selected, _("Group"))
        self.ungroup_action = action(
            ["Ctrl+Shift+G"],
            lambda: self.take_out_of_group(self.wall_view.selected_note_ids()),
            _("Take out of group"),
        )
        self.filter_action = action(["Ctrl+R"], self.next_filter, _("Show notes of"))
        self.tally_action = action(["F7"], self.tally_button.toggle, _("Participants"))
        self.wall_action = action(["F8"], self._focus_wall, _("Wall of notes"))
        self.next_question_action = action(
            ["F3"], lambda: self.step_question(1), _("Next question")
        )
        self.previous_question_action = action(
            ["Shift+F3"], lambda: self.step_question(-1), _("Previous question")
        )
        self.menu_action = action(["F10"], self.host_button.showMenu, _("Host menu"))
        # Keys that close ordinary windows: caught here, so they do nothing but explain.
        self.lock_action = action(list(LOCK_KEYS), self._explain_lock, _("Exit"))

    def _build_host_menu(self) -> None:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        self.export_action = menu.addAction(_("Export to USB…"))
        self.export_action.setEnabled(False)  # until the composition root gives it a handler
        self.export_action.setToolTip(_("Export to USB is not available in this version yet."))
        self.wipe_action = menu.addAction(_("Wipe this laptop…"))
        self.wipe_action.setToolTip(
            _("After the organiser merged the export: remove this table's notes for good.")
        )
        menu.addSeparator()
        self.settings_action = menu.addAction(_("Settings…"))
        self.switch_action = menu.addAction(_("Other table…"))
        menu.addSeparator()
        self.exit_action = menu.addAction(_("Exit kiosk…"))
        menu.addSeparator()
        self.about_action = menu.addAction(_("About"))
        self.host_button.setMenu(menu)
        self.host_menu = menu
        self._connect_host_menu()
        self._enable_export()

    # -- wiring -------------------------------------------------------------------------------

    def _connect_signals(self) -> None:
        view, entry = self.wall_view, self.entry
        self.model.changed.connect(self._on_change)
        entry.submitted.connect(self.add_note)
        entry.draftChanged.connect(self._draft_changed)
        self.draft_timer.timeout.connect(self.flush_draft)
        view.editRequested.connect(self.edit_note)
        view.deleteRequested.connect(self.delete_notes)
        view.voteRequested.connect(
            lambda note_id, delta: self._do(self.model.wall.vote, note_id, delta)
        )
        view.starRequested.connect(lambda note_id: self._do(self.model.wall.toggle_star, note_id))
        view.notesMoved.connect(lambda moves: self._do(self.model.wall.move_notes, moves))
        view.clusterMoved.connect(
            lambda cid, x, y: self._do(self.model.wall.move_cluster, cid, x, y)
        )
        view.renameRequested.connect(self.rename_group)
        view.groupRequested.connect(self.group_notes)
        view.ungroupRequested.connect(self.take_out_of_group)
        view.putInClusterRequested.connect(
            lambda ids, cid: self._do(self.model.wall.put_in_cluster, ids, cid)
        )
        view.dissolveRequested.connect(lambda cid: self._do(self.model.wall.dissolve_cluster, cid))
        view.tidyRequested.connect(self.tidy_up)
        view.readAloudRequested.connect(self.read_aloud)
        view.leaveRequested.connect(self.entry.focus_text)
        self.round_filter.currentIndexChanged.connect(
            lambda _i: self._do(self.model.wall.set_filter, self.round_filter.currentData())
        )
        self.fit_button.clicked.connect(view.zoom_to_fit)
        self.group_button.clicked.connect(self.group_selected)
        self.tally_button.toggled.connect(self._show_tally)
        self.previous_question.clicked.connect(lambda: self.step_question(-1))
        self.next_question.clicked.connect(lambda: self.step_question(1))
        if self.timer_panel is not None:
            self.timer_panel.stateChanged.connect(self.timer_changed)

    def _connect_host_menu(self) -> None:
        self.export_action.triggered.connect(self.export)
        self.wipe_action.triggered.connect(self.wipe_laptop)
        self.settings_action.triggered.connect(self.open_settings)
        self.switch_action.triggered.connect(self.switch_table)
        self.exit_action.triggered.connect(self.exit_kiosk)
        self.about_action.triggered.connect(lambda: self.say(about_text()))

    def _on_change(self, change: WallChange) -> None:
        if change.what is Change.UNDO:
            self._refresh_undo()
        elif change.what is Change.ROUND:
            # The next round starts on its own notes; Ctrl+R shows all rounds again.
            self._do(self.model.wall.set_filter, self.model.wall.current_round)
        elif change.what is Change.FILTER:
            index = self.round_filter.findData(self.model.wall.round_filter)
            if index != self.round_filter.currentIndex():
                self.round_filter.blockSignals(True)
                self.round_filter.setCurrentIndex(index)
                self.round_filter.blockSignals(False)

    # -- note actions -------------------------------------------------------------------------

    def _do(self, action: Callable[..., object], *args: object) -> object | None:
        """Run a model action; a refusal (KioskError) becomes a message, never a crash."""
        try:
            return action(*args)
        except KioskError as exc:
            self.say(str(exc), error=True)
            return None

    def say(self, text: str, error: bool = False, offer_undo: bool = False) -> None:
        """Show a message over the wall for a while. With offer_undo its Undo button stays only
        while the action it reports is still what Ctrl+Z would undo."""
        self._toast_step = self.model.wall.undo_top if offer_undo else None
        self.status_bar  # noqa: B018  (made for the first message)
        self._refresh_undo()
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {style.DANGER}; font-weight: 700;" if error else "")
        if text:
            self._place_status()
            self.status_bar.show()
            self.status_bar.raise_()
            self.status_timer.start()
        else:
            self.status_bar.hide()

    def add_note(self, draft: Draft) -> None:
        note = self._do(self.model.wall.add_note, draft.text, draft.kind, draft.role, draft.starred)
        if note is not None:
            self.draft_timer.stop()
            self.entry.note_added()
            self.say("")

    def edit_note(self, note_id: str) -> None:
        from kiosk.ui.table import dialogs  # loaded when a dialog is first needed

        wall = self.model.wall
        changes = dialogs.NoteDialog.ask(self, wall.setup, wall.note(note_id))
        if changes:
            self._do(lambda: wall.edit_note(note_id, **changes))

    def delete_notes(self, note_ids: list[str]) -> None:
        for note_id in note_ids:
            self._do(self.model.wall.delete_note, note_id)
        if note_ids:
            self.say(_("Note deleted. Undo with Ctrl+Z."), offer_undo=True)

    def undo(self) -> None:
        if self.model.wall.undo():
            self.say(_("Undone. Redo with Ctrl+Y."))

    def redo(self) -> None:
        if self.model.wall.redo():
            self.say(_("Done again."))

    def tidy_up(self) -> None:
        if self._do(self.model.wall.tidy_up) is None and self.model.wall.undo_action == "tidy":
            self.wall_view.zoom_to_fit()
            self.say(_("The wall is tidied up. Undo with Ctrl+Z."), offer_undo=True)

    def read_aloud(self) -> None:
        """The chosen note or group large in the middle of the wall, to read out (F5 again or
        Esc closes)."""
        if not self.wall_view.close_reader():
            self.wall_view.read_aloud()

    def _refresh_undo(self) -> None:
        if self._status_bar is None:
            return  # no message yet, so no undo button to show
        top = self.model.wall.undo_top
        self.undo_button.setVisible(self._toast_step is not None and self._toast_step is top)

    def group_selected(self) -> None:
        self.group_notes(self.wall_view.selected_note_ids())

    def group_notes(self, note_ids: list[str]) -> None:
        from kiosk.ui.table import dialogs  # loaded when a dialog is first needed

        label = dialogs.LabelDialog.ask(self, _("Name of the new group"))
        if label:
            self._do(self.model.wall.create_cluster, label, note_ids)

    def take_out_of_group(self, note_ids: list[str]) -> None:
        self._do(self.model.wall.take_out_of_cluster, note_ids)

    def rename_group(self, cluster_id: str) -> None:
        from kiosk.ui.table import dialogs  # loaded when a dialog is first needed

        current = self.model.wall.cluster(cluster_id).label
        label = dialogs.LabelDialog.ask(self, _("Rename the group"), current)
        if label:
            self._do(self.model.wall.rename_cluster, cluster_id, label)

    def next_filter(self) -> None:
        self.round_filter.setCurrentIndex(
            (self.round_filter.currentIndex() + 1) % self.round_filter.count()
        )

    def _show_tally(self, shown: bool) -> None:
        if shown:
            self.tally  # noqa: B018  (made on first use)
            self._place_tally()
            self.tally_box.raise_()
        if self._tally_box is not None:
            self._tally_box.setVisible(shown)

    def _place_tally(self) -> None:
        """The sheet at the wall's right-hand edge: as wide as its longest role word needs (at
        most the wall's width less a margin), as tall as its rows (at most the wall's height,
        then it scrolls)."""
        if self._tally is None:
            return
        view, sheet = self.wall_view, self.tally_box
        bar = sheet.verticalScrollBar().sizeHint().width() + 2 * sheet.frameWidth()
        width = min(self._tally.minimumSizeHint().width() + bar, view.width() - style.px(40))
        width = max(width, min(style.px(330), view.width()))
        height = min(self._tally.heightForWidth(width - bar), view.height())
        if height <= 0:
            height = min(self._tally.sizeHint().height(), view.height())
        sheet.setGeometry(view.width() - width, 0, width, height)

    def _show_question(self) -> None:
        questions = self.model.wall.setup.questions
        if not questions:
            self.question.set_full_text("")
            return
        self.question.set_full_text(
            _("Question {number}/{total}: {question}").format(
                number=self.question_index + 1,
                total=len(questions),
                question=questions[self.question_index],
            )
        )

    def step_question(self, step: int) -> None:
        count = len(self.model.wall.setup.questions)
        if count:
            self.question_index = (self.question_index + step) % count
            self._show_question()

    def _focus_wall(self) -> None:
        self.wall_view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.set_keys_zone("wall")  # also when a click had given it the focus (keys stayed)

    def _focus_timer(self) -> None:
        if self.timer_panel is not None:
            self.timer_panel.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.set_keys_zone("timer")

    def set_keys_zone(self, zone: str) -> None:
        """Where single-key shortcuts act; that part shows a frame (the entry bar needs none:
        its text field shows the cursor)."""
        if zone == self.keys_zone:
            return
        self.keys_zone = zone
        self.wall_view.set_keys_active(zone == "wall")
        self.side.setStyleSheet(
            f"#sideColumn {{ border: {style.px(4)}px solid {style.FOCUS}; }}"
            if zone == "timer"
            else ""
        )

    def timer_changed(self, state: dict) -> None:
        """Keep the timer's state; its round is the round new notes and tallies belong to."""
        wall = self.model.wall
        self._do(wall.save_timer_state, state)
        number = state.get("round")
        if isinstance(number, int) and number != wall.current_round:
            self._do(wall.set_round, number)

    # -- draft --------------------------------------------------------------------------------

    def _draft_changed(self, draft: Draft) -> None:
        """Written at most DRAFT_INTERVAL_MS after the first change not yet on disk, however fast
        the host types: one durable write per interval."""
        self.model.wall.set_draft(draft)
        if not self.draft_timer.isActive():
            self.draft_timer.start()

    def flush_draft(self) -> None:
        self.draft_timer.stop()
        self._do(self.model.wall.flush_draft)

    # -- host menu ----------------------------------------------------------------------------

    def set_export_handler(self, handler: Callable[[], None] | None, tooltip: str = "") -> None:
        """The composition root points Export at the export dialog (or leaves it off)."""
        self.export_handler = handler
        self.export_tooltip = tooltip
        if self.finished:
            self._enable_export()

    def _enable_export(self) -> None:
        self.export_action.setEnabled(self.export_handler is not None)
        if self.export_handler is not None:
            self.export_action.setToolTip(self.export_tooltip)

    def export(self) -> None:
        if self.export_handler is not None:
            self.flush_draft()
            self.export_handler()

    def host_allowed(self, reason: str) -> bool:
        """Ask for the host PIN (or, on a table set up without one, have the host choose one)."""
        from kiosk.ui.table import dialogs  # loaded when a dialog is first needed

        wall = self.model.wall
        if not wall.has_pin:
            pin = dialogs.NewPinDialog.ask(self)
            if pin is None:
                return False
            self._do(wall.set_pin, pin)
            return wall.has_pin
        return dialogs.PinDialog.ask(self, reason, wall.check_pin, wall.pin_wait)

    def open_settings(self) -> None:
        from kiosk.ui.table import dialogs  # loaded when a dialog is first needed

        if not self.host_allowed(_("Host PIN for the settings")):
            return
        from kiosk.core.i18n import language

        choice = dialogs.SettingsDialog.ask(self, self.model.wall.language or language())
        if choice is None:
            return
        if choice.new_pin:
            pin = dialogs.NewPinDialog.ask(self)
            if pin:
                self._do(self.model.wall.set_pin, pin)
                self.say(_("New host PIN saved."))
        if choice.language != (self.model.wall.language or language()):
            self.flush_draft()
            self._do(self.model.wall.set_language, choice.language)
            self.languageChosen.emit(choice.language)

    def switch_table(self) -> None:
        from kiosk.ui.table import dialogs  # loaded when a dialog is first needed

        refusal = self.model.wall.release_refusal()
        if refusal:  # said before any PIN or question, and it stays until read
            dialogs.Notice.show_text(self, refusal)
            return
        if not self.host_allowed(_("Host PIN to switch tables")):
            return
        question = _("Set this laptop up for another table?")
        if not dialogs.Confirm.ask(self, question, _("Other table")):
            return
        self.draft_timer.stop()
        try:
            self.model.wall.release_table()
        except KioskError as exc:
            self.say(str(exc), error=True)
            return
        self.unlock()
        self.tableReleased.emit()

    def wipe_laptop(self) -> None:
        """Refused first if no receipt could allow it; then the organiser's receipt (checked
        before anything else is asked), the host PIN, and a last question whose default is
        Cancel; then the table's data is gone. Every refusal is a box that stays until read."""
        from kiosk.ui.table import dialogs  # loaded when a dialog is first needed

        wall = self.model.wall
        self.flush_draft()
        refusal = wall.wipe_refusal()
        if refusal:
            dialogs.Notice.show_text(self, wipe_refusal(KioskError(refusal)))
            return
        receipt = dialogs.ask_receipt_file(self)
        if receipt is None:
            return
        try:
            wall.check_wipe(receipt)
        except KioskError as exc:
            dialogs.Notice.show_text(self, wipe_refusal(exc))
            return
        if not self.host_allowed(_("Host PIN to wipe this laptop")):
            return
        question = _(
            "Remove every note of table {number} from this laptop for good? The organiser's "
            "receipt shows they have them."
        ).format(number=wall.setup.table_number)
        if not dialogs.Confirm.ask(self, question, _("Wipe")):
            return
        self.draft_timer.stop()
        notes, groups = len(wall.notes), len(wall.clusters)
        try:
            wall.wipe(receipt)
        except KioskError as exc:
            dialogs.Notice.show_text(self, wipe_refusal(exc))
            return
        dialogs.Notice.show_text(
            self,
            _(
                "Table {number} is wiped from this laptop: {notes} notes and {groups} groups "
                "removed. The organiser's archive keeps them."
            ).format(number=wall.setup.table_number, notes=notes, groups=groups),
        )
        self.unlock()
        self.tableReleased.emit()

    def exit_kiosk(self) -> None:
        if not self.host_allowed(_("Host PIN to exit the kiosk")):
            return
        self.flush_draft()
        self.unlock()
        self.exitRequested.emit()

    # -- the lock -----------------------------------------------------------------------------

    def unlock(self) -> None:
        self.unlocked = True

    def _explain_lock(self) -> None:
        self.say(_("The kiosk stays open. The host exits through the Host menu (with PIN)."))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.unlocked:
            self.draft_timer.stop()
            event.accept()
        else:
            event.ignore()
            self._explain_lock()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # Esc never leaves full screen or closes the kiosk
            return
        super().keyPressEvent(event)

    def _place_overlays(self) -> None:
        self._place_status()
        self._place_tally()

    def _place_status(self) -> None:
        if self._status_bar is None:
            return
        view = self.wall_view
        width = min(view.width() - 2 * style.px(12), style.px(760))
        self.status_bar.setFixedWidth(max(width, style.px(200)))
        self.status_bar.adjustSize()
        self.status_bar.move(
            (view.width() - self.status_bar.width()) // 2,
            view.height() - self.status_bar.height() - style.px(12),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_width()

    def _fit_width(self) -> None:
        """The timer's column: a third of the width, less where the entry bar needs the room
        (never less than a fifth); its buttons then take smaller type if they must."""
        width = self.width()
        side = int(width * SIDE_SHARE)
        side = max(min(side, width - self.entry.minimumSizeHint().width()), width // 5)
        self.side.setFixedWidth(side)
        if self.timer_panel is not None:
            self.timer_panel.fit_width(side)


def wipe_refusal(exc: KioskError) -> str:
    """One sentence saying why the laptop was not wiped (the receipt's reason, not its path)."""
    reason = getattr(exc, "reason", None) or str(exc)
    return _("Nothing was wiped: {reason}.").format(reason=reason.rstrip("."))


PRINTABLE_EXEMPT = ("QLineEdit", "QAbstractSpinBox", "QPlainTextEdit", "QTextEdit")


class TypingGuard(QObject):
    """Sends printable keys to the entry bar unless the host moved to the wall or the timer with
    the keyboard; there, only that part's single-key shortcuts act (issue 13)."""

    def __init__(self, window: KioskWindow):
        from PySide6.QtWidgets import QApplication

        super().__init__(window)
        self.window = window
        # Made here, not when the module loads: PySide6 makes all of QEvent.Type's 180 members
        # the first time one is used (a few ms the first frame does not need).
        self.guarded = frozenset(
            {QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.FocusIn}
        )
        QApplication.instance().installEventFilter(self)  # removed when the window goes

    def _zone_of(self, widget: QWidget) -> str:
        window = self.window
        if widget is window.wall_view or window.wall_view.isAncestorOf(widget):
            return "wall"
        if window.side.isAncestorOf(widget):
            return "timer"
        return "entry"

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in self.guarded:  # every event of the application passes here: quick way out
            return False
        if not obj.isWidgetType() or obj.window() is not self.window:
            return False  # a dialog, a menu, a popup list: theirs
        window = self.window
        if kind == QEvent.Type.FocusIn:
            zone = self._zone_of(obj)
            keyboard = event.reason() not in (
                Qt.FocusReason.MouseFocusReason,
                Qt.FocusReason.PopupFocusReason,
                Qt.FocusReason.ActiveWindowFocusReason,
            )
            window.set_keys_zone(zone if keyboard else "entry")
            return False
        from PySide6.QtWidgets import QApplication

        if obj is not (QApplication.focusWidget() or window):
            return False  # the same key on its way up to the parents: decided already
        text = event.text()
        mods = event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if mods or not text or not text.isprintable():
            return False
        zone = self._zone_of(obj)
        if zone != "entry" and zone == window.keys_zone:
            if zone == "wall" and kind == QEvent.Type.ShortcutOverride:
                # The timer's letters are the timer's: on the wall they do nothing.
                event.accept()
                return True
            return False
        if any(obj.inherits(name) for name in PRINTABLE_EXEMPT):
            return False  # typing in a text field
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # no shortcut: the key is text
            return True
        from PySide6.QtGui import QKeyEvent

        target = window.entry.text
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        QApplication.sendEvent(
            target, QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers(), text)
        )
        return True


class ShortenedLabel(QLabel):
    """A one-line label that shows as much of its text as fits, with "…", and all of it as its
    tooltip. It shortens its text whenever the layout gives it another width, so it is right
    however the window came to its size (a full-screen window is sized before it is laid out)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.full_text = ""
        self.setMinimumWidth(style.px(120))
        # Its width is what the layout gives it, not what its (shortened) text asks for.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self._shorten()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._shorten()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the style sheet's font arrives at polish
            self._shorten()

    def _shorten(self) -> None:
        width = max(self.width(), self.minimumWidth())
        metrics = self.fontMetrics()
        self.setText(metrics.elidedText(self.full_text, Qt.TextElideMode.ElideRight, width))


def watch_first_paint(widget: QWidget, callback: Callable[[], None]) -> QObject:
    """Call back once, right after the widget's first paint has reached the screen."""

    class Watcher(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, callback)
            return False

    watcher = Watcher(widget)
    widget.installEventFilter(watcher)
    return watcher
