"""A real Dovecot (Debian's dovecot-imapd) of the test's own: a config in a temporary
folder, a free loopback port, passwd-file users, Maildir storage. Not a mock: IDLE, MOVE,
UIDPLUS, UIDVALIDITY and XOAUTH2 (Dovecot checks the bearer token like a password) are
the server's own.

Without /usr/sbin/dovecot the IMAP tests skip, unless HELPDESK_REQUIRE_DOVECOT=1 (CI), where
they fail: as the suite treats Chromium (tests/browser/conftest.py)."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from imapclient import IMAPClient

DOVECOT = "/usr/sbin/dovecot"
USER = "support@provider.test"
PASSWORD = "mailbox-password-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def available() -> bool:
    return Path(DOVECOT).exists()


class Dovecot:
    def __init__(self, *, tls: bool = False) -> None:
        """With `tls`, also TLS on `tls_port` and STARTTLS on `port`, under a test CA
        (`ca_file`); otherwise plain text on `port` only."""
        self.root = Path(tempfile.mkdtemp(prefix="hd-dovecot-"))
        self.root.chmod(0o755)
        self.port = free_port()
        self.tls_port = free_port() if tls else 0
        self.ca_file = ""
        ssl_settings = "ssl = no"
        if tls:
            from tests.imap.certificates import make_certificates

            ca, certificate, key = make_certificates(self.root)
            self.ca_file = str(ca)
            ssl_settings = f"ssl = yes\nssl_cert = <{certificate}\nssl_key = <{key}"
        self.process: subprocess.Popen[bytes] | None = None
        if os.geteuid() == 0:  # Dovecot refuses uid 0 for mail: its own system user
            self.owner = pwd.getpwnam("dovecot")
            internal, login = "dovecot", "dovenull"
        else:
            self.owner = pwd.getpwuid(os.getuid())
            internal = login = self.owner.pw_name
        for sub in ("run", "state", "mail", "home"):
            (self.root / sub).mkdir()
        for sub in ("mail", "home"):
            os.chown(self.root / sub, self.owner.pw_uid, self.owner.pw_gid)
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        (self.root / "dovecot.conf").write_text(f"""
protocols = imap
listen = 127.0.0.1
first_valid_uid = 1
base_dir = {self.root}/run
state_dir = {self.root}/state
instance_name = hd-dovecot-{self.port}
log_path = {self.root}/dovecot.log
{ssl_settings}
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
auth_failure_delay = 0
mail_location = maildir:{self.root}/mail/%u
default_internal_user = {internal}
default_login_user = {login}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.root}/passwd
  default_fields = uid={self.owner.pw_uid} gid={self.owner.pw_gid} home={self.root}/home/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Processed {{
    auto = create
  }}
}}
""")

    def start(self) -> Dovecot:
        # A process group of its own, so that stop() can end the master and its children at
        # once: SIGTERM to the master alone makes it wait a second for them.
        self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        process_group=0)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError as refused:
                if self.process.poll() is not None:
                    stderr = self.process.stderr.read().decode()  # type: ignore[union-attr]
                    raise RuntimeError(stderr) from refused
                time.sleep(0.05)
        raise RuntimeError("dovecot did not start: " + self.log())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text() if path.exists() else ""

    def client(self) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=30)
        client.login(USER, PASSWORD)
        return client

    def append(self, messages: list[bytes], folder: str = "INBOX") -> None:
        client = self.client()
        try:
            if len(messages) > 1 and client.has_capability("MULTIAPPEND"):
                for start in range(0, len(messages), 500):
                    client.multiappend(folder, messages[start:start + 500])
            else:
                for raw in messages:
                    client.append(folder, raw)
        finally:
            client.logout()

    def uids(self, folder: str = "INBOX", criteria: str = "ALL") -> list[int]:
        client = self.client()
        try:
            client.select_folder(folder, readonly=True)
            return sorted(client.search(criteria))
        finally:
            client.logout()
