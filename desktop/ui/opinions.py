"""The specialists' opinions on a ticket (专家意见), as a list both desks show."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QListWidget, QVBoxLayout, QWidget

from desktop.ui.tr import tr
from desktop.ui.views import OpinionLine


def opinion_text(o: OpinionLine) -> str:
    unit = f"（{o.unit}）" if o.unit else ""
    return f"{o.at:%m-%d %H:%M} {o.seat}{unit}：\n{o.text}"


class OpinionsBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("专家意见"), parent)
        self.setObjectName("opinionsBox")
        self.setAccessibleName(tr("专家意见"))
        box = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setObjectName("opinionList")
        self.list.setAccessibleName(tr("专家意见列表"))
        self.list.setWordWrap(True)
        box.addWidget(self.list)
        self.show_opinions(())

    def show_opinions(self, opinions: tuple[OpinionLine, ...]) -> None:
        self.list.clear()
        for o in opinions:
            self.list.addItem(opinion_text(o))
        if not opinions:
            self.list.addItem(tr("暂无专家意见"))
        self.count = len(opinions)
