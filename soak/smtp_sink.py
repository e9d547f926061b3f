"""A tiny SMTP server for the soak's mail phase: accepts every message on loopback and keeps it in memory.

Enough of RFC 5321 for Python's smtplib (what Django's SMTP backend uses): EHLO/HELO, MAIL, RCPT, DATA
(with dot-unstuffing), RSET, NOOP, QUIT. No TLS, no authentication, no relaying: nothing leaves.
(The standard library's ``smtpd`` is deprecated and gone in Python 3.12.)
"""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Delivered:
    sender: str
    recipients: tuple[str, ...]
    subject: str
    message_id: str


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        sink: SmtpSink = self.server.sink  # type: ignore[attr-defined]
        sender, recipients = "", []
        self.reply("220 soak-sink ESMTP")
        while True:
            raw = self.rfile.readline(10_000)
            if not raw:
                return
            command = raw.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                self.reply("250-soak-sink")
                self.reply("250 8BITMIME")
            elif verb == "HELO":
                self.reply("250 soak-sink")
            elif verb == "MAIL":
                sender, recipients = command.partition(":")[2].strip().strip("<>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.partition(":")[2].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    line = self.rfile.readline(1_000_000)
                    if not line or line in (b".\r\n", b".\n"):
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                sink.deliver(Delivered(sender, tuple(recipients), str(message["Subject"]), str(message["Message-ID"])))
                sender, recipients = "", []
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                if verb == "RSET":
                    sender, recipients = "", []
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SmtpSink:
    """``start()`` listens on 127.0.0.1:port in a thread; ``stop()`` closes the port (a mail server down)."""

    def __init__(self, port: int):
        self.port = port
        self.lock = threading.Lock()
        self.messages: list[Delivered] = []
        self._server: _Server | None = None

    def deliver(self, message: Delivered) -> None:
        with self.lock:
            self.messages.append(message)

    def start(self) -> None:
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.sink = self  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def received(self) -> list[Delivered]:
        with self.lock:
            return list(self.messages)
