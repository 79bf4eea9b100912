"""The Qt user interface: with kiosk/app.py, the only code that imports PySide6."""
