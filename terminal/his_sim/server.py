"""A small clinic HIS that receives check-ins: for tests, the demo and testers.

A real threaded HTTP server on loopback. It keeps what it receives (in memory, and in a JSON file
when given one), answers a repeated Idempotency-Key as a duplicate without storing it twice, and
fails on demand (a 5xx, a dropped connection, a reply lost after storing, a slow reply), from
Python or over HTTP:

    POST /checkins                       check-in record (Idempotency-Key header required)
    POST /checkins/{id}/eligibility      eligibility update of a check-in received earlier
    GET  /checkins                       everything received, and the count of duplicates
    POST /_sim/faults                    {"count": N, "mode": "error|disconnect|lost_reply|slow",
                                          "status": 503, "delay_s": 2.0}
    DELETE /_sim/faults                  clear pending faults
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from dataclasses import asdict, dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from terminal.delivery.checkin_payload import CheckinPayload, EligibilityUpdatePayload
from terminal.delivery.errors import PayloadSchemaError
from terminal.errors import TerminalError
from terminal.input_file import InputFileError, read_input_text
from terminal.privacy import mask_id

log = logging.getLogger(__name__)

FAULT_MODES = ("error", "disconnect", "lost_reply", "slow")
_MAX_BODY = 1 << 20
#: The store of a simulated day; a file larger than this is not one (or is a device).
MAX_STORE_BYTES = 256 * 2**20
_NO_BODY = object()  # the request was already answered (bad body); JSON `null` is a body
_UPDATE_PATH = re.compile(r"/checkins/([0-9a-f]{32})/eligibility")


class HisSimError(TerminalError):
    """The simulator could not start, or its store file is unreadable."""


@dataclass(frozen=True)
class Fault:
    mode: str = "error"
    status: int = 503
    delay_s: float = 2.0

    @classmethod
    def from_dict(cls, data: Any) -> tuple[Fault, int]:
        """A fault and how many requests it hits, from the tester's JSON; ValueError if malformed."""
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        count, mode = data.get("count", 1), data.get("mode", "error")
        status, delay_s = data.get("status", 503), data.get("delay_s", 2.0)
        if not isinstance(count, int) or not 0 <= count <= 10_000:
            raise ValueError("count must be a whole number from 0 to 10000")
        if mode not in FAULT_MODES:
            raise ValueError(f"mode must be one of {', '.join(FAULT_MODES)}")
        if not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if not isinstance(delay_s, (int, float)) or not 0 <= delay_s <= 300:
            raise ValueError("delay_s must be a number of seconds from 0 to 300")
        return cls(mode, status, float(delay_s)), count


@dataclass(frozen=True)
class ReceivedCheckin:
    idempotency_key: str
    checkin: dict           # the body as received; `eligibility` replaced by a later update
    received_at: float
    updated: bool           # an eligibility update arrived for it


class _Store:
    """What arrived, keyed by Idempotency-Key; written through to a JSON file when given one."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.checkins: dict[str, ReceivedCheckin] = {}
        self.updates: set[str] = set()
        self.duplicates = 0
        if path is not None and path.exists():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(read_input_text(path, "The HIS simulator's store", MAX_STORE_BYTES))
            self.checkins = {c["idempotency_key"]: ReceivedCheckin(**c) for c in data["checkins"]}
            self.updates = set(data["updates"])
            self.duplicates = int(data["duplicates"])
        except InputFileError as exc:
            raise HisSimError(exc.message, detail=exc.detail) from None
        except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
            raise HisSimError(f"The HIS simulator's store {path} cannot be read.",
                              detail=f"{type(exc).__name__}: {exc}") from None

    def save(self) -> None:
        if self.path is None:
            return
        data = {"checkins": [asdict(c) for c in self.checkins.values()],
                "updates": sorted(self.updates), "duplicates": self.duplicates}
        # The records hold patients' names and ID numbers in clear: owner-only, never half-written.
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # a tmp file left by an older version must not keep a wider mode
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(data, ensure_ascii=False))
        os.replace(tmp, self.path)


class HisSimulator:
    """The simulated HIS; `start()` returns its base URL. Usable as a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0,
                 store_path: Path | None = None, idle_timeout_s: float = 30.0) -> None:
        self.host, self.port = host, port
        self.idle_timeout_s = idle_timeout_s
        self._store = _Store(store_path)
        self._faults: list[Fault] = []
        self._fault_lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ----------------------------------------------------------------------------

    def start(self) -> str:
        try:
            self._server = ThreadingHTTPServer((self.host, self.port), _make_handler(self))
        except OSError as exc:
            raise HisSimError(f"The HIS simulator cannot listen on {self.host}:{self.port}.",
                              detail=exc.strerror or str(exc)) from None
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name="his-sim", daemon=True)
        self._thread.start()
        return self.base_url

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> HisSimulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- control and inspection ----------------------------------------------------------------

    def fail_next(self, count: int, mode: str = "error", status: int = 503,
                  delay_s: float = 2.0) -> None:
        """The next `count` check-in requests meet this fault."""
        fault, count = Fault.from_dict({"count": count, "mode": mode, "status": status,
                                        "delay_s": delay_s})
        with self._fault_lock:
            self._faults.extend([fault] * count)

    def clear_faults(self) -> None:
        with self._fault_lock:
            self._faults.clear()

    @property
    def faults_armed(self) -> int:
        """How many more requests will meet a fault."""
        with self._fault_lock:
            return len(self._faults)

    def received(self) -> list[ReceivedCheckin]:
        with self._store.lock:
            return list(self._store.checkins.values())

    @property
    def duplicates(self) -> int:
        return self._store.duplicates

    def next_fault(self) -> Fault | None:
        """The fault the request now arriving meets, if any are armed."""
        with self._fault_lock:
            return self._faults.pop(0) if self._faults else None

    # -- what a request does -------------------------------------------------------------------

    def receive_checkin(self, key: str, body: Any) -> tuple[int, dict]:
        record = CheckinPayload.from_dict(body)
        store = self._store
        with store.lock:
            if key in store.checkins:
                store.duplicates += 1
                store.save()
                return HTTPStatus.OK, {"status": "duplicate", "checkin_id": record.checkin_id}
            store.checkins[key] = ReceivedCheckin(key, body, time.time(), False)
            store.save()
        log.info("HIS sim: check-in %s received", mask_id(key))
        return HTTPStatus.CREATED, {"status": "stored", "checkin_id": record.checkin_id}

    def receive_update(self, checkin_id: str, key: str, body: Any) -> tuple[int, dict]:
        update = EligibilityUpdatePayload.from_dict(body)
        if update.checkin_id != checkin_id:
            raise PayloadSchemaError("The update is for another check-in.",
                                     detail="checkin_id in body and path differ")
        store = self._store
        with store.lock:
            target = next((c for c in store.checkins.values()
                           if c.checkin.get("checkin_id") == checkin_id), None)
            if target is None:
                return HTTPStatus.CONFLICT, {"error": "check-in not received yet"}
            if key in store.updates:
                store.duplicates += 1
                store.save()
                return HTTPStatus.OK, {"status": "duplicate"}
            store.updates.add(key)
            checkin = {**target.checkin, "eligibility": body["eligibility"]}
            store.checkins[target.idempotency_key] = ReceivedCheckin(
                target.idempotency_key, checkin, target.received_at, True)
            store.save()
        return HTTPStatus.OK, {"status": "updated"}

    def listing(self) -> dict:
        with self._store.lock:
            return {"checkins": [asdict(c) for c in self._store.checkins.values()],
                    "duplicates": self._store.duplicates}


def _make_handler(sim: HisSimulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real HIS behind a proxy would
        disable_nagle_algorithm = True  # headers and body go out as separate writes
        timeout = sim.idle_timeout_s  # a client that stops sending does not hold a thread forever

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib's name)
            log.debug("HIS sim: " + format, *args)

        def do_GET(self) -> None:
            if self.path == "/checkins":
                self._reply(HTTPStatus.OK, sim.listing())
            else:
                self._reply(HTTPStatus.NOT_FOUND, {"error": "no such endpoint"})

        def do_DELETE(self) -> None:
            if self.path == "/_sim/faults":
                sim.clear_faults()
                self._reply(HTTPStatus.OK, {"status": "cleared"})
            else:
                self._reply(HTTPStatus.NOT_FOUND, {"error": "no such endpoint"})

        def do_POST(self) -> None:
            body = self._body()
            if body is _NO_BODY:
                return
            if self.path == "/_sim/faults":
                self._set_faults(body)
                return
            update = _UPDATE_PATH.fullmatch(self.path)
            if self.path != "/checkins" and update is None:
                self._reply(HTTPStatus.NOT_FOUND, {"error": "no such endpoint"})
                return
            key = self.headers.get("Idempotency-Key", "")
            if not key:
                self._reply(HTTPStatus.BAD_REQUEST, {"error": "Idempotency-Key header missing"})
                return
            fault = sim.next_fault()
            if fault is not None and fault.mode in ("error", "disconnect"):
                self._fail(fault)
                return
            try:
                status, answer = (sim.receive_update(update.group(1), key, body) if update
                                  else sim.receive_checkin(key, body))
            except PayloadSchemaError as exc:
                self._reply(HTTPStatus.BAD_REQUEST, {"error": exc.message, "detail": exc.detail})
                return
            if fault is not None and fault.mode == "lost_reply":
                self._fail(fault)
                return
            if fault is not None:  # slow: stored already, the answer comes late
                time.sleep(fault.delay_s)
            self._reply(status, answer)

        def _set_faults(self, body: Any) -> None:
            try:
                fault, count = Fault.from_dict(body)
            except ValueError as exc:
                self._reply(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
                return
            sim.fail_next(count, fault.mode, fault.status, fault.delay_s)
            self._reply(HTTPStatus.OK, {"status": "armed", "count": count, **asdict(fault)})

        def _fail(self, fault: Fault) -> None:
            if fault.mode == "error":
                self._reply(fault.status, {"error": "simulated failure"})
            else:  # disconnect (nothing stored) or lost_reply (stored): no answer at all
                self.close_connection = True
                self.connection.close()

        def _body(self) -> Any:
            try:
                length = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                length = -1
            if not 0 <= length <= _MAX_BODY:
                self._reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "bad body length"})
                return _NO_BODY
            raw = self.rfile.read(length) if length else b"{}"
            try:
                return json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError):  # [[[[… nests too deep
                self._reply(HTTPStatus.BAD_REQUEST, {"error": "body is not JSON"})
                return _NO_BODY

        def _reply(self, status: int, body: dict) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except ConnectionError:  # the client gave up waiting (a slow fault): nothing to do
                self.close_connection = True

    return Handler
