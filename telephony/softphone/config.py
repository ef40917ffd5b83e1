"""How a softphone is set up: its SIP identity, registrar (or direct mode), audio and recording."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SoftphoneConfig:
    """One agent's phone.

    ``registrar=None`` is the lab's direct mode: no REGISTER, the phone answers at
    ``sip:<user>@<bind>:<port>``. With a registrar, the account registers with digest
    credentials (``user``/``password``), re-registers every ``reg_expires`` seconds and retries a
    failed registration every ``reg_retry_s``.
    """

    user: str
    bind: str = "127.0.0.1"
    port: int = 0  # SIP UDP port; 0 picks a free one
    registrar: str | None = None  # e.g. "sip:127.0.0.1:5060"
    domain: str | None = None  # SIP domain for numbers and the account URI; default: registrar host
    password: str = ""
    display_name: str = ""
    reg_expires: int = 300
    reg_retry_s: int = 10
    rtp_port: int = 0  # first RTP port; 0 picks a free range
    sound_device: str = "null"  # "null" (headless, tests, lab) or "default"
    voice_tone_hz: float | None = None  # stand-in for the agent's microphone: a steady tone
    voice_wav: Path | None = None  # ... or a WAV played in a loop
    recording_dir: Path | None = None  # None: no recording
    ear_recording: Path | None = None  # what the agent hears, to this WAV (diagnostics, tests)
    recording_format: str = "OPUS"
    recording_min_free_mb: float = 50.0  # below this free space on the recording disk: alarm
    auto_answer: bool = False
    no_answer_timeout_s: float = 60.0  # an outgoing call that nobody answers is cancelled
    media_timeout_s: float = 30.0  # a confirmed call with no RTP for this long is hung up
    clock_rate: int = 16000
    log_level: int = 1
    transport: str = "udp"  # "tls": SIP over TLS 1.2 (registrar "sip:HOST:PORT;transport=tls"), ARCHITECTURE.md
    srtp: str = "off"  # "mandatory": SRTP (SDES) or no call (488); "optional": SRTP when offered
    tls_ca_file: Path | None = None  # verify the center's certificate against this CA (None: not verified)

    def __post_init__(self) -> None:
        if self.transport not in ("udp", "tls"):
            raise ValueError(f"transport must be udp or tls, not {self.transport!r}")
        if self.srtp not in ("off", "optional", "mandatory"):
            raise ValueError(f"srtp must be off, optional or mandatory, not {self.srtp!r}")

    def sip_domain(self) -> str | None:
        """The domain numbers are dialled in (registrar host, or the configured domain)."""
        if self.domain:
            return self.domain
        if self.registrar:
            host = self.registrar.split(":", 1)[1] if ":" in self.registrar else self.registrar
            return host.split(";")[0]
        return None
