"""Quota care: the short-lived encrypted cache on a real SQLite file (hit, miss, expiry, another
day, force), what it keeps and what not, the lookups counted per hour, and that a damaged cache
never costs a lookup. The gateway is the simulator over HTTP."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import stat
from datetime import date

import pytest

from offline_cache.key_store import FileKeyStore
from terminal.config import config_from_dict
from terminal.eligibility import EligibilityStatus
from terminal.eligibility.lookup_cache import LookupCache, read_counts
from terminal.services import EligibilityService, open_eligibility_service

from tests.support.gateway_queries import query_for
from tests.support.manual_clock import ManualClock

TTL_S = 15 * 60


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def day():
    return {"today": date(2026, 12, 7)}


@pytest.fixture
def open_cache(tmp_path, clock, day):
    caches = []

    def open_(ttl_s: float = TTL_S, path=None) -> LookupCache:
        path = path or tmp_path / "lookup_cache.sqlite3"
        cache = LookupCache(path, ttl_s, key_store=FileKeyStore(tmp_path / "cache.key"),
                            quota_per_hour=10, clock=clock, today=lambda: day["today"])
        caches.append(cache)
        return cache

    yield open_
    for cache in caches:
        cache.close()


@pytest.fixture
def service(client, open_cache):
    return EligibilityService(client, cache=open_cache())


def test_a_card_looked_up_minutes_ago_is_answered_from_the_cache(sim, service, clock):
    query = query_for(sim, "an")
    first = service.lookup(query)
    clock.advance(10 * 60)
    again = service.lookup(query)
    assert not first.from_cache and again.from_cache
    assert dataclasses.replace(again, from_cache=False) == first  # the same answer, evidence too
    assert again.copay == first.copay and again.facts.visits == first.facts.visits
    assert sim.stats()["lookups"] == 1
    counts = service.lookup_counts()
    assert (counts.gateway_last_hour, counts.cache_last_hour) == (1, 1)


def test_after_the_cache_time_the_gateway_is_asked_again(sim, service, clock):
    query = query_for(sim, "an")
    service.lookup(query)
    clock.advance(TTL_S)
    assert not service.lookup(query).from_cache and sim.stats()["lookups"] == 2


def test_the_next_day_is_another_lookup(sim, service, clock, day):
    query = query_for(sim, "an")
    service.lookup(query)
    clock.advance(60)
    day["today"] = date(2026, 12, 8)
    assert not service.lookup(query).from_cache


def test_staff_forcing_a_fresh_lookup_ask_the_gateway_and_renew_the_entry(sim, service, clock):
    query = query_for(sim, "an")
    service.lookup(query)
    sim.faults.set(reply_valid_to="31/12/2001", scope="lookup")  # the card ended meanwhile
    fresh = service.lookup(query, force_fresh=True)
    assert not fresh.from_cache and fresh.code == "T10"
    sim.faults.clear()
    assert service.lookup(query).code == "T10"  # the fresh answer is the one kept
    assert service.lookup_counts().gateway_last_hour == 2


def test_another_person_or_another_spelling_is_not_answered_from_the_cache(sim, service):
    service.lookup(query_for(sim, "an"))
    assert not service.lookup(query_for(sim, "binh")).from_cache
    assert not service.lookup(query_for(sim, "an", by="card")).from_cache  # another number
    wrong = query_for(sim, "an", full_name="Nguyễn Văn Ân")
    assert service.lookup(wrong).code == "061"  # the gateway judges the other spelling


@pytest.mark.parametrize("fault, status", [
    ({"connection_reset": True}, EligibilityStatus.PENDING),
    ({"reply_override": '{"maKetQua": "500"}'}, EligibilityStatus.GATEWAY_ERROR),
    ({"reply_other_person": True}, EligibilityStatus.UNKNOWN),
])
def test_answers_without_a_verdict_are_never_kept(sim, service, make_client, fault, status):
    service = dataclasses.replace(service, client=make_client(retries=0))
    query = query_for(sim, "an")
    sim.faults.set(**fault, scope="lookup")
    assert service.lookup(query).status is status
    sim.faults.clear()
    assert not service.lookup(query).from_cache
    assert service.lookup(query).from_cache


def test_a_not_eligible_or_input_error_answer_is_kept(sim, service):
    for query in (query_for(sim, "dung"), query_for(sim, "an", by="card", birth_date="1991")):
        first = service.lookup(query)
        assert first.status in (EligibilityStatus.NOT_ELIGIBLE, EligibilityStatus.INPUT_ERROR)
        assert service.lookup(query).from_cache


def test_the_file_holds_no_identifier_nor_answer_in_clear(sim, service, tmp_path):
    query = query_for(sim, "an")
    result = service.lookup(query)
    service.cache.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("lookup_cache"))
    for secret in (query.id_number, query.full_name, "DN4797901234567", "79001", "Viêm họng",
                   result.evidence[0].body[:40]):
        assert secret.encode() not in raw
    assert stat.S_IMODE(os.stat(tmp_path / "cache.key").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "lookup_cache.sqlite3").st_mode) == 0o600


def test_entries_survive_a_restart_under_the_same_key(sim, client, open_cache):
    query = query_for(sim, "an")
    first = EligibilityService(client, cache=open_cache())
    first.lookup(query)
    first.cache.close()
    assert EligibilityService(client, cache=open_cache()).lookup(query).from_cache


def test_an_altered_entry_is_a_miss_not_a_failure(sim, service, tmp_path):
    query = query_for(sim, "an")
    service.lookup(query)
    db = sqlite3.connect(tmp_path / "lookup_cache.sqlite3")
    db.execute("UPDATE answers SET blob = substr(blob, 1, 40) || zeroblob(60)")
    db.commit()
    db.close()
    again = service.lookup(query)
    assert not again.from_cache and again.code == "000"


def test_a_cache_time_of_zero_keeps_nothing_but_still_counts(sim, client, open_cache):
    service = EligibilityService(client, cache=open_cache(ttl_s=0))
    query = query_for(sim, "an")
    service.lookup(query)
    assert not service.lookup(query).from_cache
    assert service.lookup_counts().gateway_last_hour == 2


def test_lookups_are_counted_per_hour_and_readable_from_another_process(sim, service, clock,
                                                                        tmp_path):
    for label in ("an", "binh", "an"):
        service.lookup(query_for(sim, label))
    clock.advance(3000)
    service.lookup(query_for(sim, "em"))
    counts = read_counts(tmp_path / "lookup_cache.sqlite3", 10, now=clock())
    assert (counts.gateway_last_hour, counts.cache_last_hour, counts.quota_per_hour) == (3, 1, 10)
    clock.advance(700)  # the first three are now more than an hour ago
    assert service.lookup_counts().gateway_last_hour == 1
    assert read_counts(tmp_path / "missing.sqlite3") is None


def test_near_the_quota(sim, service):
    for label in ("an", "binh", "em", "hai", "hanh", "tam", "mai", "dung"):
        service.lookup(query_for(sim, label))
    assert service.lookup_counts().near_quota  # 8 of 10


def test_the_service_keeps_its_cache_in_the_data_folder_for_a_real_gateway(sim, tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("CHECKIN_GATEWAY_PASSWORD", "unused")
    config = config_from_dict({"paths": {"data_dir": str(tmp_path)},
                               "gateway": {"base_url": sim.base_url, "password": "sim-password",
                                           "staff_name": "Trần Thị Lan",
                                           "staff_id": "079185000123"}})
    with open_eligibility_service(config) as service:
        query = query_for(sim, "an")
        service.lookup(query)
        assert service.lookup(query).from_cache
    assert (tmp_path / "lookup_cache.sqlite3").is_file()


def test_a_damaged_cache_file_falls_back_to_memory(sim, tmp_path):
    path = tmp_path / "lookup_cache.sqlite3"
    path.write_bytes(b"this is no database" * 100)
    config = config_from_dict({"gateway": {"cache_path": str(path)}})
    with open_eligibility_service(config) as service:
        query = query_for(service.simulator, "an")
        assert service.lookup(query).code == "000" and service.lookup(query).from_cache
        assert service.cache.path is None


def test_the_bundled_simulator_keeps_its_cache_in_memory(tmp_path):
    config = config_from_dict({"paths": {"data_dir": str(tmp_path)}})
    with open_eligibility_service(config) as service:
        query = query_for(service.simulator, "an")
        service.lookup(query)
        assert service.lookup(query).from_cache and service.cache.path is None
    assert not list(tmp_path.iterdir())
