"""Desk processes keep writing and syncing through a central outage: nothing lost, nothing twice.

Four real desk processes (bench.chaos_writer: each its own SQLite working copy, the real sync of
storage.sync) write tickets, recordings' metadata and knowledge articles against the real PostgreSQL reached through a
TCP proxy; the proxy is cut (every connection dropped, new ones refused) while they keep writing,
then restored. After they drain and pull, the center holds every event, ticket, recording and article
once, and every desk holds exactly the center's events, folded tickets, recordings (facts, state,
Call-IDs) and articles. ``python -m bench
chaos`` runs the same drill with 20 desks against a PostgreSQL cluster it stops with pg_ctl.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url

from bench.chaos_sync import run_outage
from tests.storage.tcp_proxy import TcpProxy


def test_desks_write_through_a_central_outage_and_converge(tmp_path, pg_url):
    url = make_url(pg_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    through = url.set(port=proxy.port).render_as_string(hide_password=False)
    try:
        result = run_outage(tmp_path, through, proxy.cut, proxy.restore, direct_url=pg_url, desks=4,
                            before_s=6, outage_s=12, after_s=6, write_every=0.7, say=lambda _line: None)
    finally:
        proxy.cut()
    assert result["desks_without_report"] == [] and result["exit_codes"] == [0]
    assert result["sync_failures"] > 0  # the desks did meet the outage
    assert result["tickets"] >= 8 and result["articles"] >= 1 and result["events"] > result["tickets"]
    assert result["recordings"] >= 4 and result["recordings_uploaded_at_center"] >= 1
    assert result["lost"] == 0 and result["recordings_lost"] == 0
    assert result["duplicated"] == 0 and result["recordings_duplicated"] == 0
    assert result["diverged_what"] == [] and result["pending_after"] == 0
