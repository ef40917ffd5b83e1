"""The desk's side of playback grants: ask the center's grant service (telephony.center.play_http).

    client = GrantClient("http://127.0.0.1:8045", login, password)
    url = client.grant(recording_id, "play")     # or GrantRefused(code), FetchError store-down style codes

Runs on a worker thread (blocking HTTP). ``GrantRefused.code`` is the center's: sign-in, role,
other-agent, other-group, unknown, quarantined, withdrawn, purged, not-verified, database; ``center-down``
when the service does not answer.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request


class GrantRefused(Exception):
    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code


class GrantClient:
    """See the module docstring."""

    def __init__(self, base_url: str, login: str, password: str, timeout: float = 10.0) -> None:
        self.base_url, self.timeout = base_url.rstrip("/"), timeout
        self._auth = "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()

    def grant(self, recording_id: str, action: str = "play") -> str:
        body = json.dumps({"recording_id": recording_id, "action": action}).encode()
        req = urllib.request.Request(f"{self.base_url}/grant", data=body, method="POST",
                                     headers={"Authorization": self._auth, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - the center's service
                return str(json.loads(resp.read())["url"])
        except urllib.error.HTTPError as exc:
            try:
                code = str(json.loads(exc.read()).get("code", exc.code))
            except ValueError:
                code = str(exc.code)
            raise GrantRefused(code, f"HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise GrantRefused("center-down", str(exc)) from None
