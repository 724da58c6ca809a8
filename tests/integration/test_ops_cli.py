"""`helpdesk check-config`, and a malformed setting stopping every entry point with one line
and a non-zero exit (issue #9); the processes' logs are JSON lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-very-secret-session-key-0123456789"


def run(args: list[str], tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin", "HELPDESK_INSTANCE_PATH": str(tmp_path), **variables}
    return subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def helpdesk(args: list[str], tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    return run(["-m", "helpdesk.cli", *args], tmp_path, **variables)


def test_check_config_prints_effective_settings_with_secrets_masked(tmp_path):
    done = helpdesk(["check-config"], tmp_path, HELPDESK_SECRET_KEY=SECRET,
                    HELPDESK_DATABASE_URL="postgresql://desk:db-pass-42@db.example/helpdesk",
                    HELPDESK_WEB_PORT="8080", HELPDESK_SMTP_PROT="25")
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line for line in done.stdout.splitlines() if line.startswith("HELP")}
    assert "8080" in rows["HELPDESK_WEB_PORT"] and "[environment]" in rows["HELPDESK_WEB_PORT"]
    assert "2525" in rows["HELPDESK_SMTP_PORT"] and "[default]" in rows["HELPDESK_SMTP_PORT"]
    assert "***" in rows["HELPDESK_SECRET_KEY"]
    assert "postgresql://desk:***@db.example/helpdesk" in rows["HELPDESK_DATABASE_URL"]
    assert SECRET not in done.stdout + done.stderr
    assert "db-pass-42" not in done.stdout + done.stderr
    assert "HELPDESK_SMTP_PROT is not a setting and is ignored; did you mean " \
           "HELPDESK_SMTP_PORT?" in done.stderr
    assert "Settings are valid." in done.stdout


@pytest.mark.parametrize("command", [
    ["check-config"],
    ["init-db"],
    ["sla", "deadline", "--sla", "type1", "--priority", "P2", "--clock", "reaction",
     "--start", "2026-02-02T10:00:00+01:00"],
])
def test_a_malformed_setting_stops_every_command_with_one_line(tmp_path, command):
    done = helpdesk(command, tmp_path, HELPDESK_MAIL_FROM="not an address")
    assert done.returncode == 1
    assert done.stderr.strip() == ("Error: HELPDESK_MAIL_FROM must be an e-mail address, "
                                   "got 'not an address'")
    assert done.stdout == ""


def test_the_wsgi_entry_point_stops_with_one_line_too(tmp_path):
    done = run(["-c", "import wsgi"], tmp_path, HELPDESK_LOG_LEVEL="chatty")
    assert done.returncode == 1
    assert done.stderr.strip() == ("Error: HELPDESK_LOG_LEVEL must be one of DEBUG, INFO, "
                                   "WARNING, ERROR, CRITICAL, got 'chatty'")


def test_the_wsgi_entry_point_needs_the_base_url(tmp_path):
    """#18: links in mail come from HELPDESK_BASE_URL, so production must set it."""
    done = run(["-c", "import wsgi"], tmp_path, HELPDESK_SECRET_KEY=SECRET)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("Error: HELPDESK_BASE_URL is required in production")
    fine = run(["-c", "import wsgi; print(wsgi.app.config['TRUSTED_HOSTS'])"], tmp_path,
               HELPDESK_SECRET_KEY=SECRET, HELPDESK_BASE_URL="https://desk.example.com")
    assert fine.returncode == 0, fine.stderr
    assert "'desk.example.com', 'localhost', '127.0.0.1', '::1'" in fine.stdout


def test_check_config_says_when_the_base_url_is_missing(tmp_path):
    done = helpdesk(["check-config"], tmp_path, HELPDESK_SECRET_KEY=SECRET)
    assert "HELPDESK_BASE_URL is empty" in done.stderr


def test_a_command_logs_json_lines_to_stderr(tmp_path):
    done = helpdesk(["sla", "deadline", "--sla", "type1", "--priority", "P2", "--clock",
                     "reaction", "--start", "2026-02-02T10:00:00+01:00"], tmp_path,
                    HELPDESK_LOG_FORMAT="json", HELPDESK_WEBPORT="1")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["deadline"] == "2026-02-03T09:00:00Z"  # stdout stays clean
    (line,) = [json.loads(text) for text in done.stderr.splitlines()]
    assert line["event"] == "config.unknown_variable" and line["level"] == "warning"
    assert "did you mean HELPDESK_WEB_PORT?" in line["message"]
