"""The team lead's board in the desk: built by the composition root when the role has the ``board`` pane.

    root.board = wire_board(root)      # a BoardWindow + BoardController on the central database
    root.board.start(); root.board.stop()

The board reads the central database (the settings' ``central_db``; the working copy without one).
Its 示忙/签出 requests go out through the lead's own phone (PhoneController.lead_request: a MESSAGE
the director checks); its listen/whisper/barge buttons reach the phone's ``monitor`` when the phone
has one. Ctrl+B in the desk shows the board; F11 in the board makes it full screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from desktop.app.board import BoardController
from desktop.ui.board import BoardWindow


class DeskBoard:
    """The board window and its controller, started and stopped with the desk."""

    def __init__(self, root: Any) -> None:
        from hotline.board_alerts import BoardRules

        plan = None
        try:
            from hotline.acd import CenterPlan

            plan = CenterPlan.load(None)
        except Exception:  # noqa: BLE001 - without a readable plan the board shows the queues it sees
            plan = None
        self.window = BoardWindow()
        url = root.settings.central_db or root.local_url
        self.controller = BoardController(url, self.window, plan=plan, rules=BoardRules.load(None),
                                          lead=root.user.sip_user)
        phone = root.phone
        self.controller.lead_request.connect(phone.lead_request)
        monitor = getattr(phone, "monitor", None)
        if monitor is not None:  # the phone's listen / whisper / barge (another branch adds it)
            self.window.monitor_requested.connect(monitor)
        show = QAction("showBoard", root.window)
        show.setObjectName("showBoardAction")
        show.setShortcut(QKeySequence("Ctrl+B"))
        show.triggered.connect(self.show)
        root.window.addAction(show)

    def show(self) -> None:
        self.window.show()
        self.window.raise_()

    def start(self) -> None:
        self.controller.start()
        self.show()

    def stop(self) -> None:
        self.controller.stop()
        self.window.close()


def wire_board(root: Any) -> DeskBoard:
    """The board for ``root`` (a desktop.app.root.DeskRoot)."""
    return DeskBoard(root)
