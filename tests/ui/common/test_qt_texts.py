"""Qt's own texts follow the UI's language: pickers, standard buttons, key names in menus."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QPushButton

from kiosk.ui.common import qt_texts


def key_name(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def standard_buttons() -> set[str]:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    return {button.text().replace("&", "") for button in box.buttons()}


def picker_texts() -> set[str]:
    """The file name label and the buttons of Qt's own file picker (as the kiosk shows it on a
    machine without a desktop's own picker)."""
    picker = QFileDialog(None, "", "")
    picker.setOption(QFileDialog.Option.DontUseNativeDialog)
    texts = {picker.findChild(QLabel, "fileNameLabel").text()}
    texts |= {button.text() for button in picker.findChildren(QPushButton)}
    picker.deleteLater()
    return {text.replace("&", "") for text in texts}


def test_qt_texts_follow_the_language(qapp):
    """The UI tests run in Dutch, as the kiosk does (tests/ui/conftest.py)."""
    assert standard_buttons() == {"Opslaan", "Annuleren"}
    assert picker_texts() == {"Bestandsnaam:", "Openen", "Annuleren"}
    assert key_name("Space") == "Spatiebalk"
    try:
        assert qt_texts.use_language(qapp, "en")
        assert standard_buttons() == {"Save", "Cancel"}
        assert picker_texts() == {"File name:", "Open", "Cancel"}
        assert key_name("Space") == "Space"
    finally:
        qt_texts.use_language(qapp, "nl")
    assert standard_buttons() == {"Opslaan", "Annuleren"}
