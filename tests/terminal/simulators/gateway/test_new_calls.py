"""The simulator's 2026 calls over raw HTTP on loopback (reference §6): the lookup's null visit
list, Lskcb2025 (form body only), the co-pay service (header credentials, a 10-minute session
bound to the login's IP, 200/204/400, the empty-body 401, restricted accounts) and the password
hash in either case."""

from __future__ import annotations

import hashlib
import http.client
import json
import time
from urllib.parse import urlencode, urlsplit

import pytest

from terminal.simulators.gateway import (DEMO_PASSWORD, DEMO_STAFF_ID, DEMO_STAFF_NAME,
                                         DEMO_USERNAME, GatewaySimulator)

MD5 = hashlib.md5(DEMO_PASSWORD.encode()).hexdigest()
AN = {"maThe": "DN4797901234567", "hoTen": "Nguyễn Văn An", "ngaySinh": "15/03/1990"}
STAFF = {"hoTenCb": DEMO_STAFF_NAME, "cccdCb": DEMO_STAFF_ID}


@pytest.fixture
def sim():
    with GatewaySimulator() as simulator:
        yield simulator


def _post(sim, path: str, body: bytes, headers: dict[str, str] | None = None,
          source: str = "127.0.0.1") -> tuple[int, bytes]:
    url = urlsplit(sim.base_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=5, source_address=(source, 0))
    try:
        conn.request("POST", path, body, {"Content-Type": "application/json", **(headers or {})})
        reply = conn.getresponse()
        return reply.status, reply.read()
    finally:
        conn.close()


def _login(sim, password_md5: str = MD5, source: str = "127.0.0.1") -> dict:
    status, body = _post(sim, "/api/token/take",
                         json.dumps({"username": DEMO_USERNAME, "password": password_md5}).encode(),
                         source=source)
    assert status == 200
    return json.loads(body)


def _token_query(key: dict, password_md5: str = MD5) -> str:
    return urlencode({"token": key["access_token"], "id_token": key["id_token"],
                      "username": DEMO_USERNAME, "password": password_md5})


def _copay(sim, key: dict, body: dict | None = None, source: str = "127.0.0.1",
           password_md5: str = MD5) -> tuple[int, bytes]:
    headers = {"accessToken": key["access_token"], "tokenId": key["id_token"],
               "passwordHash": password_md5}
    payload = {"username": DEMO_USERNAME, **AN} if body is None else body
    return _post(sim, "/api/TraCuuCCT/TraCuuTienMCCT", json.dumps(payload).encode(), headers,
                 source)


@pytest.mark.parametrize("md5", [MD5.upper(), MD5.lower()])
def test_the_password_hash_is_taken_in_either_case(sim, md5):
    reply = _login(sim, md5)
    assert reply["maKetQua"] == "200"
    status, body = _post(sim, "/api/egw/KQNhanLichSuKCB2024?" + _token_query(reply["APIKey"], md5),
                         json.dumps({**AN, **STAFF}).encode())
    assert json.loads(body)["maKetQua"] == "000"


def test_a_wrong_hash_is_refused(sim):
    assert _login(sim, hashlib.md5(b"other").hexdigest().upper())["maKetQua"] == "401"


def test_the_lookups_visit_list_is_null_and_lskcb2025_has_it(sim):
    key = _login(sim)["APIKey"]
    _, body = _post(sim, "/api/egw/KQNhanLichSuKCB2024?" + _token_query(key),
                    json.dumps({**AN, **STAFF}).encode())
    assert json.loads(body)["dsLichSuKCB2018"] is None
    status, body = _post(sim, "/api/egw/Lskcb2025?" + _token_query(key),
                         urlencode({**AN, **STAFF}).encode(),
                         {"Content-Type": "application/x-www-form-urlencoded"})
    reply = json.loads(body)
    assert status == 200 and reply["maKetQua"] == "000"
    assert [v["maCSKCB"] for v in reply["dsLichSuKCB2025"]] == ["79001", "79024"]
    assert sim.stats()["history_calls"] == 1


def test_lskcb2025_refuses_a_json_body_and_a_bad_token(sim):
    key = _login(sim)["APIKey"]
    _, body = _post(sim, "/api/egw/Lskcb2025?" + _token_query(key),
                    json.dumps({**AN, **STAFF}).encode())
    assert json.loads(body)["maKetQua"] == "205"
    _, body = _post(sim, "/api/egw/Lskcb2025?token=x&id_token=y", urlencode(AN).encode(),
                    {"Content-Type": "application/x-www-form-urlencoded"})
    assert json.loads(body)["maKetQua"] == "401"


def test_the_history_fault_puts_the_visits_back_into_the_lookup(sim):
    sim.faults.set(history_in_lookup=True)
    key = _login(sim)["APIKey"]
    _, body = _post(sim, "/api/egw/KQNhanLichSuKCB2024?" + _token_query(key),
                    json.dumps({**AN, **STAFF}).encode())
    assert len(json.loads(body)["dsLichSuKCB2018"]) == 2


def test_copay_answers_the_running_totals(sim):
    status, body = _copay(sim, _login(sim)["APIKey"])
    reply = json.loads(body)
    assert status == 200 and reply["MaKetQua"] == "200"
    assert "tính đến: 05/08/2026" in reply["GhiChu"]
    assert [d["tBNCCTLuyKe"] for d in reply["DataCCT"]] == [16500000, 14500000, 9800000]


def test_copay_with_nothing_on_file_is_204_in_an_http_200(sim):
    key = _login(sim)["APIKey"]
    status, body = _copay(sim, key, {"username": DEMO_USERNAME, "maThe": "036088013579",
                                     "hoTen": "Hoàng Văn Em", "ngaySinh": "1988"})
    assert (status, json.loads(body)["MaKetQua"], json.loads(body)["DataCCT"]) == (200, "204", None)


@pytest.mark.parametrize("body", [{"username": DEMO_USERNAME, "maThe": "DN4797901234567K1",
                                   "hoTen": "Nguyễn Văn An", "ngaySinh": "15/03/1990"},
                                  {"username": DEMO_USERNAME, "hoTen": "Nguyễn Văn An"}])
def test_copay_refuses_a_missing_field_or_a_17_character_number_with_400(sim, body):
    status, reply = _copay(sim, _login(sim)["APIKey"], body)
    assert status == 400 and json.loads(reply)["MaKetQua"] == "400"


def test_copay_refuses_a_call_from_another_ip_than_the_logins_with_an_empty_401(sim):
    key = _login(sim, source="127.0.0.1")["APIKey"]
    assert _copay(sim, key, source="127.0.0.2") == (401, b"")
    assert _copay(sim, key, source="127.0.0.1")[0] == 200


def test_the_copay_session_ends_before_the_token_does(sim):
    status, body = _post(sim, "/_sim/tokens", b'{"copay_session_s": 0.3}')  # 10 minutes, shortened
    assert status == 200 and json.loads(body)["copay_session_s"] == 0.3
    key = _login(sim)["APIKey"]
    time.sleep(0.4)
    assert _copay(sim, key) == (401, b"")
    _, body = _post(sim, "/api/egw/KQNhanLichSuKCB2024?" + _token_query(key),
                    json.dumps({**AN, **STAFF}).encode())
    assert json.loads(body)["maKetQua"] == "000"  # the lookup's token lives on


def test_copay_needs_its_headers(sim):
    key = _login(sim)["APIKey"]
    assert _copay(sim, key, password_md5="0" * 32) == (401, b"")
    assert _copay(sim, {"access_token": "x", "id_token": key["id_token"]}) == (401, b"")


@pytest.mark.parametrize("fault", ["copay_session_expired", "copay_ip_mismatch"])
def test_copay_session_faults_answer_the_empty_401(sim, fault):
    sim.faults.set(**{fault: True})
    assert _copay(sim, _login(sim)["APIKey"]) == (401, b"")


def test_a_restricted_account_gets_500_with_the_agencys_text(sim):
    sim.faults.set(copay_restricted=True)
    status, body = _copay(sim, _login(sim)["APIKey"])
    reply = json.loads(body)
    assert status == 500 and reply["MaKetQua"] == "500"
    assert reply["GhiChu"] == "Có lỗi xảy ra trong quá trình tra cứu!"


def test_faults_scoped_to_copay_leave_the_lookup_alone(sim):
    sim.faults.set(http_status=503, scope="copay")
    key = _login(sim)["APIKey"]
    _, body = _post(sim, "/api/egw/KQNhanLichSuKCB2024?" + _token_query(key),
                    json.dumps({**AN, **STAFF}).encode())
    assert json.loads(body)["maKetQua"] == "000"
    assert _copay(sim, key)[0] == 503


def test_the_new_faults_switch_over_http(sim):
    status, body = _post(sim, "/_sim/faults", json.dumps(
        {"copay_restricted": True, "scope": "copay", "remaining": 1}).encode())
    assert status == 200 and json.loads(body)["copay_restricted"] is True
    key = _login(sim)["APIKey"]
    assert _copay(sim, key)[0] == 500
    assert _copay(sim, key)[0] == 200  # remaining: 1
