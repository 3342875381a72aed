"""The gateway simulator: a real threaded HTTP server with the gateway's endpoints, shapes and
result codes, for testers, tests and the demo; plus control endpoints under `/_sim/`.

    POST /api/token/take                       login (MD5 password), token pair
    POST /api/egw/KQNhanLichSuKCB2024          lookup with staff fields (token in query string)
    POST /api/egw/NhanLichSuKCB2018            lookup without staff fields (visits inline)
    POST /api/egw/Lskcb2025                    visit history (token in query string, form body)
    POST /api/TraCuuCCT/TraCuuTienMCCT         co-pay (token in headers, 10-minute session, IP)
    GET|POST|DELETE /_sim/faults               read / change / clear faults (faults.Faults)
    POST /_sim/tokens                          {"expire_now": true, "lifetime_s": 5,
                                                "copay_session_s": 600}
    GET /_sim/stats                            connections, requests, logins, lookups,
                                               history_calls, copay_calls
"""

from __future__ import annotations

import json
import logging
import socket
import ssl
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

from terminal.simulators.gateway.cards import SimData, read_sim_data
from terminal.simulators.gateway.faults import Faults, FaultSwitch
from terminal.simulators.gateway.gateway import (DEFAULT_TOKEN_LIFETIME_S, RESTRICTED_NOTE,
                                                 SimulatedGateway)

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 64 * 1024
LOOKUP_PATHS = {"/api/egw/KQNhanLichSuKCB2024": True, "/api/egw/NhanLichSuKCB2018": False}
LOGIN_PATH = "/api/token/take"
HISTORY_PATH = "/api/egw/Lskcb2025"
COPAY_PATH = "/api/TraCuuCCT/TraCuuTienMCCT"
_HTML_ERROR = ("<!DOCTYPE html><html><head><title>500 - Internal server error.</title></head>"
               "<body><h1>Server Error</h1><p>Lỗi hệ thống. Vui lòng thử lại sau.</p></body></html>")
_HTML_MAINTENANCE = ("<!DOCTYPE html><html><head><title>Bảo trì hệ thống</title></head><body>"
                     "<h1>Hệ thống đang bảo trì</h1><p>Cổng giám định BHYT đang bảo trì, vui "
                     "lòng quay lại sau.</p></body></html>")
_HTTP_AUTH_FAILURE = {"Message": "Authorization has been denied for this request."}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], sim: GatewaySimulator) -> None:
        self.sim = sim
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()
        self.connections = 0
        self.requests = 0
        super().__init__(address, _Handler)

    def finish_request(self, request, client_address) -> None:  # runs in the request's thread
        with self.sockets_lock:
            self.connections += 1
            self.open_sockets.add(request)
        # Headers and body go out in separate writes; without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every reply on a kept-alive connection.
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            delay = self.sim.faults.get().connect_latency_ms
            if delay:
                time.sleep(delay / 1000)
            if self.sim.tls is not None:
                try:
                    request = self.sim.tls.wrap_socket(request, server_side=True)
                except (ssl.SSLError, OSError) as exc:
                    log.debug("TLS handshake failed: %s", exc)
                    return
            super().finish_request(request, client_address)
        finally:
            with self.sockets_lock:
                self.open_sockets.discard(request)

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError, ssl.SSLError)):
            # The client gave up (timeout) or was told to (faults): normal for a simulator.
            log.debug("client connection ended: %s", type(error).__name__)
        else:
            log.exception("gateway simulator request failed")

    def close_connections(self) -> None:
        with self.sockets_lock:
            for sock in list(self.open_sockets):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # an idle keep-alive connection is closed after this
    server: _Server
    #: Seconds between two bytes of the status line and headers (the drip_headers_ms fault).
    drip_s = 0.0

    def flush_headers(self) -> None:
        if not self.drip_s or not getattr(self, "_headers_buffer", None):
            super().flush_headers()
            return
        head = b"".join(self._headers_buffer)
        self._headers_buffer = []
        for n in range(len(head)):  # ends with an OSError once the client hangs up
            self.wfile.write(head[n:n + 1])
            self.wfile.flush()
            time.sleep(self.drip_s)

    def log_message(self, format: str, *args: Any) -> None:
        # The default logs the request line, whose query string holds the token: path only.
        log.debug("%s %s", self.command, urlsplit(self.path).path)

    # --- plumbing -------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str = "application/json; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:  # the client asked for it: say so, as real servers do
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _send_json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def _read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            self._send_json(411, {"Message": "Content-Length required."})
            return None
        if int(length) > MAX_REQUEST_BYTES:
            self.close_connection = True
            self._send_json(413, {"Message": "Request too large."})
            return None
        return self.rfile.read(int(length))

    def _read_json(self) -> Any:
        body = self._read_body()
        if body is None:
            return None
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):  # [[[[… nests too deep
            return "not JSON"

    def _reset(self) -> None:
        """Drop the connection with a TCP RST, as a failing load balancer does."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    # --- routes ---------------------------------------------------------------------------
    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/_sim/faults":
            self._send_json(200, self.server.sim.faults.get().to_dict())
        elif path == "/_sim/stats":
            self._send_json(200, self.server.sim.stats())
        else:
            self._send_json(404 if path not in LOOKUP_PATHS else 405, {"Message": "No resource."})

    def do_DELETE(self) -> None:
        if urlsplit(self.path).path != "/_sim/faults":
            self._send_json(404, {"Message": "No resource."})
            return
        self.server.sim.faults.clear()
        self._send_json(200, Faults().to_dict())

    def do_POST(self) -> None:
        self.server.requests += 1
        url = urlsplit(self.path)
        if url.path == "/_sim/faults":
            self._control_faults()
        elif url.path == "/_sim/tokens":
            self._control_tokens()
        elif url.path == LOGIN_PATH:
            self._gateway("login", url.path, {})
        elif url.path in LOOKUP_PATHS:
            self._gateway("lookup", url.path, dict(parse_qsl(url.query)))
        elif url.path == HISTORY_PATH:
            self._history(dict(parse_qsl(url.query)))
        elif url.path == COPAY_PATH:
            self._copay()
        else:
            self._read_body()
            self._send_json(404, {"Message": "No resource."})

    def _control_faults(self) -> None:
        data = self._read_json()
        if data is None:
            return
        try:
            faults = self.server.sim.faults.update(data)
        except ValueError as exc:
            self._send_json(400, {"error": str(exc)})
            return
        self._send_json(200, faults.to_dict())

    def _control_tokens(self) -> None:
        data = self._read_json()
        if data is None:
            return
        if not isinstance(data, dict):
            self._send_json(400, {"error": "expected a JSON object"})
            return
        gateway = self.server.sim.gateway
        lifetime = data.get("lifetime_s")
        if isinstance(lifetime, (int, float)) and not isinstance(lifetime, bool) and lifetime > 0:
            gateway.token_lifetime_s = float(lifetime)
        session = data.get("copay_session_s")
        if isinstance(session, (int, float)) and not isinstance(session, bool) and session > 0:
            gateway.copay_session_s = float(session)
        expired = gateway.expire_tokens() if data.get("expire_now") else 0
        self._send_json(200, {"expired": expired, "lifetime_s": gateway.token_lifetime_s,
                              "copay_session_s": gateway.copay_session_s})

    # --- the gateway ----------------------------------------------------------------------
    def _faults_for(self, kind: str) -> Faults | None:
        """The faults of this request, after their latency; None when one was answered."""
        faults = self.server.sim.faults.take(kind)
        self.drip_s = faults.drip_headers_ms / 1000
        if faults.latency_ms:
            time.sleep(faults.latency_ms / 1000)
        return None if self._send_fault(faults) else faults

    def _refuse_token(self, faults: Faults) -> None:
        if faults.auth_failure_form == "http":
            self._send_json(401, _HTTP_AUTH_FAILURE)
        else:
            self._send_json(200, {"maKetQua": "401", "ghiChu": "Xác thực thất bại."})

    def _gateway(self, kind: str, path: str, params: dict[str, str]) -> None:
        body = self._read_json()
        if body is None:
            return
        faults = self._faults_for(kind)
        if faults is None:
            return
        gateway = self.server.sim.gateway
        if kind == "login":
            self._send_reply(faults, gateway.login(body, self.client_address[0]))
        elif not gateway.token_ok(params):
            self._refuse_token(faults)
        else:
            with_staff = LOOKUP_PATHS[path]
            self._send_reply(faults, gateway.lookup(
                body, with_staff=with_staff,
                history_in_lookup=faults.history_in_lookup or not with_staff))

    def _history(self, params: dict[str, str]) -> None:
        """Lskcb2025: the token in the query string and a form-encoded body; a JSON body is
        refused (205), as the real gateway does although its letter says JSON (reference §6)."""
        raw = self._read_body()
        if raw is None:
            return
        faults = self._faults_for("history")
        if faults is None:
            return
        gateway = self.server.sim.gateway
        if not gateway.token_ok(params):
            self._refuse_token(faults)
            return
        if "application/x-www-form-urlencoded" not in self.headers.get("Content-Type", ""):
            self._send_json(200, {"maKetQua": "205", "ghiChu": "Sai định dạng tham số.",
                                  "dsLichSuKCB2025": None})
            return
        try:
            form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8"), strict_parsing=False).items()}
        except UnicodeDecodeError:
            form = {}
        self._send_reply(faults, gateway.history(form))

    def _copay(self) -> None:
        """TraCuuTienMCCT: credentials in headers, a 10-minute session from the login's IP; a
        refused session is an HTTP 401 with no body; a restricted account an HTTP 500."""
        body = self._read_json()
        if body is None:
            return
        faults = self._faults_for("copay")
        if faults is None:
            return
        gateway = self.server.sim.gateway
        headers = {k: self.headers.get(k, "") for k in ("accessToken", "tokenId", "passwordHash")}
        if (faults.copay_session_expired or faults.copay_ip_mismatch
                or not gateway.copay_session_ok(headers, self.client_address[0])):
            self._send(401, b"")
            return
        if faults.copay_restricted:
            self._send_json(500, {"MaKetQua": "500", "GhiChu": RESTRICTED_NOTE, "DataCCT": None})
            return
        status, reply = gateway.copay(body)
        if status != 200:
            self._send_json(status, reply)
        else:
            self._send_reply(faults, reply)

    def _send_fault(self, faults: Faults) -> bool:
        """Answer with the switched-on fault, if one replaces the whole reply."""
        if faults.connection_reset:
            self._reset()
        elif faults.maintenance:
            self._send(503, _HTML_MAINTENANCE.encode("utf-8"), "text/html; charset=utf-8",
                       {"Retry-After": "600"})
        elif faults.html_error:
            self._send(faults.http_status or 200, _HTML_ERROR.encode("utf-8"),
                       "text/html; charset=utf-8")
        elif faults.http_status:
            self._send_json(faults.http_status, {"Message": "An error has occurred."})
        else:
            return False
        return True

    def _altered_record(self, faults: Faults, reply: dict[str, Any]) -> dict[str, Any]:
        """The reply's card record as the record faults change it (a reply with a record only)."""
        if "hoTen" not in reply:
            return reply
        if faults.reply_other_person:
            other = next(card.record for card in self.server.sim.gateway.data.cards
                         if card.record.get("hoTen") not in (None, reply["hoTen"]))
            reply = {**reply, **{key: other[key] for key in ("hoTen", "ngaySinh", "gioiTinh",
                                                              "maThe") if key in other}}
        if faults.reply_birth_date is not None:
            reply = {**reply, "ngaySinh": faults.reply_birth_date}
        if faults.reply_valid_to is not None:
            reply = {**reply, "gtTheDen": faults.reply_valid_to}
        return reply

    def _send_reply(self, faults: Faults, reply: dict[str, Any]) -> None:
        if faults.reply_override is not None:
            self._send(200, faults.reply_override.encode("utf-8"))
            return
        if faults.huge_reply_bytes:
            reply = {**reply, "padding": "x" * faults.huge_reply_bytes}
        reply = self._altered_record(faults, reply)
        payload = json.dumps(reply, ensure_ascii=False).encode("utf-8")
        if faults.invalid_json:
            payload = payload.replace(b'":', b'";', 1)[:-1] + b",,"
        if faults.truncated_json:
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload[: len(payload) // 2])
            self.wfile.flush()
            self._reset()
            return
        self._send(200, payload)


class GatewaySimulator:
    """Serves the gateway on loopback (`port=0`: a free port); `start()` returns the base URL.

    Faults are switched with `sim.faults.set(latency_ms=50)` or over HTTP; tokens are ended with
    `sim.expire_tokens()`. Optionally serves HTTPS with the `tls` server context given.
    """

    def __init__(self, data: SimData | str | Path | None = None, host: str = "127.0.0.1",
                 port: int = 0, token_lifetime_s: float = DEFAULT_TOKEN_LIFETIME_S,
                 tls: ssl.SSLContext | None = None) -> None:
        sim_data = data if isinstance(data, SimData) else read_sim_data(data)
        self.gateway = SimulatedGateway(sim_data, token_lifetime_s)
        self.faults = FaultSwitch()
        self.tls = tls
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the gateway simulator is not running")
        host, port = self._server.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{host}:{port}"

    def start(self) -> str:
        if self._server is None:
            self._server = _Server(self._address, self)
            self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                            name="gateway-sim", daemon=True)
            self._thread.start()
            log.info("gateway simulator serving on %s", self.base_url)
        return self.base_url

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def expire_tokens(self) -> int:
        return self.gateway.expire_tokens()

    def stats(self) -> dict[str, int]:
        server = self._server
        return {"connections": server.connections if server else 0,
                "requests": server.requests if server else 0,
                "logins": self.gateway.logins, "lookups": self.gateway.lookups,
                "history_calls": self.gateway.history_calls,
                "copay_calls": self.gateway.copay_calls}

    def __enter__(self) -> GatewaySimulator:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
