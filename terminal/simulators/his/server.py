"""The HIS simulator's HTTP face: a small clinic HIS that receives check-ins, for tests, the demo
and testers. A real threaded HTTP server on loopback; what it does with a request is
hospital.py's, what goes wrong on demand is faults.py's. From Python or over HTTP:

    POST /queue-numbers                  {checkin_id, department, counter, sequence, priority}
                                         → {number, ticket, ahead}: the room's next number today;
                                         409 {error: "full", department, session} past capacity
    GET  /rooms                          {day, rooms: {code: {issued, issued_session, full}}}
    POST /checkins                       check-in record (Idempotency-Key header required);
                                         the answer names the number the HIS keeps it under
                                         (and over_capacity: true when given offline past it)
    POST /checkins/{id}/eligibility      eligibility update of a check-in received earlier
    GET  /checkins                       everything received, and the count of duplicates
    POST /_sim/faults                    {"count": N, "mode": "error|disconnect|lost_reply|slow",
                                          "status": 503, "delay_s": 2.0}
    DELETE /_sim/faults                  clear pending faults
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from dataclasses import asdict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from terminal.delivery.errors import PayloadSchemaError
from terminal.simulators.his.faults import Fault, FaultQueue
from terminal.simulators.his.hospital import (Capacities, HisSimError, ReceivedCheckin,
                                              SimulatedHospital)

log = logging.getLogger(__name__)

_MAX_BODY = 1 << 20
_NO_BODY = object()  # the request was already answered (bad body); JSON `null` is a body
_UPDATE_PATH = re.compile(r"/checkins/([0-9a-f]{32})/eligibility")


class HisSimulator:
    """The simulated HIS; `start()` returns its base URL. Usable as a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0,
                 store_path: Path | None = None, idle_timeout_s: float = 30.0,
                 numbers_path: Path | None = None,
                 capacities: Capacities | None = None) -> None:
        """`store_path` keeps everything received (identities in clear: testers only);
        `numbers_path` only the rooms' queue numbers; `capacities` (the clinic's departments,
        as its kiosks have them: departments.his_capacities) are held across all kiosks."""
        self.host, self.port = host, port
        self.idle_timeout_s = idle_timeout_s
        self.hospital = SimulatedHospital(store_path, numbers_path=numbers_path,
                                          capacities=capacities)
        self.faults = FaultQueue()
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
        self.faults.arm(fault, count)

    def clear_faults(self) -> None:
        self.faults.clear()

    def received(self) -> list[ReceivedCheckin]:
        return self.hospital.received()

    @property
    def duplicates(self) -> int:
        return self.hospital.duplicates


def _make_handler(sim: HisSimulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real HIS behind a proxy would
        disable_nagle_algorithm = True  # headers and body go out as separate writes
        timeout = sim.idle_timeout_s  # a client that stops sending does not hold a thread forever

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib's name)
            log.debug("HIS sim: " + format, *args)

        def do_GET(self) -> None:
            if self.path == "/checkins":
                self._reply(HTTPStatus.OK, sim.hospital.listing())
            elif self.path == "/rooms":
                fault = sim.faults.peek()  # the HIS down for check-ins is down for this too
                if fault is not None and fault.mode in ("error", "disconnect", "lost_reply"):
                    self._fail(Fault("error", fault.status) if fault.mode == "error" else fault)
                    return
                self._reply(*sim.hospital.rooms())
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
            if self.path == "/queue-numbers":
                self._allocate(body)
                return
            update = _UPDATE_PATH.fullmatch(self.path)
            if self.path != "/checkins" and update is None:
                self._reply(HTTPStatus.NOT_FOUND, {"error": "no such endpoint"})
                return
            key = self.headers.get("Idempotency-Key", "")
            if not key:
                self._reply(HTTPStatus.BAD_REQUEST, {"error": "Idempotency-Key header missing"})
                return
            fault = sim.faults.take()
            if fault is not None and fault.mode in ("error", "disconnect"):
                self._fail(fault)
                return
            try:
                status, answer = (sim.hospital.receive_update(update.group(1), key, body) if update
                                  else sim.hospital.receive_checkin(key, body))
            except PayloadSchemaError as exc:
                self._reply(HTTPStatus.BAD_REQUEST, {"error": exc.message, "detail": exc.detail})
                return
            if fault is not None and fault.mode == "lost_reply":
                self._fail(fault)
                return
            if fault is not None:  # slow: stored already, the answer comes late
                time.sleep(fault.delay_s)
            self._reply(status, answer)

        def _allocate(self, body: Any) -> None:
            fault = sim.faults.peek()
            if fault is not None and fault.mode in ("error", "disconnect", "lost_reply"):
                self._fail(Fault("error", fault.status) if fault.mode == "error" else fault)
                return
            if fault is not None:  # slow
                time.sleep(fault.delay_s)
            try:
                status, answer = sim.hospital.allocate(body)
            except PayloadSchemaError as exc:
                self._reply(HTTPStatus.BAD_REQUEST, {"error": exc.message, "detail": exc.detail})
                return
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
