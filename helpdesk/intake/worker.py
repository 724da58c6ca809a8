"""A background thread that turns stored mail into tickets as soon as it arrives.

The SMTP handler pokes it after each commit; it also wakes every few seconds, so mail
stored before a crash or by another listener process is finished too.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

from helpdesk.clock import utcnow
from helpdesk.intake.mail import process_pending

log = logging.getLogger(__name__)


class IntakeWorker:
    def __init__(self, app: Flask, *, idle_seconds: float = 5.0) -> None:
        self.app = app
        self.idle_seconds = idle_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="intake-worker", daemon=True)

    def poke(self) -> None:
        self._wake.set()

    def start(self) -> IntakeWorker:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.idle_seconds)
            self._wake.clear()
            with self.app.app_context():
                try:
                    while process_pending(utcnow()):
                        pass
                except Exception:
                    log.exception("processing inbound mail failed")
