"""Waiting for the intake, counting what it stored, and a proxy that drops connections."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable

from sqlalchemy import func, select

from helpdesk.extensions import db
from helpdesk.models import InboundMail, Ticket


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        db.session.rollback()
        if condition():
            return True
        time.sleep(0.05)
    return False


def tickets() -> int:
    return db.session.scalar(select(func.count()).select_from(Ticket)) or 0


def stored_by_state() -> Counter[str]:
    return Counter(db.session.scalars(select(InboundMail.state)).all())


def stored_keys() -> Counter[str]:
    return Counter(db.session.scalars(select(InboundMail.dedup_key)).all())


class CuttingProxy:
    """A loopback TCP proxy to the IMAP server that cuts its first connection once the
    server has sent `cut_after` bytes (the connection dropped in the middle of a fetch);
    later connections pass untouched."""

    def __init__(self, target_port: int, *, cut_after: int) -> None:
        self.target_port = target_port
        self.cut_after = cut_after
        self.connections = 0
        self.cuts = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._stopping = False
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._stopping = True
        self._server.close()

    def _accept(self) -> None:
        while not self._stopping:
            try:
                downstream, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            budget = self.cut_after if self.connections == 1 else None
            threading.Thread(target=self._pipe, args=(downstream, upstream, None),
                             daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, downstream, budget),
                             daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, budget: int | None) -> None:
        sent = 0
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if budget is not None and sent + len(data) >= budget:
                    sink.sendall(data[:max(budget - sent, 0)])
                    self.cuts += 1
                    break
                sink.sendall(data)
                sent += len(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
