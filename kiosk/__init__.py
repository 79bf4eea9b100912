"""kiosk: offline theme-table sessions: round timer, sticky-note wall, USB exchange, summaries."""

__version__ = "0.1.0"
