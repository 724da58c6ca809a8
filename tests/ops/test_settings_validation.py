"""Every HELPDESK_* setting is checked at start by its kind, with a one-line error
(issue #9); unknown HELPDESK_ variables are warned about as likely typos."""

from __future__ import annotations

import pytest

from helpdesk.config import DEFAULTS, SettingsError, check_environment, from_environment
from helpdesk.config_spec import KINDS, masked, parser_for

# date_free: settings, catalogues and template lint, no time in them; no clock read, no database.
pytestmark = pytest.mark.date_free


def settings(tmp_path, **variables: str) -> dict:
    return from_environment({f"HELPDESK_{k}": v for k, v in variables.items()}, tmp_path)


def refused(tmp_path, name: str, value: str) -> str:
    with pytest.raises(SettingsError) as caught:
        settings(tmp_path, **{name: value})
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"HELPDESK_{name} must ")
    return message


@pytest.mark.parametrize("value", ["0", "65536", "-1", "80x", "http"])
def test_ports_are_whole_numbers_from_1_to_65535(tmp_path, value):
    assert "whole number" in refused(tmp_path, "WEB_PORT", value)
    assert "whole number" in refused(tmp_path, "SMTP_PORT", value)


def test_a_valid_port_is_read_as_a_number(tmp_path):
    assert settings(tmp_path, WEB_PORT="8080", SMTP_PORT=" 25 ")["WEB_PORT"] == 8080


@pytest.mark.parametrize(("name", "value"), [
    ("SMTP_MAX_MESSAGE_BYTES", "100"),  # below 1 KiB: no real mail fits
    ("LOGIN_LOCKOUT_FAILURES", "0"),  # seed 000: a lock-out after repeated failures
    ("LOGIN_LOCKOUT_SECONDS", "0"),
    ("PASSWORD_RESET_MAX_AGE", "30"),  # a link that expires before it arrives
    ("SUPPLIER_REMINDER_DAYS", "0"),
])
def test_numbers_outside_their_range_are_refused(tmp_path, name, value):
    assert "whole number" in refused(tmp_path, name, value)


def test_a_number_setting_added_to_the_defaults_is_checked_as_a_number(tmp_path):
    assert parser_for("SOMETHING_NEW", 5)("SOMETHING_NEW", "7") == 7
    with pytest.raises(SettingsError, match="HELPDESK_SOMETHING_NEW must be a whole number"):
        parser_for("SOMETHING_NEW", 5)("SOMETHING_NEW", "seven")


@pytest.mark.parametrize("value", ["helpdesk", "a b@x.example", "x@", "@x.example",
                                   "x@-bad-.example", "x@y..example"])
def test_the_sender_must_be_an_email_address(tmp_path, value):
    assert "an e-mail address" in refused(tmp_path, "MAIL_FROM", value)


def test_a_local_sender_domain_is_accepted(tmp_path):
    # The demo's helpdesk.localhost is no public domain, but a valid one for a local run.
    assert settings(tmp_path, MAIL_FROM="desk@helpdesk.localhost")["MAIL_FROM"] == \
        "desk@helpdesk.localhost"


@pytest.mark.parametrize("value", ["helpdesk example", "-x.example", "x_y.example", "1.2.3.4"])
def test_the_mail_domain_must_be_a_domain_name(tmp_path, value):
    refused(tmp_path, "MAIL_DOMAIN", value)


@pytest.mark.parametrize("value", ["ftp://x.example", "x.example", "https://", "https://x:99999",
                                   "https://x.example/?a=1", "http://[bad"])
def test_the_base_url_must_be_an_http_url(tmp_path, value):
    assert "http:// or https:// URL" in refused(tmp_path, "BASE_URL", value)


def test_a_base_url_loses_its_trailing_slash(tmp_path):
    assert settings(tmp_path, BASE_URL="https://desk.example/")["BASE_URL"] == \
        "https://desk.example"


@pytest.mark.parametrize("value", ["smtp example", "relay.example:0", "relay.example:smtp",
                                   "relay.example:70000"])
def test_the_relay_is_host_and_optional_port(tmp_path, value):
    assert "host[:port]" in refused(tmp_path, "SMTP_RELAY", value)


def test_good_relays(tmp_path):
    for value in ("relay.example", "relay.example:587", "10.0.0.5:25"):
        assert settings(tmp_path, SMTP_RELAY=value)["SMTP_RELAY"] == value


def test_a_bad_database_url_never_echoes_its_password(tmp_path):
    message = refused(tmp_path, "DATABASE_URL", "postgresql//user:s3cret-pw@host/db")
    assert "s3cret-pw" not in message
    assert "SQLite or PostgreSQL" in refused(tmp_path, "DATABASE_URL",
                                             "mysql://u:s3cret-pw@h/db")
    assert "host" in refused(tmp_path, "DATABASE_URL", "postgresql:///db")


def test_good_database_urls(tmp_path):
    for url in ("sqlite:///x.sqlite3", "postgresql://u:p@127.0.0.1:5432/helpdesk",
                "postgres://u@h/db"):
        assert settings(tmp_path, DATABASE_URL=url)["DATABASE_URL"] == url


def test_the_instance_path_must_be_a_folder(tmp_path):
    afile = tmp_path / "file"
    afile.write_text("x")
    assert "a folder" in refused(tmp_path, "INSTANCE_PATH", str(afile))
    assert "a folder" in refused(tmp_path, "INSTANCE_PATH", str(afile / "below"))
    ok = settings(tmp_path, INSTANCE_PATH=str(tmp_path / "new" / "instance"))
    assert "INSTANCE_PATH" not in ok  # app.py reads it before the settings


@pytest.mark.parametrize(("name", "value"), [("LOG_FORMAT", "xml"), ("LOG_LEVEL", "loud")])
def test_log_settings_are_one_of_their_choices(tmp_path, name, value):
    assert "one of" in refused(tmp_path, name, value)


def test_log_settings_ignore_case(tmp_path):
    chosen = settings(tmp_path, LOG_FORMAT="JSON", LOG_LEVEL="debug")
    assert (chosen["LOG_FORMAT"], chosen["LOG_LEVEL"]) == ("json", "DEBUG")


@pytest.mark.parametrize("value", ["0.9,0.75", "75,90", "0.5,x", "1.0", ","])
def test_warning_shares_are_ascending_fractions(tmp_path, value):
    refused(tmp_path, "WARNING_SHARES", value)
    assert settings(tmp_path, WARNING_SHARES="0.5, 0.8")["WARNING_SHARES"] == "0.5,0.8"


def test_a_short_secret_key_is_refused_without_showing_it(tmp_path):
    message = refused(tmp_path, "SECRET_KEY", "short-key")
    assert "short-key" not in message and "16 characters" in message


def test_text_settings_are_one_line(tmp_path):
    with pytest.raises(SettingsError, match="one line"):
        parser_for("FREE_TEXT", "")("FREE_TEXT", "a\nb")


def test_every_setting_with_a_default_has_a_kind_or_a_typed_default():
    for name, default in DEFAULTS.items():
        assert name in KINDS or isinstance(default, int | str), name


def test_unknown_helpdesk_variables_are_warned_about_with_a_suggestion():
    warnings = check_environment({"HELPDESK_SMTP_PROT": "25", "HELPDESK_WEB_PORT": "80",
                                  "HELPDESK_TEST_DATABASE_URL": "x", "PATH": "/usr/bin",
                                  "HELPDESK_COMPLETELY_ELSE": "1"})
    assert warnings == [
        "HELPDESK_COMPLETELY_ELSE is not a setting and is ignored",
        "HELPDESK_SMTP_PROT is not a setting and is ignored; did you mean HELPDESK_SMTP_PORT?",
    ]


def test_check_environment_fails_on_the_first_malformed_setting():
    with pytest.raises(SettingsError, match="HELPDESK_SMTP_PORT"):
        check_environment({"HELPDESK_SMTP_PORT": "x"})


def test_secrets_and_database_passwords_are_masked_for_display():
    assert masked("SECRET_KEY", "abcdefghijklmnopqrstuvwxyz") == "***"
    assert masked("DATABASE_URL", "postgresql://u:pw@h/db") == "postgresql://u:***@h/db"
    assert masked("WEB_PORT", 5000) == "5000"
