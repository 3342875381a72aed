"""The HIS client against an HIS (or a proxy in front of it) that answers badly on purpose: an
endless reply body must not fill memory, and a redirect must not carry the patient's record away."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from terminal.delivery.errors import DeliveryRejected, DeliveryUnreachable
from terminal.delivery.his_client import HisClient
from tests.support.sample_checkins import sample_checkin_item as _checkin_item


class _Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    posts: list[str] = []
    redirect_to = ""

    def log_message(self, format, *args) -> None:  # noqa: A002 (stdlib's name)
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        type(self).posts.append(self.path)
        if self.path == "/endless/checkins":  # claims 1 GiB and keeps sending
            self.send_response(201)
            self.send_header("Content-Length", str(1 << 30))
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(1 << 14):
                    self.wfile.write(chunk)
            except OSError:
                pass  # the client hung up, as it should
            self.close_connection = True
        elif self.path == "/drip/checkins":  # a byte every 0.1 s, for ever (or 60 s)
            self.send_response(201)
            self.send_header("Content-Length", "600")
            self.end_headers()
            try:
                for _ in range(600):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            self.close_connection = True
        elif self.path == "/drip-headers/checkins":  # the status line a byte every 0.5 s
            try:
                for byte in b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
            self.close_connection = True
        else:  # /moved/checkins: a redirect that would re-post the body elsewhere
            self.send_response(307)
            self.send_header("Location", type(self).redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()


@pytest.fixture
def hostile() -> Iterator[str]:
    _Hostile.posts = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_endless_reply_body_is_not_read_past_the_cap(hostile):
    started = time.monotonic()
    HisClient(f"{hostile}/endless", timeout_s=5).deliver(_checkin_item())
    # 1 GiB would take many seconds to read on loopback; the client stops at the cap.
    assert time.monotonic() - started < 2.0


def test_headers_dripped_a_byte_at_a_time_end_the_delivery_at_its_timeout(hostile):
    """Issue 17 item 6: each byte beat the read timeout, so only a whole-request deadline ends
    it (the headers alone would take ~25 s)."""
    started = time.monotonic()
    with pytest.raises(DeliveryUnreachable) as caught:
        HisClient(f"{hostile}/drip-headers", timeout_s=1).deliver(_checkin_item())
    assert time.monotonic() - started < 1.5
    assert "did not answer in time" in caught.value.message


def test_a_redirect_is_refused_and_the_record_is_not_posted_again(hostile):
    _Hostile.redirect_to = f"{hostile}/elsewhere"
    with pytest.raises(DeliveryRejected) as caught:
        HisClient(f"{hostile}/moved", timeout_s=5).deliver(_checkin_item())
    assert "307" in caught.value.detail
    assert _Hostile.posts == ["/moved/checkins"]


def test_a_reply_dripping_bytes_is_given_up_after_the_read_timeout(hostile):
    started = time.monotonic()
    HisClient(f"{hostile}/drip", timeout_s=0.5).deliver(_checkin_item())  # stored: 201 came
    assert time.monotonic() - started < 2.0  # not the 60 s the drip would take
