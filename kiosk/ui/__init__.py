"""The Qt user interface, the only package that imports PySide6; app.py is its composition root."""
