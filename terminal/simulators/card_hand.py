"""The patient's hand over the simulated card, for testers: it places the card on the reader (and
before the camera that reads its QR code) and takes it away; `checkin sim-card place|remove`
reaches it in a running kiosk over a loopback control port."""

from __future__ import annotations

import hmac
import json
import logging
import os
import secrets
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from drivers.camera.frames import Camera, Frame
from drivers.idcard.transport import InProcessTransport, WrappedTransport
from terminal.errors import TerminalError

log = logging.getLogger(__name__)

#: The file, in the data folder, that tells `checkin sim-card place|remove` where the running
#: kiosk listens (port and token, readable by its user only).
CONTROL_FILE = "sim-card.control"
PLACE, REMOVE, STATE = "place", "remove", "state"
#: A command line is a word and a token: anything longer is not one.
_MAX_LINE = 256
_TIMEOUT_S = 2.0
#: What the camera sees where no card is held up: a plain grey desk.
_DESK_GREY = 128


class CardControlError(TerminalError):
    """No running kiosk with a simulated card to reach, or it refused the command."""


class SimulatedCardHand:
    """Holds the simulated card. `place()` lays it on the reader and shows its front to the key
    camera; `take_away()` lifts it. A card once read stays unread until it is taken away and
    placed again, as a patient's card is: the kiosk does not check the same card in again and
    again while it lies there. `listen(callback)` is told `placed` (True/False) on each change,
    from whichever thread made it."""

    def __init__(self, transport: InProcessTransport, placed: bool = False) -> None:
        self._inner = transport
        self._lock = threading.Lock()
        self._placed = placed
        self._read = False  # the card on the reader was read since it was placed
        self._listeners: list[Callable[[bool], None]] = []
        if not placed:
            transport.take_card_away()
        self.transport = _HandTransport(transport, self._was_read)

    @property
    def placed(self) -> bool:
        return self._placed

    def listen(self, callback: Callable[[bool], None]) -> None:
        self._listeners.append(callback)

    def place(self) -> None:
        with self._lock:
            if self._placed:
                return
            self._placed, self._read = True, False
            self._inner.place_card()
        log.info("simulated card placed on the reader")
        self._tell()

    def take_away(self) -> None:
        with self._lock:
            if not self._placed:
                return
            self._placed = False
            self._inner.take_card_away()
        log.info("simulated card taken away")
        self._tell()

    def front_in_view(self) -> bool:
        """Whether the key camera sees the card's front now."""
        return self._placed and not self._read

    def front_camera(self, camera: Camera) -> Camera:
        """`camera` (playing the card's front) as the key camera sees it through this hand."""
        return _CardFrontCamera(camera, self.front_in_view)

    def _was_read(self) -> None:
        with self._lock:
            self._read = self._placed

    def _tell(self) -> None:
        for callback in list(self._listeners):
            try:
                callback(self._placed)
            except Exception:  # noqa: BLE001 - a listener's fault must not undo the hand's move
                log.exception("simulated card listener failed")


class _HandTransport(WrappedTransport):
    """The in-process transport, noting when the chip is read (opened) by a check-in."""

    def __init__(self, inner: InProcessTransport, on_connect: Callable[[], None]) -> None:
        super().__init__(inner)
        self._on_connect = on_connect

    def connect(self) -> None:
        super().connect()
        self._on_connect()


class _CardFrontCamera:
    """The card front's replay while the card is in view, else a grey desk of the same size."""

    def __init__(self, camera: Camera, in_view: Callable[[], bool]) -> None:
        self._camera = camera
        self._in_view = in_view
        self._desk: np.ndarray | None = None

    def open(self) -> None:
        self._camera.open()

    def frames(self) -> Iterator[Frame]:
        for frame in self._camera.frames():
            if self._in_view():
                yield frame
                continue
            if self._desk is None or self._desk.shape != frame.image.shape:
                self._desk = np.full_like(frame.image, _DESK_GREY)
            yield Frame(self._desk, frame.timestamp, frame.index)

    def close(self) -> None:
        self._camera.close()


class CardControlServer:
    """Listens on 127.0.0.1 (a free port) for `place`, `remove` and `state`, each with the token
    written beside the port in `control_file` (mode 0600, removed on stop)."""

    def __init__(self, hand: SimulatedCardHand, control_file: Path) -> None:
        self.hand = hand
        self.control_file = control_file
        self._token = secrets.token_hex(16)
        self._server: socketserver.ThreadingTCPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1] if self._server else 0

    def start(self) -> int:
        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _handler(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.1,),
                                        name="sim-card-control", daemon=True)
        self._thread.start()
        self.control_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.control_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"port": self.port, "token": self._token}, out)
        log.info("simulated card: `checkin sim-card place|remove` reaches this kiosk at "
                 "127.0.0.1:%d (%s)", self.port, self.control_file)
        return self.port

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.control_file.unlink(missing_ok=True)

    def answer(self, line: str) -> str:
        """The reply to one command line `WORD TOKEN`."""
        word, _, token = line.strip().partition(" ")
        if not hmac.compare_digest(token.encode(), self._token.encode()):
            return "error wrong token"
        if word == PLACE:
            self.hand.place()
        elif word == REMOVE:
            self.hand.take_away()
        elif word != STATE:
            return "error unknown command"
        return "placed" if self.hand.placed else "removed"

    def __enter__(self) -> CardControlServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _handler(control: CardControlServer) -> type[socketserver.StreamRequestHandler]:
    class Handler(socketserver.StreamRequestHandler):
        timeout = _TIMEOUT_S  # a client that sends nothing does not hold a thread

        def handle(self) -> None:
            try:
                line = self.rfile.readline(_MAX_LINE + 1)
            except OSError:
                return
            if len(line) > _MAX_LINE or not line.endswith(b"\n"):
                reply = "error line too long or unfinished"
            else:
                reply = control.answer(line.decode("ascii", errors="replace"))
            self.wfile.write(reply.encode("ascii") + b"\n")

    return Handler


def send_card_command(control_file: Path, word: str) -> str:
    """Send `word` (place, remove, state) to the kiosk that wrote `control_file`; its answer,
    `placed` or `removed`. CardControlError when no kiosk answers or it refuses."""
    try:
        info = json.loads(control_file.read_text(encoding="utf-8"))
        port, token = int(info["port"]), str(info["token"])
    except FileNotFoundError:
        raise CardControlError(
            "No kiosk with a simulated card is running for this config.",
            detail=f"{control_file} does not exist (start `checkin run` on simulated devices)"
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CardControlError("The kiosk's control file cannot be read.",
                               detail=f"{control_file}: {exc}") from None
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=_TIMEOUT_S) as conn:
            conn.sendall(f"{word} {token}\n".encode("ascii"))
            reply = conn.makefile("rb").readline(_MAX_LINE).decode("ascii", errors="replace").strip()
    except OSError as exc:
        raise CardControlError("The kiosk does not answer (it may have been closed).",
                               detail=f"127.0.0.1:{port}: {exc}") from None
    if reply not in ("placed", "removed"):
        raise CardControlError("The kiosk refused the command.", detail=reply or "no reply")
    return reply
