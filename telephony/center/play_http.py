"""The center's playback-grant service: a desk asks for a recording's signed URL over HTTP.

    server = GrantServer(engine, issuer, host="127.0.0.1", port=0); server.start(); server.url
    POST /grant  {"recording_id": "...", "action": "play"|"download"}   Authorization: Basic login:password

The person is signed in against the center's accounts (storage.accounts.sign_in, a disabled or wrong
login is 401), their role and group make the Viewer, and PlaybackIssuer checks, audits and signs.
Answers are JSON: 200 {url, expires, audit_id}; 401 {code: sign-in}; 403 {code: role | other-agent |
other-group | …}; 404 {code: unknown}; 409 {code: quarantined | withdrawn | not-verified}; 410 {code: purged}; 400 bad
request; 503 {code: database} when the central database is away. Only the center holds the store's
secret: a desk never signs.
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from hotline.accounts import LoginRefused
from hotline.recording_access import AccessDenied, RecordingUnavailable, Viewer
from telephony.center.playback import PlaybackIssuer

MAX_BODY = 4096


def viewer_of(account: Any) -> Viewer:
    return Viewer(account.login, account.role, account.unit_id, account.sip_user)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        return

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        from sqlalchemy.exc import SQLAlchemyError

        from storage.accounts import sign_in

        if self.path != "/grant":
            return self._answer(404, {"code": "no-such-path"})
        try:
            auth = self.headers.get("Authorization", "")
            login, _, password = base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                raise ValueError("body too long")
            body = json.loads(self.rfile.read(length) or b"{}")
            recording_id, action = str(body["recording_id"]), str(body.get("action", "play"))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return self._answer(400, {"code": "bad-request"})
        try:
            account = sign_in(self.server.engine, login, password, role="center")
            grant = self.server.issuer.issue(viewer_of(account), recording_id, action)
        except LoginRefused:
            return self._answer(401, {"code": "sign-in"})
        except AccessDenied as exc:
            return self._answer(403, {"code": exc.code})
        except RecordingUnavailable as exc:
            return self._answer({"unknown": 404, "purged": 410}.get(exc.code, 409), {"code": exc.code})
        except SQLAlchemyError:
            return self._answer(503, {"code": "database"})
        return self._answer(200, {"url": grant.url, "expires": grant.expires, "audit_id": grant.audit_id})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    engine: Any
    issuer: PlaybackIssuer


class GrantServer:
    """See the module docstring."""

    def __init__(self, engine: Any, issuer: PlaybackIssuer, host: str = "127.0.0.1", port: int = 0) -> None:
        self.httpd = _Server((host, port), _Handler)
        self.httpd.engine, self.httpd.issuer = engine, issuer
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="play-grants", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
