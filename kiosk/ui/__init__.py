"""The Qt user interface: with kiosk/ui/app.py, the only code that imports PySide6."""
