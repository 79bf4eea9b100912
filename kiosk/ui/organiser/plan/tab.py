"""The Plan tab: edit a plan in forms, see each problem next to its field, save, copy to sticks.

The tab is a view of a `PlanEditor`: every edit goes to the editor, which re-checks the plan and
tells the tab, which puts each problem under the field it names, in the form's own words
(`kiosk.plan.words`: "Thema 1: de korte naam ...", counted from 1, in the console's language).
Pages are rebuilt only when rows come or go, so typing never loses focus.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date as Date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.atomic import write_atomic
from kiosk.core.drives import removable_drives
from kiosk.core.errors import KioskError
from kiosk.core.i18n import _
from kiosk.exchange.keyfiles import create_key_files, refuse_key_folder
from kiosk.plan.editor import PlanEditor, place_problems
from kiosk.plan.model import PlanProblem
from kiosk.plan.words import describe, parse_date, readiness_warnings, show_date
from kiosk.report.cards import cards_pdf
from kiosk.ui.organiser import dialogs, look

SECTIONS = ("event", "rounds", "themes", "tables", "roles", "kinds")


def section_title(section: str) -> str:
    return {
        "event": _("Event"),
        "rounds": _("Rounds"),
        "themes": _("Themes"),
        "tables": _("Tables"),
        "roles": _("Roles"),
        "kinds": _("Kinds of note"),
    }[section]


def section_of(path: str) -> str:
    head = path.split(".", 1)[0].split("[", 1)[0]
    return head if head in SECTIONS else ""


class ProblemLabel(QLabel):
    """Red words under a field; empty and hidden when the field is fine."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "problem")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_problems(self, problems: list[str]) -> None:
        """Show these sentences (already in the form's words), or hide when there are none."""
        self.setText("\n".join(f"⚠ {p}" for p in problems))
        self.setAccessibleName(_("Problems") + ": " + "; ".join(problems) if problems else "")
        self.setVisible(bool(problems))


class Spots:
    """Field paths shown on screen, each with its problem label and the widgets to outline."""

    def __init__(self) -> None:
        self.labels: dict[str, ProblemLabel] = {}
        self.widgets: dict[str, list[QWidget]] = {}

    def add(self, path: str, *widgets: QWidget) -> ProblemLabel:
        label = ProblemLabel()
        self.labels[path] = label
        self.widgets[path] = list(widgets)
        return label

    def clear(self) -> None:
        self.labels.clear()
        self.widgets.clear()

    def show(self, problems: list[PlanProblem], data: dict) -> None:
        placed = place_problems(problems, self.labels, lambda p: p.path)
        for path, label in self.labels.items():
            found = placed.get(path, [])
            label.show_problems([describe(p, data) for p in found])
            for widget in self.widgets[path]:
                if widget.property("problem") != bool(found):
                    widget.setProperty("problem", bool(found))
                    look.repolish(widget)

    def focus(self, path: str) -> bool:
        """Put the keyboard focus on the field a problem names (or the nearest one shown)."""
        candidates = sorted(
            (p for p in self.widgets if p and (path == p or path.startswith((p + ".", p + "[")))),
            key=len,
            reverse=True,
        )
        for anchor in candidates:
            for widget in self.widgets[anchor]:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    return label


def line_edit(value: object, name: str, on_edit: Callable[[str], None]) -> QLineEdit:
    edit = QLineEdit("" if value is None else str(value))
    edit.setAccessibleName(name)
    edit.textEdited.connect(on_edit)
    return edit


def spin_box(value: object, low: int, high: int, name: str, on_edit: Callable[[int], None]):
    box = QSpinBox()
    box.setRange(low, high)
    box.setAccessibleName(name)
    # Set before connecting: showing a plan must never change it.
    box.setValue(value if isinstance(value, int) and not isinstance(value, bool) else low)
    box.valueChanged.connect(on_edit)
    return box


def lines_edit(lines: list[str], name: str, on_edit: Callable[[list[str]], None]):
    edit = QPlainTextEdit("\n".join(str(x) for x in lines))
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.textChanged.connect(lambda: on_edit(edit.toPlainText().split("\n")))
    return edit


def colour_icon(colour: str) -> QIcon:
    pixmap = QPixmap(18, 18)
    pixmap.fill(QColor(colour) if QColor.isValidColorName(colour) else QColor("white"))
    return QIcon(pixmap)


class Page(QScrollArea):
    """One section of the plan, rebuilt from the editor when rows come or go."""

    def __init__(self, tab: PlanTab):
        super().__init__()
        self.tab = tab
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)

    @property
    def editor(self) -> PlanEditor:
        return self.tab.editor

    @property
    def spots(self) -> Spots:
        return self.tab.spots

    def build(self) -> None:
        self.spots.clear()
        # deleteLater: a rebuild may start inside a signal of a widget on the old page.
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(18, 12, 18, 12)
        self.fill(layout)
        layout.addStretch(1)
        self.setWidget(inner)

    def fill(self, layout: QVBoxLayout) -> None:
        raise NotImplementedError

    def form_row(
        self, form: QFormLayout, label: str, path: str, widget: QWidget, note: str = ""
    ) -> None:
        """A labelled field with its hint and the spot where problems naming `path` appear."""
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        if note:
            box.addWidget(hint(note))
        box.addWidget(self.spots.add(path, widget))
        form.addRow(label, box)


class EventPage(Page):
    def fill(self, layout: QVBoxLayout) -> None:
        event = self.editor.data.get("event") or {}
        layout.addWidget(heading(_("Event")))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        def row(label: str, field: str, widget: QWidget, note: str = "") -> None:
            self.form_row(form, label, f"event.{field}", widget, note)

        def edit(field: str, name: str) -> QLineEdit:
            return line_edit(event.get(field), name, lambda v: self.editor.set_event(field, v))

        title = edit("title", _("Title"))
        title.textEdited.connect(lambda _text: self._show_code())
        row(_("Title"), "title", title)
        row(
            _("Date"),
            "date",
            self._date_row(event.get("date")),
            _("For example 31-03-2022 or 31 maart 2022; may stay empty."),
        )
        self.spots.widgets["event.date"] = [self.date_edit]  # outline the field, not its row
        row(_("Location"), "location", edit("location", _("Location")))
        language = QComboBox()
        language.setAccessibleName(_("Language of the printed output"))
        language.addItem("Nederlands", "nl")
        language.addItem("English", "en")
        index = language.findData(event.get("language", "nl"))
        if index < 0:
            language.addItem(str(event.get("language")), event.get("language"))
            index = language.count() - 1
        language.setCurrentIndex(index)
        language.currentIndexChanged.connect(
            lambda i: self.editor.set_event("language", language.itemData(i))
        )
        row(_("Language of the printed output"), "language", language)
        self.code_edit = edit("id", _("Event code"))
        self._show_code()
        row(
            _("Event code"),
            "id",
            self.code_edit,
            _(
                "Every laptop with this plan files its notes under this code. It is fixed when "
                "the plan is first saved, and stays when the title changes."
            ),
        )
        layout.addLayout(form)

    def _show_code(self) -> None:
        """The code the plan will get, shown greyed until it is fixed (follows the title live)."""
        self.code_edit.setPlaceholderText(self.editor.event_id())

    def _date_row(self, stored: object) -> QWidget:
        """A field that takes a date as people type it, and a button with a calendar."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        text = str(stored or "")
        day = parse_date(text)
        self.date_edit = QLineEdit(show_date(day) if day else text)
        self.date_edit.setAccessibleName(_("Date"))
        self.date_edit.setPlaceholderText(show_date(parse_date("2022-03-31")))  # type: ignore[arg-type]
        self.date_edit.textEdited.connect(self._date_typed)
        self.date_button = QPushButton(_("Calendar…"))
        self.date_button.setAccessibleName(_("Choose the date on a calendar"))
        self.date_button.clicked.connect(self._pick_date)
        row.addWidget(self.date_edit, 1)
        row.addWidget(self.date_button)
        return box

    def _date_typed(self, text: str) -> None:
        day = parse_date(text)
        # A date read is stored as the plan writes it; anything else as typed, so it shows why.
        self.editor.set_event("date", day.isoformat() if day else text)
        self._show_code()

    def _pick_date(self) -> None:
        chosen = dialogs.pick_date(self, parse_date(self.date_edit.text()))
        if chosen is not None:
            self.set_date(chosen)

    def set_date(self, day: Date) -> None:
        self.date_edit.setText(show_date(day))
        self.editor.set_event("date", day.isoformat())
        self._show_code()


class RoundsPage(Page):
    def fill(self, layout: QVBoxLayout) -> None:
        layout.addWidget(heading(_("Rounds")))
        count_row = QHBoxLayout()
        count = spin_box(len(self.editor.rounds), 1, 20, _("Number of rounds"), self._count)
        count_label = QLabel(_("Number of rounds"))
        count_label.setBuddy(count)
        count_row.addWidget(count_label)
        count_row.addWidget(count)
        count_row.addStretch(1)
        layout.addLayout(count_row)
        layout.addWidget(self.spots.add("rounds", count))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.addWidget(hint(_("Minutes")), 0, 1)
        grid.addWidget(hint(_("Starts at (optional)")), 0, 2)
        for i, rnd in enumerate(self.editor.rounds):
            name = _("Round {number}").format(number=i + 1)
            minutes = spin_box(
                rnd.get("minutes"),
                0,
                999,
                _("{round}: minutes").format(round=name),
                lambda v, i=i: self.editor.set_round_minutes(i, v),
            )
            minutes.setSuffix(" min")
            start = line_edit(
                rnd.get("starts_at"),
                _("{round}: starts at").format(round=name),
                lambda v, i=i: self.editor.set_round_start(i, v),
            )
            start.setPlaceholderText("10:15")
            start.setMaximumWidth(120)
            row = 1 + 2 * i
            grid.addWidget(QLabel(name), row, 0)
            grid.addWidget(minutes, row, 1)
            grid.addWidget(start, row, 2)
            problems = QVBoxLayout()
            problems.addWidget(self.spots.add(f"rounds[{i}].minutes", minutes))
            problems.addWidget(self.spots.add(f"rounds[{i}].starts_at", start))
            problems.addWidget(self.spots.add(f"rounds[{i}]"))
            grid.addLayout(problems, row + 1, 0, 1, 4)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)

    def _count(self, count: int) -> None:
        self.editor.set_round_count(count)
        self.tab.rebuild_keeping_focus(self, f"{_('Number of rounds')}")


class ThemesPage(Page):
    def __init__(self, tab: PlanTab):
        super().__init__(tab)
        self.current = 0

    def fill(self, layout: QVBoxLayout) -> None:
        layout.addWidget(heading(_("Themes")))
        layout.addWidget(self.spots.add("themes"))
        body = QHBoxLayout()
        side = QVBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(_("Themes"))
        self.list.setMaximumWidth(320)
        self.list.setWordWrap(True)
        for key, title in self.editor.theme_titles():
            self.list.addItem(title or key)
        side.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        for text, name, action in (
            ("+", _("Add a theme"), self._add),
            ("−", _("Remove this theme"), self._remove),
            ("↑", _("Move up"), lambda: self._move(-1)),
            ("↓", _("Move down"), lambda: self._move(1)),
        ):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.clicked.connect(action)
            buttons.addWidget(button)
        side.addLayout(buttons)
        body.addLayout(side)
        self.detail = QVBoxLayout()
        body.addLayout(self.detail, 1)
        layout.addLayout(body, 1)
        self.current = min(self.current, len(self.editor.themes) - 1)
        if self.current >= 0:
            self.list.setCurrentRow(self.current)
            self._fill_detail()
        self.list.currentRowChanged.connect(self._select)

    def _select(self, row: int) -> None:
        if row >= 0 and row != self.current:
            self.current = row
            self.build()
            self.list.setFocus()

    def _fill_detail(self) -> None:
        i = self.current
        theme = self.editor.themes[i]
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        def row(label: str, field: str, widget: QWidget, note: str = "") -> None:
            self.form_row(form, label, f"themes[{i}].{field}", widget, note)

        title = line_edit(theme.get("title"), _("Theme title"), self._title)
        row(_("Title"), "title", title)
        key = line_edit(
            theme.get("key"), _("Short name"), lambda v: self.editor.set_theme(i, "key", v)
        )
        row(
            _("Short name"),
            "key",
            key,
            _("Used in the files: lower-case letters, digits, - or _. Tables follow a rename."),
        )
        description = QPlainTextEdit(str(theme.get("description", "")))
        description.setAccessibleName(_("Description"))
        description.setTabChangesFocus(True)
        description.setMaximumHeight(110)
        description.textChanged.connect(
            lambda: self.editor.set_theme(i, "description", description.toPlainText())
        )
        row(_("Description"), "description", description)
        questions = lines_edit(
            list(theme.get("questions") or []),
            _("Guiding questions"),
            lambda lines: self.editor.set_questions(i, lines),
        )
        row(_("Guiding questions"), "questions", questions, _("One question per line."))
        self.detail.addLayout(form)
        self.detail.addWidget(self.spots.add(f"themes[{i}]"))

    def _title(self, value: str) -> None:
        self.editor.set_theme(self.current, "title", value)
        item = self.list.item(self.current)
        if item is not None:
            item.setText(value or self.editor.themes[self.current].get("key", ""))

    def _add(self) -> None:
        self.current = self.editor.add_theme()
        self.build()
        self.tab.spots.focus(f"themes[{self.current}].title")

    def _remove(self) -> None:
        if self.current < 0 or len(self.editor.themes) == 0:
            return
        self.editor.remove_theme(self.current)
        self.current = max(0, self.current - 1)
        self.build()
        self.list.setFocus()

    def _move(self, delta: int) -> None:
        if self.current >= 0:
            self.current = self.editor.move_theme(self.current, delta)
            self.build()
            self.list.setFocus()


class TablesPage(Page):
    def fill(self, layout: QVBoxLayout) -> None:
        layout.addWidget(heading(_("Tables")))
        layout.addWidget(hint(_("Each table discusses one theme; two tables may share a theme.")))
        layout.addWidget(self.spots.add("tables"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.addWidget(hint(_("Table")), 0, 0)
        grid.addWidget(hint(_("Theme")), 0, 1)
        themes = self.editor.theme_titles()
        for i, table in enumerate(self.editor.tables):
            number = spin_box(
                table.get("number"),
                0,
                9999,
                _("Table number"),
                lambda v, i=i: self.editor.set_table(i, "number", v),
            )
            theme = QComboBox()
            theme.setAccessibleName(_("Theme of table {number}").format(number=table.get("number")))
            for key, title in themes:
                theme.addItem(f"{title}  ({key})", key)
            current = theme.findData(table.get("theme"))
            if current < 0:
                theme.addItem(_("unknown theme {key}").format(key=table.get("theme")), None)
                current = theme.count() - 1
            theme.setCurrentIndex(current)
            theme.currentIndexChanged.connect(
                lambda index, i=i, box=theme: self._theme(i, box.itemData(index))
            )
            remove = QPushButton("−")
            remove.setAccessibleName(_("Remove table {number}").format(number=table.get("number")))
            remove.setToolTip(remove.accessibleName())
            remove.clicked.connect(lambda _checked=False, i=i: self._remove(i))
            row = 1 + 2 * i
            grid.addWidget(number, row, 0)
            grid.addWidget(theme, row, 1)
            grid.addWidget(remove, row, 2)
            problems = QVBoxLayout()
            problems.addWidget(self.spots.add(f"tables[{i}].number", number))
            problems.addWidget(self.spots.add(f"tables[{i}].theme", theme))
            problems.addWidget(self.spots.add(f"tables[{i}]"))
            grid.addLayout(problems, row + 1, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        add = QPushButton(_("Add a table"))
        add.clicked.connect(self._add)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)

    def _theme(self, index: int, key: str | None) -> None:
        if key is not None:
            self.editor.set_table(index, "theme", key)

    def _add(self) -> None:
        index = self.editor.add_table()
        self.build()
        self.spots.focus(f"tables[{index}].theme")

    def _remove(self, index: int) -> None:
        self.editor.remove_table(index)
        self.build()


class RolesPage(Page):
    def fill(self, layout: QVBoxLayout) -> None:
        layout.addWidget(heading(_("Roles")))
        layout.addWidget(
            hint(
                _(
                    "Notes are attributed to roles, never to people. One role per line; "
                    "the order here is the order at the tables."
                )
            )
        )
        roles = lines_edit(self.editor.roles, _("Roles"), self.editor.set_roles)
        roles.setMinimumHeight(260)
        layout.addWidget(roles)
        layout.addWidget(self.spots.add("roles", roles))


class KindsPage(Page):
    def __init__(self, tab: PlanTab):
        super().__init__(tab)
        self.swatches: dict[int, QPushButton] = {}

    def fill(self, layout: QVBoxLayout) -> None:
        self.swatches = {}
        layout.addWidget(heading(_("Kinds of note")))
        layout.addWidget(hint(_("Each kind has its own sticky-note colour on the wall.")))
        layout.addWidget(self.spots.add("kinds"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for column, text in enumerate((_("Name"), _("Short name"), _("Colour"))):
            grid.addWidget(hint(text), 0, column)
        for i, kind in enumerate(self.editor.kinds):
            label = line_edit(
                kind.get("label"),
                _("Name of kind {number}").format(number=i + 1),
                lambda v, i=i: self.editor.set_kind(i, "label", v),
            )
            key = line_edit(
                kind.get("key"),
                _("Short name of kind {number}").format(number=i + 1),
                lambda v, i=i: self.editor.set_kind(i, "key", v),
            )
            colour = line_edit(
                kind.get("color"),
                _("Colour of kind {number}").format(number=i + 1),
                lambda v, i=i: self._colour(i, v),
            )
            colour.setMaximumWidth(110)
            pick = QPushButton(colour_icon(str(kind.get("color", ""))), _("Choose…"))
            self.swatches[i] = pick
            pick.setAccessibleName(_("Choose the colour of kind {number}").format(number=i + 1))
            pick.clicked.connect(lambda _checked=False, i=i: self._pick(i))
            remove = QPushButton("−")
            remove.setAccessibleName(_("Remove kind {number}").format(number=i + 1))
            remove.setToolTip(remove.accessibleName())
            remove.clicked.connect(lambda _checked=False, i=i: self._remove(i))
            row = 1 + 2 * i
            grid.addWidget(label, row, 0)
            grid.addWidget(key, row, 1)
            grid.addWidget(colour, row, 2)
            grid.addWidget(pick, row, 3)
            grid.addWidget(remove, row, 4)
            problems = QVBoxLayout()
            problems.addWidget(self.spots.add(f"kinds[{i}].label", label))
            problems.addWidget(self.spots.add(f"kinds[{i}].key", key))
            problems.addWidget(self.spots.add(f"kinds[{i}].color", colour))
            problems.addWidget(self.spots.add(f"kinds[{i}]"))
            grid.addLayout(problems, row + 1, 0, 1, 5)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        add = QPushButton(_("Add a kind"))
        add.clicked.connect(self._add)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)

    def _colour(self, index: int, value: str) -> None:
        self.editor.set_kind(index, "color", value)
        self.swatches[index].setIcon(colour_icon(value))

    def _pick(self, index: int) -> None:
        chosen = dialogs.colour(self, str(self.editor.kinds[index].get("color", "#FFFFFF")))
        if chosen:
            self.editor.set_kind(index, "color", chosen)
            self.build()
            self.spots.focus(f"kinds[{index}].color")

    def _add(self) -> None:
        index = self.editor.add_kind()
        self.build()
        self.spots.focus(f"kinds[{index}].label")

    def _remove(self, index: int) -> None:
        self.editor.remove_kind(index)
        self.build()


class PlanTab(QWidget):
    """Create or open a plan, edit it section by section, save it, put it on sticks."""

    message = Signal(str)
    # The plan was saved to this file (the console lets the archive take its texts).
    saved = Signal(Path)
    # A new organiser key's private file: the console remembers where, to open it there.
    key_made = Signal(Path)

    def __init__(self, editor: PlanEditor | None = None):
        super().__init__()
        self.editor = editor or PlanEditor()
        self.spots = Spots()
        self.pages: dict[str, Page] = {}
        self._build()
        self._watch(self.editor)

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton()
        self.open_button = QPushButton()
        self.save_button = QPushButton()
        self.save_as_button = QPushButton()
        self.cards_button = QPushButton()
        self.usb_button = QPushButton()
        self.usb_button.setProperty("primary", True)
        for button in (self.new_button, self.open_button, self.save_button, self.save_as_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.cards_button)
        bar.addWidget(self.usb_button)
        outer.addLayout(bar)
        self.file_label = hint("")
        outer.addWidget(self.file_label)
        outer.addLayout(self._key_row())

        body = QHBoxLayout()
        self.nav = QListWidget()
        self.nav.setMaximumWidth(230)
        self.nav.setMinimumWidth(190)
        self.nav.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.stack = QStackedWidget()
        kinds = (EventPage, RoundsPage, ThemesPage, TablesPage, RolesPage, KindsPage)
        for section, page_class in zip(SECTIONS, kinds, strict=True):
            page = page_class(self)
            self.pages[section] = page
            self.stack.addWidget(page)
            self.nav.addItem(QListWidgetItem())
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problem_list = QListWidget()
        self.problem_list.setMaximumHeight(96)
        outer.addWidget(self.summary)
        outer.addWidget(self.problem_list)

        self.new_button.clicked.connect(self.new_plan)
        self.open_button.clicked.connect(self.open_plan)
        self.save_button.clicked.connect(self.save)
        self.save_as_button.clicked.connect(self.save_as)
        self.usb_button.clicked.connect(self.write_to_stick)
        self.cards_button.clicked.connect(self.print_cards)
        self.nav.currentRowChanged.connect(self._show_section)
        self.problem_list.itemActivated.connect(self._go_to_problem)
        self.retranslate()
        self.nav.setCurrentRow(0)

    def _key_row(self) -> QVBoxLayout:
        """The plan's organiser key (read-only: only made or removed here, never typed)."""
        self.key_caption = QLabel()
        self.key_value = QLineEdit()
        self.key_value.setReadOnly(True)
        self.key_caption.setBuddy(self.key_value)
        self.make_key_button = QPushButton()
        self.remove_key_button = QPushButton()
        self.make_key_button.clicked.connect(self.make_key)
        self.remove_key_button.clicked.connect(self.remove_key)
        row = QHBoxLayout()
        row.addWidget(self.key_caption)
        row.addWidget(self.key_value, 1)
        row.addWidget(self.make_key_button)
        row.addWidget(self.remove_key_button)
        self.key_problem = ProblemLabel()
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addLayout(row)
        box.addWidget(self.key_problem)
        return box

    def retranslate(self) -> None:
        self.key_caption.setText(_("Organiser key:"))
        self.key_value.setAccessibleName(_("Organiser key"))
        self.key_value.setPlaceholderText(_("none — exports are not sealed"))
        self.key_value.setToolTip(
            _(
                "With an organiser key in the plan, every table seals its exports for it: a lost "
                "stick shows no notes. Only the private key file on this computer opens them."
            )
        )
        self.make_key_button.setText(_("Make a key…"))
        self.remove_key_button.setText(_("Remove the key"))
        self.remove_key_button.setAccessibleName(_("Remove the organiser key from the plan"))
        self.remove_key_button.setToolTip(self.remove_key_button.accessibleName())
        self.new_button.setText(_("New plan"))
        self.open_button.setText(_("Open…"))
        self.save_button.setText(_("Save plan"))
        self.save_as_button.setText(_("Save as…"))
        self.usb_button.setText(_("Write to USB stick…"))
        self.cards_button.setText(_("Print table cards…"))
        self.nav.setAccessibleName(_("Parts of the plan"))
        self.problem_list.setAccessibleName(_("Problems in the plan"))
        self.save_button.setShortcut("Ctrl+S")
        self.open_button.setShortcut("Ctrl+O")
        self.current_page().build()
        self._refresh()

    def current_page(self) -> Page:
        return self.pages[SECTIONS[max(0, self.nav.currentRow())]]

    def show_section(self, section: str) -> None:
        row = SECTIONS.index(section)
        if self.nav.currentRow() == row:
            self._show_section(row)  # shown already: rebuild from the editor all the same
        else:
            self.nav.setCurrentRow(row)

    def _show_section(self, row: int) -> None:
        if row < 0:
            return
        page = self.pages[SECTIONS[row]]
        page.build()
        self.stack.setCurrentWidget(page)
        self._refresh()

    def rebuild_keeping_focus(self, page: Page, accessible_name: str) -> None:
        page.build()
        self._refresh()
        for widget in page.findChildren(QWidget):
            if widget.accessibleName() == accessible_name:
                widget.setFocus()
                break

    # -- the editor ---------------------------------------------------------------------------

    def _watch(self, editor: PlanEditor) -> None:
        editor.subscribe(self._refresh)

    def set_editor(self, editor: PlanEditor) -> None:
        self.editor = editor
        self._watch(editor)
        self.current_page().build()
        self._refresh()

    def _refresh(self) -> None:
        problems = self.editor.plan_problems()
        data = self.editor.data
        self.spots.show(problems, data)
        counts = {section: 0 for section in SECTIONS}
        for problem in problems:
            section = section_of(problem.path)
            if section:
                counts[section] += 1
        for row, section in enumerate(SECTIONS):
            item = self.nav.item(row)
            n = counts[section]
            item.setText(f"{section_title(section)}  ⚠ {n}" if n else section_title(section))
            item.setForeground(QColor(look.PROBLEM if n else look.INK))
        self.problem_list.clear()
        for problem in problems:
            entry = QListWidgetItem(describe(problem, data))
            entry.setData(Qt.ItemDataRole.UserRole, problem.path)
            self.problem_list.addItem(entry)
        warnings = [] if problems else readiness_warnings(data)
        for warning in warnings:
            self.problem_list.addItem(QListWidgetItem("⚠ " + warning))
        self.problem_list.setVisible(bool(problems or warnings))
        if problems:
            self.summary.setProperty("role", "problem")
            self.summary.setText(
                _("To fix before the plan can go to the tables ({count}):").format(
                    count=len(problems)
                )
            )
        elif warnings:
            # Not a refusal: a plan may go out unfinished, but the organiser should know.
            self.summary.setProperty("role", "warning")
            self.summary.setText(
                _("No problems, but not finished yet ({count}):").format(count=len(warnings))
            )
        else:
            self.summary.setProperty("role", "ok")
            self.summary.setText(_("✓ No problems: the plan is ready for the tables."))
        look.repolish(self.summary)
        self.usb_button.setEnabled(not problems)
        self.cards_button.setEnabled(not problems)
        key = self.editor.organiser_key()
        self.key_value.setText(key or "")
        self.remove_key_button.setEnabled(key is not None)
        key_problems = [describe(p, data) for p in problems if p.path == "organiser_key"]
        self.key_problem.show_problems(key_problems)
        if self.key_value.property("problem") != bool(key_problems):
            self.key_value.setProperty("problem", bool(key_problems))
            look.repolish(self.key_value)
        name = str(self.editor.path) if self.editor.path else _("not saved yet")
        changed = _(" (changed)") if self.editor.dirty else ""
        self.file_label.setText(_("Plan file: {name}").format(name=name) + changed)

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        path = str(item.data(Qt.ItemDataRole.UserRole) or "")
        section = section_of(path)
        if not section:
            return
        if section == "themes" and path.startswith("themes["):
            themes_page = self.pages["themes"]
            assert isinstance(themes_page, ThemesPage)
            themes_page.current = int(path[len("themes[") :].split("]", 1)[0])
        self.show_section(section)
        self.current_page().build()
        self._refresh()
        self.spots.focus(path)

    # -- file actions -------------------------------------------------------------------------

    def _may_discard(self) -> bool:
        return not self.editor.dirty or dialogs.confirm(
            self, _("The plan has unsaved changes. Discard them?")
        )

    def new_plan(self) -> None:
        if self._may_discard():
            self.set_editor(PlanEditor())
            self.show_section("event")

    def open_plan(self) -> None:
        if not self._may_discard():
            return
        path = dialogs.open_plan_file(self)
        if path is None:
            return
        try:
            self.set_editor(PlanEditor.open(path))
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        self.message.emit(_("Opened {name}").format(name=path.name))

    def save(self) -> bool:
        if self.editor.path is None:
            return self.save_as()
        return self._save_to(self.editor.path)

    def save_as(self) -> bool:
        path = dialogs.save_plan_file(self, f"{self.editor.event_id()}.json")
        return path is not None and self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        try:
            self.editor.save(path)
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return False
        self.message.emit(_("Saved {name}").format(name=path.name))
        self.saved.emit(path)
        return True

    def write_to_stick(self) -> None:
        target = dialogs.drive_or_folder(
            self, removable_drives(), _("Where should the plan go for the table laptops?")
        )
        if target is None:
            return
        existing = target / self.editor.drive_file_name()
        if existing.exists() and not dialogs.confirm(
            self, _("{name} is already there. Replace it?").format(name=existing.name)
        ):
            return
        try:
            fixed = self._fix_event_code()
            written = self.editor.write_to_drive(target)
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        dialogs.tell(
            self,
            fixed
            + _("The plan is on the stick as {name}, checked. The stick can be removed.").format(
                name=written.name
            ),
        )

    def _fix_event_code(self) -> str:
        """Give a plan without an event code (an older file) its code before it leaves the
        console; the sentence that says so, or "" when it had one."""
        code = self.editor.fix_event_id_in_file()
        if code is None:
            return ""
        if self.editor.path is not None:
            where = _("It is saved in {name}.").format(name=self.editor.path.name)
        else:
            where = _("Save the plan to keep it.")
        return (
            _(
                "The plan now has a fixed event code: {code}. The tables file their notes under "
                "it, also when the title changes later."
            ).format(code=code)
            + " "
            + where
            + "\n\n"
        )

    # -- organiser key ------------------------------------------------------------------------

    def make_key(self) -> None:
        """A new key pair in a folder on this computer; its public half goes into the plan."""
        if self.editor.organiser_key() is not None and not dialogs.confirm(
            self,
            _(
                "The plan already has an organiser key. Exports sealed for it open only with "
                "its own key file. Put a new key in its place?"
            ),
        ):
            return
        folder = dialogs.folder(
            self, _("Where should the key files go? Choose a folder on this computer.")
        )
        if folder is None:
            return
        try:
            refuse_key_folder(folder)  # before the passphrase is typed in vain
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        passphrase = dialogs.new_passphrase(self)
        if passphrase is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            private, _public, text = create_key_files(folder, passphrase)
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.editor.set_organiser_key(text)
        self.key_made.emit(private)
        dialogs.tell(
            self,
            _(
                "The key is made and is in the plan now; save the plan and put it on the sticks. "
                "The private key file is {path}. It must stay on this computer: with its "
                "passphrase it is the only way to open the sealed exports."
            ).format(path=private),
        )

    def remove_key(self) -> None:
        if self.editor.organiser_key() is None or not dialogs.confirm(
            self,
            _(
                "Take the organiser key out of the plan? Tables given the changed plan no "
                "longer seal their exports."
            ),
        ):
            return
        self.editor.set_organiser_key(None)

    def print_cards(self) -> None:
        """A card per table (number, theme, guiding questions) as a PDF, opened to print."""
        try:
            fixed = self._fix_event_code() if not self.editor.problems() else ""
            plan = self.editor.plan()
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        path = dialogs.save_file(
            self,
            _("Save the table cards"),
            _("table-cards") + f"-{plan.event_id}.pdf",
            "PDF (*.pdf)",
        )
        if path is None:
            return
        try:
            write_atomic(path, cards_pdf(plan))
        except KioskError as exc:
            dialogs.refuse(self, str(exc))
            return
        self.message.emit(_("Table cards saved as {name}").format(name=path.name))
        opened = dialogs.open_path(path)
        said = _("The table cards are saved as {path}.").format(path=path)
        if not opened:
            said += " " + _("They could not be opened here; open the folder to print them.")
        dialogs.tell_saved(self, fixed + said, path.parent)
