"""secondop: a terminal guide and checklist for getting a second opinion in cancer care."""

__version__ = "0.2.0"
