"""The simulated chip on the real PC/SC stack: a TCP client of the vsmartcard virtual reader (vpcd,
a pcscd driver listening on 127.0.0.1:35963). Connected = card on the reader; disconnected = card
taken away. Frames are a 2-byte big-endian length and a payload; a 1-byte payload is a control
(0 power off, 1 power on, 2 reset, 4 get ATR), anything longer an APDU to answer."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable

from drivers.idcard.errors import CardRemovedError
from drivers.idcard.transport import SimulatedCard

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963
_POWER_OFF, _POWER_ON, _RESET, _GET_ATR = 0, 1, 2, 4
_POLL_S = 0.2


class _Closed(Exception):
    """The reader side closed the connection."""


def _receive_exactly(sock: socket.socket, size: int, stop: threading.Event) -> bytes:
    data = b""
    while len(data) < size:
        if stop.is_set():
            raise _Closed
        try:
            chunk = sock.recv(size - len(data))
        except TimeoutError:
            continue
        _ack_quickly(sock)
        if not chunk:
            raise _Closed
        data += chunk
    return data


def _ack_quickly(sock: socket.socket) -> None:
    # vpcd writes a frame's length and its payload in two sends; with Nagle on its side and delayed
    # ACKs on ours, every APDU would wait ~40 ms for our ACK. Linux clears QUICKACK after each use.
    if hasattr(socket, "TCP_QUICKACK"):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


def _send_frame(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(len(payload).to_bytes(2, "big") + payload)


class VpcdCard:
    """Serves one simulated chip to pcscd through vpcd, on a thread of its own.

    `start()` places the card (connects, and reconnects whenever the link drops, e.g. pcscd
    restarting); `take_away()` and `place()` are a tester's hand; `stop()` ends it all. When the
    chip's removal fault fires the card leaves the field and comes back after `return_after_s`."""

    def __init__(self, card: SimulatedCard, atr: bytes, host: str = DEFAULT_HOST,
                 port: int = DEFAULT_PORT, return_after_s: float = 0.5,
                 on_state: Callable[[str], None] | None = None) -> None:
        self.card = card
        self.atr = atr
        self.host = host
        self.port = port
        self.return_after_s = return_after_s
        self.on_state = on_state or (lambda _state: None)
        self.connected = threading.Event()
        self._placed = threading.Event()
        self._placed.set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()

    def start(self) -> VpcdCard:
        self._thread = threading.Thread(target=self.run, name="vpcd-card", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._placed.set()
        self._close()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def take_away(self) -> None:
        """The card leaves the reader until `place()`."""
        self._placed.clear()
        self._close()

    def place(self) -> None:
        self._placed.set()

    def wait_connected(self, timeout_s: float) -> bool:
        return self.connected.wait(timeout_s)

    def _close(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def run(self) -> None:
        """Connect, serve, and reconnect until stopped (the CLI calls this directly)."""
        while not self._stop.is_set():
            self._placed.wait()
            if self._stop.is_set():
                break
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
            except OSError as exc:
                log.debug("vpcd not reachable at %s:%d: %s", self.host, self.port, exc)
                self._stop.wait(_POLL_S * 2)
                continue
            sock.settimeout(_POLL_S)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            _ack_quickly(sock)
            with self._lock:
                self._sock = sock
            self.connected.set()
            self.on_state("inserted")
            removed = self._serve(sock)
            self.connected.clear()
            self._close()
            self.on_state("removed")
            if removed:
                self._stop.wait(self.return_after_s)

    def _serve(self, sock: socket.socket) -> bool:
        """Answer frames until the link drops; True when the chip's removal fault fired."""
        try:
            while not self._stop.is_set():
                size = int.from_bytes(_receive_exactly(sock, 2, self._stop), "big")
                payload = _receive_exactly(sock, size, self._stop)
                answer = self._answer(payload)
                if answer is not None:
                    _send_frame(sock, answer)
        except CardRemovedError:
            log.info("simulated card taken away (fault)")
            return True
        except (_Closed, OSError):
            pass
        return False

    def _answer(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            control = payload[0]
            if control in (_POWER_ON, _RESET):
                self.card.power_on()
            elif control == _POWER_OFF:
                self.card.power_off()
            elif control == _GET_ATR:
                return self.atr
            return None
        return self.card.process(payload)
