"""What every page of the Plan tab is built from: fields, problem spots, form and list rows.

A page lists each field's path (`event.title`, `themes[2].key`) with the spot where problems
naming it appear, so the tab can put every problem under its field and move the focus there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import _
from kiosk.plan.editor import place_problems
from kiosk.plan.words import describe
from kiosk.ui.organiser import look

if TYPE_CHECKING:
    from PySide6.QtWidgets import QGridLayout

    from kiosk.plan.editor import PlanEditor
    from kiosk.plan.model import PlanProblem
    from kiosk.ui.organiser.plan.tab import PlanTab


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


def small_button(text: str, name: str, action: Callable[[], None]) -> QPushButton:
    """A one-sign button (+, −, ↑, ↓) that says in words what it does, to screen readers too."""
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setToolTip(name)
    button.clicked.connect(lambda _checked=False: action())
    return button


class Form:
    """Labelled fields one under another, each with its hint and the spot for its problems."""

    def __init__(self, spots: Spots, path: str):
        self.spots = spots
        self.path = path  # the fields' paths are `path.field`
        self.layout = QFormLayout()
        self.layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

    def row(self, label: str, field: str, widget: QWidget, note: str = "") -> None:
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        if note:
            box.addWidget(hint(note))
        box.addWidget(self.spots.add(f"{self.path}.{field}", widget))
        self.layout.addRow(label, box)


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

    def list_row(
        self,
        grid: QGridLayout,
        path: str,
        index: int,
        cells: Sequence[QWidget],
        fields: Mapping[str, QWidget],
        span: int = 0,
    ) -> None:
        """Entry `index` of a list (a round, a table, a kind) under the grid's heading row: its
        cells side by side, and below them the problems naming its fields or the whole entry."""
        row = 1 + 2 * index
        for column, cell in enumerate(cells):
            grid.addWidget(cell, row, column)
        entry = f"{path}[{index}]"
        problems = QVBoxLayout()
        for field, widget in fields.items():
            problems.addWidget(self.spots.add(f"{entry}.{field}", widget))
        problems.addWidget(self.spots.add(entry))
        grid.addLayout(problems, row + 1, 0, 1, span or len(cells))
