"""The center's watchdog: ends the children's process groups when ``hotline center run`` dies.

    python -m telephony.center.watchdog        # stdin: the write end stays with its parent only

Its parent writes ``+<pgid>`` for every child it starts and ``-<pgid>`` for every one it has
stopped itself, and ``bye`` before a clean exit. When stdin reaches its end without ``bye`` — the
parent died, even by SIGKILL — every group still listed gets SIGTERM, then SIGKILL after two
seconds (a Kamailio's workers are in its group: the SIP port is freed). The children also get
PR_SET_PDEATHSIG (telephony.center.procs); this covers what that cannot: a Kamailio whose main
process died alone, and the moment before a child has set it. Runs in its own session, without
PR_SET_PDEATHSIG, so it outlives its parent long enough to do this; :class:`Watchdog` is the
parent's side.
"""

from __future__ import annotations

import subprocess
import sys

from telephony.center.child import python_env
from telephony.spawn import module_argv


class Watchdog:
    """The parent's side: start the watchdog process, tell it which groups to end."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(module_argv("telephony.center.watchdog"), stdin=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, env=python_env(), start_new_session=True,
                                     text=True)
        self.pid = self.proc.pid
        self.groups: set[int] = set()

    def _say(self, line: str) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass  # it died: the supervisor restarts it and says every group again

    def watch(self, pgid: int) -> None:
        self.groups.add(pgid)
        self._say(f"+{pgid}")

    def unwatch(self, pgid: int) -> None:
        self.groups.discard(pgid)
        self._say(f"-{pgid}")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def restart(self) -> None:
        """A new watchdog process told every group the old one knew."""
        groups = set(self.groups)
        self.__init__()  # type: ignore[misc]
        for pgid in sorted(groups):
            self.watch(pgid)

    def close(self) -> None:
        """The parent ends cleanly (its children stopped): the watchdog leaves without killing."""
        self._say("bye")
        if self.proc.stdin is not None:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def main() -> int:
    """Read the groups from stdin until it ends; end the groups unless told ``bye``."""
    import signal

    from telephony.center.procs import end_group

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C meant for the parent is not for us
    groups: set[int] = set()
    for line in sys.stdin:
        word = line.strip()
        if word == "bye":
            return 0
        if word[:1] in "+-" and word[1:].isdigit():
            (groups.add if word[0] == "+" else groups.discard)(int(word[1:]))
    for pgid in sorted(groups):
        print(f"watchdog: the center died; ending process group {pgid}", file=sys.stderr, flush=True)
    import os

    for pgid in groups:  # SIGTERM to all at once, then each gets its grace
        try:
            os.killpg(pgid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for pgid in sorted(groups):
        end_group(pgid, grace=2.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
