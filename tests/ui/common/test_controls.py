"""The kiosk's own small controls."""

from __future__ import annotations

from PySide6.QtGui import QColor

from kiosk.ui.common import style
from kiosk.ui.common.controls import DropDown
from kiosk.ui.common.style import ARROW_ROOM


def arrow_colour(widget: DropDown) -> QColor:
    image = widget.grab().toImage()
    x = widget.width() - style.px(ARROW_ROOM) / 2 - 2
    return image.pixelColor(round(x), widget.height() // 2)


def test_a_drop_down_draws_its_arrow_in_the_text_colour_and_greys_it_when_off(qtbot):
    drop = DropDown()
    qtbot.addWidget(drop)
    drop.addItems(["Rol (geen)", "Jongere"])
    drop.resize(240, 44)
    drop.show()
    qtbot.waitExposed(drop)
    assert arrow_colour(drop) == QColor(style.INK)
    drop.setEnabled(False)
    assert arrow_colour(drop) == QColor(style.DISABLED)
    # Left of the arrow room: the field's own white, not Qt's arrow or its box.
    image = drop.grab().toImage()
    assert image.pixelColor(drop.width() - style.px(ARROW_ROOM) - 6, 8) == QColor(style.PAPER)


def test_check_boxes_have_a_box_a_finger_can_hit(qtbot):
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    box = QCheckBox("Met ster")
    qtbot.addWidget(box)
    box.show()
    option = QStyleOptionButton()
    option.initFrom(box)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    assert indicator.width() >= 24 and indicator.height() >= 24
