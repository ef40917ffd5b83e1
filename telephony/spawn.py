"""How the product starts one of its own modules as a child process, from source or frozen.

From source a helper runs as ``python -m MODULE ARGS``. In the PyInstaller bundle (``sys.frozen``)
there is no ``python`` and no ``-m``: the bundle's one executable, ``hotline``, runs it as
``hotline _child MODULE ARGS`` (desktop.cli.main dispatches it with runpy), and ``hotline`` itself
stands for ``python -m desktop.cli.main``. Only the modules in :data:`CHILD_MODULES` may be run so.
"""

from __future__ import annotations

import sys

CLI = "desktop.cli.main"
#: every module the product starts as a process of its own (the center's helpers, the lab's peers)
CHILD_MODULES = frozenset({
    "telephony.center.announcer",
    "telephony.center.director_main",
    "telephony.center.music",
    "telephony.center.watchdog",
    "telephony.lab.peer",
})


def frozen() -> bool:
    """Whether this process runs from the PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def module_argv(module: str, *args: str) -> list[str]:
    """The command line that runs ``module`` with ``args`` as a child of this process."""
    if module != CLI and module not in CHILD_MODULES:
        raise ValueError(f"{module} is not a module the product starts as a process")
    if not frozen():
        return [sys.executable, "-m", module, *args]
    if module == CLI:
        return [sys.executable, *args]
    return [sys.executable, "_child", module, *args]
