"""The service the workflow opens, the secrets it reads, and the gateway over TLS and a proxy."""

from __future__ import annotations

import datetime
import http.client
import os
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import keyring
import keyring.backend
import keyring.backends.fail
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from terminal.config import config_from_dict
from terminal.eligibility import EligibilityQuery, EligibilityStatus
from terminal.simulators.gateway import DEMO_PASSWORD, GatewaySimulator
from terminal.secrets import read_secret, secrets_file, store_secret
from terminal.services import open_eligibility_service

from tests.support.gateway_queries import query_for

AN = {"full_name": "Nguyễn Văn An", "birth_date": "15/03/1990", "id_number": "001090004521"}


def _config(**gateway):
    return config_from_dict({"gateway": {"staff_name": "Trần Thị Lan", "staff_id": "079185000123",
                                         "timeout_s": 1.0, "connect_timeout_s": 0.5, **gateway}})


def test_the_embedded_default_starts_the_bundled_simulator():
    with open_eligibility_service(config_from_dict({})) as service:
        assert service.simulated and service.base_url.startswith("http://127.0.0.1:")
        result = service.lookup(EligibilityQuery(**AN))
        assert result.status is EligibilityStatus.ELIGIBLE and result.route_ok is True
        simulator = service.simulator
    with pytest.raises(RuntimeError):
        simulator.base_url  # stopped with the service


def test_a_configured_gateway_is_used_with_the_password_file(sim, tmp_path):
    secret = tmp_path / "gateway.pw"
    secret.write_text(DEMO_PASSWORD + "\n")
    config = _config(base_url=sim.base_url, password_file=str(secret))
    with open_eligibility_service(config) as service:
        assert not service.simulated
        assert service.lookup(EligibilityQuery(**AN)).code == "000"
    assert sim.stats()["logins"] == 1


def test_a_wrong_configured_password_is_an_auth_error(sim):
    with open_eligibility_service(_config(base_url=sim.base_url, password="nope")) as service:
        assert service.lookup(EligibilityQuery(**AN)).status is EligibilityStatus.AUTH_ERROR


class _MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend in memory (the kiosk's is the OS's; the test machine has none)."""

    priority = 1
    # keyring auto-registers every backend class it sees: only `use_keyring` may pick this one,
    # never the discovery other tests rely on finding nothing (tests/offline_cache/test_keys.py).
    viable = False

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.values.get((service, username))

    def set_password(self, service, username, password):
        self.values[(service, username)] = password

    def delete_password(self, service, username):
        self.values.pop((service, username), None)


@pytest.fixture
def use_keyring():
    """Select a keyring backend for one test, then put the previous one back."""
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


def test_secrets_go_to_the_keyring_when_there_is_one(use_keyring):
    backend = _MemoryKeyring()
    use_keyring(backend)
    assert store_secret("gateway.password", "in-keyring") == "keyring"
    assert backend.values == {("checkin-terminal", "gateway.password"): "in-keyring"}
    assert read_secret("gateway.password", _config()) == "in-keyring"
    assert not secrets_file().exists()


def test_secrets_come_from_config_then_file_then_the_store(tmp_path, use_keyring):
    use_keyring(keyring.backends.fail.Keyring())
    assert read_secret("gateway.password", _config()) == ""
    where = store_secret("gateway.password", "stored")
    assert where == str(secrets_file()) and os.stat(where).st_mode & 0o777 == 0o600
    assert read_secret("gateway.password", _config()) == "stored"
    pw_file = tmp_path / "pw"
    pw_file.write_text("from-file")
    assert read_secret("gateway.password", _config(password_file=str(pw_file))) == "from-file"
    assert read_secret("gateway.password", _config(password="inline",
                                                   password_file=str(pw_file))) == "inline"
    store_secret("kiosk.pin", "1234")
    assert read_secret("gateway.password", _config()) == "stored"


def _tls_files(tmp_path):
    """A throwaway CA and a server certificate for 127.0.0.1, made at run time."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test clinic CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(1)
          .not_valid_before(now - datetime.timedelta(hours=1))
          .not_valid_after(now + datetime.timedelta(hours=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    from ipaddress import ip_address
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(2)
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(pem))
    (tmp_path / "server.pem").write_bytes(cert.public_bytes(pem))
    (tmp_path / "server.key").write_bytes(key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp_path / "server.pem", tmp_path / "server.key")
    return context, str(tmp_path / "ca.pem")


def test_tls_is_verified_against_the_configured_ca_bundle(tmp_path, settings, make_client):
    context, ca_bundle = _tls_files(tmp_path)
    with GatewaySimulator(tls=context) as tls_sim:
        assert tls_sim.base_url.startswith("https://")
        trusted = make_client(base_url=tls_sim.base_url, ca_bundle=ca_bundle)
        assert trusted.lookup(query_for(tls_sim, "an")).code == "000"
        untrusted = make_client(base_url=tls_sim.base_url)
        result = untrusted.lookup(query_for(tls_sim, "an"))
        assert result.status is EligibilityStatus.PENDING and "GatewayTlsError" in result.error_detail
        assert "gateway.ca_bundle" in result.message_en


class _Proxy(BaseHTTPRequestHandler):
    """A forwarding HTTP proxy (absolute-form request targets), counting what it forwards."""

    protocol_version = "HTTP/1.1"
    forwarded: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        upstream = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
        upstream.request("POST", url.path + "?" + url.query, body,
                         {"Content-Type": "application/json"})
        reply = upstream.getresponse()
        data = reply.read()
        type(self).forwarded.append(url.path)
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.getheader("Content-Type", ""))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def test_requests_go_through_the_configured_proxy(sim, make_client):
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
    thread = threading.Thread(target=proxy.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        client = make_client(proxy=f"http://127.0.0.1:{proxy.server_address[1]}", history=False,
                             copay=False)
        assert client.lookup(query_for(sim, "an")).code == "000"
        assert _Proxy.forwarded[-2:] == ["/api/token/take", "/api/egw/KQNhanLichSuKCB2024"]
    finally:
        proxy.shutdown()
        proxy.server_close()
