"""PyInstaller runtime hook: point the product at the resources bundled beside the executable."""

import os
import sys

if getattr(sys, "frozen", False):
    os.environ.setdefault("HOTLINE_RESOURCES", os.path.join(sys._MEIPASS, "resources"))  # type: ignore[attr-defined]
