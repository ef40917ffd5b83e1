"""The desk: composition root of the product (CLI and, later, the PySide6 window)."""
