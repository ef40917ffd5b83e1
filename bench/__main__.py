"""``python -m bench NAME [options]``: run one benchmark; its last printed line is a JSON object."""

from __future__ import annotations

import importlib
import sys

BENCHES = {"tickets": "bench.tickets", "softphone": "bench.softphone", "kb-desk": "bench.kb_desk",
           "knowledge": "bench.knowledge", "board": "bench.board", "center": "bench.center",
           "screenpop": "bench.screenpop", "desk-lists": "bench.desk_lists", "desk": "bench.desk",
           "chaos-director": "bench.chaos_director",
           "recstore": "bench.recstore",
           "guard": "bench.guard",
           "recordings": "bench.recordings",
           "installer": "bench.installer",
           "board-live": "bench.board_live",
           "supervision": "bench.supervision",
           "chaos": "bench.chaos"}


def main(argv: list[str]) -> int:
    """Dispatch to ``bench.<name>.main(argv)``."""
    if not argv or argv[0] not in BENCHES:
        print(f"usage: python -m bench {{{'|'.join(BENCHES)}}} [options]", file=sys.stderr)
        return 2
    module = importlib.import_module(BENCHES[argv[0]])
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
