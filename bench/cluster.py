"""A helpdesk "cluster" on loopback, for tests/integration/test_cluster.py and bench/load_run.py.

Real processes as in production, sharing one PostgreSQL database: gunicorn web servers,
`helpdesk smtpd` listeners and `helpdesk scheduler`s (one of which leads). Plus the clients
the two need: a browser-like session that logs in and posts forms with their CSRF token,
and an SMTP sender.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import smtplib
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
HELPDESK_ADDRESS = "helpdesk@provider.example"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process {process.args} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


@dataclass
class Service:
    """One process of the cluster; restartable on the same port."""

    kind: str  # "web", "smtp" or "scheduler"
    name: str
    command: list[str]
    env: dict[str, str]
    log_path: Path
    port: int | None = None
    process: subprocess.Popen | None = None
    restarts: int = 0

    def start(self, *, wait: bool = True) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(self.command, env=self.env, cwd=ROOT, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        if wait and self.port is not None:
            wait_for_port(self.port, self.process)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group (gunicorn's workers too), as a crash would."""
        if self.alive():
            assert self.process is not None
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if not self.alive():
            return
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


@dataclass
class Cluster:
    database_url: str
    folder: Path
    web: int = 2
    smtp: int = 2
    schedulers: int = 2
    web_workers: int = 1
    web_threads: int = 4
    settings: dict[str, str] = field(default_factory=dict)
    services: list[Service] = field(default_factory=list)

    def __post_init__(self) -> None:
        base = dict(os.environ, HELPDESK_DATABASE_URL=self.database_url,
                    HELPDESK_SECRET_KEY="cluster-secret-key",
                    HELPDESK_BASE_URL="http://127.0.0.1",
                    HELPDESK_INSTANCE_PATH=str(self.folder), PYTHONPATH=str(ROOT),
                    **self.settings)
        base.pop("HELPDESK_TEST_DATABASE_URL", None)
        for n in range(self.web):
            port = free_port()
            self.services.append(Service("web", f"web{n + 1}", [
                str(BIN / "gunicorn"), "--workers", str(self.web_workers), "--threads",
                str(self.web_threads), "--worker-class", "gthread",
                "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
                base, self.folder / f"web{n + 1}.log", port))
        for n in range(self.smtp):
            port = free_port()
            self.services.append(Service("smtp", f"smtp{n + 1}", [
                str(BIN / "helpdesk"), "smtpd"], dict(base, HELPDESK_SMTP_PORT=str(port)),
                self.folder / f"smtp{n + 1}.log", port))
        for n in range(self.schedulers):
            self.services.append(Service("scheduler", f"scheduler{n + 1}", [
                str(BIN / "helpdesk"), "scheduler"], base,
                self.folder / f"scheduler{n + 1}.log"))

    def of(self, kind: str) -> list[Service]:
        return [s for s in self.services if s.kind == kind]

    def start(self) -> None:
        for service in self.services:
            service.start(wait=False)
        for service in self.services:
            if service.port is not None:
                assert service.process is not None
                wait_for_port(service.port, service.process)

    def stop(self) -> None:
        for service in self.services:
            service.stop()

    def logs(self) -> str:
        return "\n".join(f"--- {s.name}\n{s.log_path.read_text(errors='replace')[-3000:]}"
                         for s in self.services if s.log_path.exists())


LEADER_QUERY = """
SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = :key
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
"""


def leader_pid(connection) -> int | None:  # type: ignore[no-untyped-def]
    """The OS pid of the scheduler holding the advisory lock (its connection says which)."""
    from sqlalchemy import text

    from helpdesk.jobs.leader import LOCK_KEY

    names = connection.execute(text(LEADER_QUERY), {"key": LOCK_KEY}).scalars().all()
    for name in names:
        found = re.search(r"pid=(\d+)", name or "")
        if found:
            return int(found.group(1))
    return None


class WebSession:
    """A browser-like client on one server: keeps its session cookie, knows the CSRF token."""

    def __init__(self, port: int, timeout: float = 30) -> None:
        self.port = port
        self.timeout = timeout
        self.cookie = ""
        self.token = ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def request(self, method: str, path: str,
                form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """Returns (status, Location header, body); connection errors propagate."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode({"csrf_token": self.token, **form})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";")[0]
        token = CSRF.search(text)
        if token:
            self.token = token.group(1)
        return response.status, response.getheader("Location") or "", text

    def switch(self, port: int) -> None:
        """Go to another server (as a load balancer would); the signed session goes along."""
        self.conn.close()
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=self.timeout)

    def log_in(self, audience: str, email: str, password: str) -> None:
        self.request("GET", f"/{audience}/login")
        status, _, _ = self.request("POST", f"/{audience}/login",
                                    {"email": email, "password": password})
        if status != 302:
            raise RuntimeError(f"log-in of {email} answered {status}")

    def close(self) -> None:
        self.conn.close()


def submit_incident(web: WebSession, title: str) -> str | None:
    """The portal form; returns the new ticket's reference when the server redirected to it."""
    if not web.token:
        web.request("GET", "/portal/new")
    status, location, _ = web.request("POST", "/portal/new", {
        "title": title, "urgency": "blocking", "impact": "all",
        "description": f"{title}: nothing works since this morning."})
    found = re.search(r"/portal/tickets/([^/?#]+)$", location)
    return found.group(1) if status == 302 and found else None


def mail(sender: str, subject: str, message_id: str) -> bytes:
    return (f"From: {sender}\r\nTo: {HELPDESK_ADDRESS}\r\nSubject: {subject}\r\n"
            f"Message-ID: <{message_id}>\r\nContent-Type: text/plain\r\n\r\n"
            f"{subject}: the server room is warm and nothing answers.\r\n").encode()


def send_mail(port: int, sender: str, raw: bytes, timeout: float = 30) -> bool:
    """One message on its own connection; True when the listener answered 250."""
    with smtplib.SMTP("127.0.0.1", port, timeout=timeout) as client:
        client.ehlo()
        client.mail(sender)
        client.rcpt(HELPDESK_ADDRESS)
        code, _ = client.data(raw)
    return code == 250
