"""The caller's consent before a three-way call, a transfer or an expert seat, where the profile asks.

Liangshan 第十一条(一): 经诉求人同意，也可采取三方通话、呼叫转接、专家坐席联动等方式进行解答. On such a
profile the first press of a line (or of the expert seat) only tells the agent to ask the caller;
a second press within ``window_s`` seconds confirms that the caller agreed and goes ahead, and the
ticket records ``consent: true`` with the line. On other profiles the call goes ahead at once and
the ticket records no consent (the regulation does not ask for it).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from desktop.ui.tr import tr


class ConsentGate:
    def __init__(self, profile_of: Callable[[], str], notice: Callable[[str], None], window_s: float = 10.0) -> None:
        self.profile_of, self.notice, self.window_s = profile_of, notice, window_s
        self._armed: dict[str, float] = {}
        self.given: dict[str, bool] = {}  # target -> the caller agreed (recorded on the ticket)

    def required(self) -> str:
        """The article that asks for consent on the current ticket's profile, or ''."""
        from hotline.policy_loader import load_profile

        try:
            flag = load_profile(self.profile_of()).three_way_consent
        except Exception:  # noqa: BLE001 - an unreadable profile asks for nothing; the pane says why
            return ""
        return flag.article if flag.value else ""

    def allow(self, target: str, what: str) -> bool:
        """True when ``target`` may be called now; otherwise the agent is told to ask and press again."""
        article = self.required()
        if not article:
            self.given.pop(target, None)
            return True
        now = time.monotonic()
        if now - self._armed.get(target, -1e9) <= self.window_s:
            self._armed.pop(target, None)
            self.given[target] = True
            return True
        self._armed[target] = now
        self.notice(tr("请先征得来电人同意{0}（{1}）；来电人同意后，{2} 秒内再按一次", what, article, int(self.window_s)))
        return False
