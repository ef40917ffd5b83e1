"""The desk's settings: a JSON file under the data directory, validated with clear messages.

    settings = load_settings()          # defaults when the file is missing
    settings.center = "127.0.0.1:5060"
    save_settings(settings)             # written atomically (temp file, fsync, rename)

A file that cannot be read or holds a bad value is a :class:`SettingsError` naming the field and
what is wrong; the desk shows it and offers the settings dialog instead of failing.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop.ui.tr import tr
from hotline.paths import data_dir


class SettingsError(ValueError):
    """A settings value is wrong: ``field`` names it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(tr("设置项 {0}：{1}", name, message))
        self.field = name


@dataclass
class DeskSettings:
    center: str = "127.0.0.1:5060"  # the center's SIP address (host:port; the TLS port with sip_transport tls)
    sip_transport: str = "udp"  # "tls": SIP over TLS 1.2 to a center run with --tls-port
    srtp: str = "off"  # "optional": SRTP (SDES) when the other end offers/accepts it; "mandatory": or no call
    tls_ca_file: str = ""  # the center's CA (hotline center status); empty with tls: the center is not verified
    central_db: str = ""  # the central database URL; empty: work on the local copy alone
    playback_url: str = ""  # the center's playback-grant service (http://host:port); empty: no recordings
    local_db: str = ""  # the working copy; empty: the data directory's
    seat: str = "001"  # the seat number in ticket numbers
    profile: str = "national"  # the jurisdiction profile new tickets use
    recording_dir: str = ""  # empty: <data dir>/recordings
    sound_device: str = "null"  # "default" on a workstation with a headset; "null" headless
    sync_every_s: int = 5
    recording_store: str = ""  # the center's recording store (nginx), e.g. http://10.0.0.5:8090; empty: keep local
    recording_upload_key: str = ""  # this desk's key: hotline center upload-key <extension>
    language: str = "zh_CN"
    lines: list[list[str]] = field(default_factory=lambda: [["110", "公安"], ["119", "消防"], ["120", "急救"],
                                                             ["122", "交警"], ["95598", "供电"]])

    def validate(self) -> DeskSettings:
        host, _, port = self.center.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise SettingsError("center", tr("应为 主机:端口，例如 127.0.0.1:5060（got {0}）", repr(self.center)))
        self._validate_security()
        if not (self.seat.isdigit() and len(self.seat) == 3):
            raise SettingsError("seat", tr("坐席号应为三位数字，例如 007（got {0}）", repr(self.seat)))
        from hotline.policy_loader import profile_ids

        if self.profile not in profile_ids():
            raise SettingsError("profile", tr("未知规则 {0}（可选：{1}）", repr(self.profile), ", ".join(profile_ids())))
        if self.central_db and _has_password(self.central_db):
            raise SettingsError("central_db", tr("中心数据库地址中不能含密码，请写入 ~/.pgpass（PGPASSFILE）"))
        if not 1 <= int(self.sync_every_s) <= 3600:
            raise SettingsError("sync_every_s", tr("同步间隔应在 1 到 3600 秒之间"))
        if self.sound_device not in ("null", "default"):
            raise SettingsError("sound_device", tr("应为 null 或 default"))
        if self.recording_store and not self.recording_store.startswith(("http://", "https://")):
            raise SettingsError("recording_store", tr("录音存储地址应以 http:// 或 https:// 开头（got {0}）",
                                                      repr(self.recording_store)))
        if self.recording_store and not (len(self.recording_upload_key) == 32
                                         and all(c in "0123456789abcdef" for c in self.recording_upload_key)):
            raise SettingsError("recording_upload_key", tr("录音上传密钥应为 32 位十六进制（hotline center upload-key 分机号）"))
        if self.language not in ("zh_CN", "en"):
            raise SettingsError("language", tr("应为 zh_CN 或 en"))
        if self.playback_url and not self.playback_url.startswith(("http://", "https://")):
            raise SettingsError("playback_url", tr("应为 http://主机:端口（got {0}）", repr(self.playback_url)))
        for line in self.lines:
            if len(line) != 2 or not str(line[0]).isdigit():
                raise SettingsError("lines", tr("每条线路应为 [号码, 名称]（got {0}）", repr(line)))
        return self

    def _validate_security(self) -> None:
        if self.sip_transport not in ("udp", "tls"):
            raise SettingsError("sip_transport", tr("应为 udp 或 tls（got {0}）", repr(self.sip_transport)))
        if self.srtp not in ("off", "optional", "mandatory"):
            raise SettingsError("srtp", tr("应为 off、optional 或 mandatory（got {0}）", repr(self.srtp)))
        if self.srtp != "off" and self.sip_transport != "tls":
            raise SettingsError("srtp", tr("SRTP 密钥经信令传递，须先设置 sip_transport 为 tls"))
        if self.tls_ca_file and self.sip_transport != "tls":
            raise SettingsError("tls_ca_file", tr("仅在 sip_transport 为 tls 时使用"))
        if self.tls_ca_file and not Path(self.tls_ca_file).is_file():
            raise SettingsError("tls_ca_file", tr("CA 证书文件不存在：{0}", self.tls_ca_file))

    def softphone_security(self) -> dict[str, Any]:
        """The SoftphoneConfig fields for the center link: registrar, transport, SRTP, the CA to verify."""
        suffix = ";transport=tls" if self.sip_transport == "tls" else ""
        return {"registrar": f"sip:{self.center}{suffix}", "transport": self.sip_transport, "srtp": self.srtp,
                "tls_ca_file": Path(self.tls_ca_file) if self.tls_ca_file else None}

    @property
    def recordings(self) -> Path:
        return Path(self.recording_dir) if self.recording_dir else data_dir() / "recordings"


def _has_password(url: str) -> bool:
    """Whether a database URL carries a password (kept out of the settings file: libpq's .pgpass holds it)."""
    from hotline.secrets import mask_url

    return mask_url(url) != url


def check_values(current: DeskSettings, values: dict[str, Any]) -> tuple[str, str] | None:
    """For the settings dialog: (field, message) of the first bad value in ``values``, or None."""
    merged = {**asdict(current), **values}
    try:
        DeskSettings(**merged).validate()
    except SettingsError as exc:
        return exc.field, str(exc)
    return None


def settings_path() -> Path:
    return data_dir() / "desk.json"


def load_settings(path: Path | None = None) -> DeskSettings:
    """The saved settings (defaults when there is no file); SettingsError for a bad file or value."""
    path = path or settings_path()
    if not path.exists():
        return DeskSettings().validate()
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SettingsError("file", tr("{0} 无法读取：{1}", path, exc)) from None
    if not isinstance(raw, dict):
        raise SettingsError("file", tr("{0} 应为 JSON 对象", path))
    known = {f.name for f in fields(DeskSettings)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SettingsError(unknown[0], tr("未知设置项 (unknown setting)"))
    try:
        return DeskSettings(**raw).validate()
    except TypeError as exc:
        raise SettingsError("file", str(exc)) from None


def save_settings(settings: DeskSettings, path: Path | None = None) -> Path:
    path = path or settings_path()
    settings.validate()
    write_atomic(path, json.dumps(asdict(settings), ensure_ascii=False, indent=2))
    return path


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so a crash leaves the old or the new file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:  # a full disk: no half temporary file left behind
        tmp.unlink(missing_ok=True)
        raise
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
