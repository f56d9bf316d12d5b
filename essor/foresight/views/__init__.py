"""The foresight toolbox's pages: studies and their editor (studies.py), CSV/XLSX import
and export (io.py)."""
