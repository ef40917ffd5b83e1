"""Settings: a bad value is named next to its field; a good one is saved atomically and read back."""

from __future__ import annotations

import json

import pytest

from desktop.app.settings import DeskSettings, SettingsError, check_values, load_settings, save_settings
from desktop.ui.settingsdialog import SettingsDialog

pytestmark = pytest.mark.desk


def test_the_dialog_names_a_bad_field_and_saves_nothing(qtbot):
    current = DeskSettings()
    dialog = SettingsDialog({"center": "127.0.0.1:5060", "seat": "001"}, lambda v: check_values(current, v))
    qtbot.addWidget(dialog)
    dialog.fields["seat"].setText("7")
    dialog._save()
    assert dialog.saved is None and dialog.errors["seat"].isVisibleTo(dialog)
    assert "三位数字" in dialog.errors["seat"].text()
    dialog.fields["seat"].setText("007")
    dialog.fields["center"].setText("center-host")
    dialog._save()
    assert dialog.saved is None and dialog.errors["center"].isVisibleTo(dialog)
    dialog.fields["center"].setText("127.0.0.1:5090")
    dialog._save()
    assert dialog.saved is not None and dialog.saved["seat"] == "007"


def test_settings_round_trip_and_a_broken_file_is_a_named_error(tmp_path):
    path = tmp_path / "desk.json"
    save_settings(DeskSettings(center="127.0.0.1:5090", seat="012"), path)
    assert load_settings(path).seat == "012"
    path.write_text(json.dumps({"seat": "012", "colour": "red"}), encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert err.value.field == "colour"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert err.value.field == "file"


def test_the_center_link_settings_are_checked_and_reach_the_softphone(tmp_path):
    from telephony.softphone import SoftphoneConfig

    for values, bad in (({"sip_transport": "tcp"}, "sip_transport"), ({"srtp": "yes"}, "srtp"),
                        ({"srtp": "optional"}, "srtp"),  # SRTP keys need TLS signalling
                        ({"tls_ca_file": str(tmp_path / "ca.pem")}, "tls_ca_file"),  # without tls
                        ({"sip_transport": "tls", "tls_ca_file": str(tmp_path / "missing.pem")}, "tls_ca_file")):
        with pytest.raises(SettingsError) as err:
            DeskSettings(**values).validate()
        assert err.value.field == bad
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    path = tmp_path / "desk.json"
    save_settings(DeskSettings(center="127.0.0.1:5061", sip_transport="tls", srtp="optional", tls_ca_file=str(ca)),
                  path)
    link = load_settings(path).softphone_security()
    assert link == {"registrar": "sip:127.0.0.1:5061;transport=tls", "transport": "tls", "srtp": "optional",
                    "tls_ca_file": ca}
    assert SoftphoneConfig(user="1001", password="pw", **link).transport == "tls"
    assert DeskSettings().softphone_security() == {"registrar": "sip:127.0.0.1:5060", "transport": "udp",
                                                   "srtp": "off", "tls_ca_file": None}
