"""Measuring and data-making scripts, run as `.venv/bin/python scripts/NAME.py`."""
