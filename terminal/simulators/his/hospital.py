"""What the simulated HIS does with what it receives, without HTTP: stores check-ins by their
Idempotency-Key (a repeat is a duplicate, not stored twice), applies eligibility updates, and
keeps its day in a JSON file when given one."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import asdict, dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from terminal.delivery.checkin_payload import CheckinPayload, EligibilityUpdatePayload
from terminal.delivery.errors import PayloadSchemaError
from terminal.errors import TerminalError
from terminal.input_file import InputFileError, read_input_text
from terminal.privacy import mask_id

log = logging.getLogger(__name__)

#: The store of a simulated day; a file larger than this is not one (or is a device).
MAX_STORE_BYTES = 256 * 2**20


class HisSimError(TerminalError):
    """The simulator could not start, or its store file is unreadable."""


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


class SimulatedHospital:
    """The HIS's side of a check-in's delivery; thread-safe."""

    def __init__(self, store_path: Path | None = None) -> None:
        self._store = _Store(store_path)

    def received(self) -> list[ReceivedCheckin]:
        with self._store.lock:
            return list(self._store.checkins.values())

    @property
    def duplicates(self) -> int:
        return self._store.duplicates

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
            evidence = [*target.checkin.get("evidence", []), *body.get("evidence", [])]
            if update.flag:  # a flag for the desk: the answer it carries is still "pending"
                checkin = {**target.checkin, "evidence": evidence,
                           "flags": [*target.checkin.get("flags", []), update.flag]}
            else:
                checkin = {**target.checkin, "eligibility": body["eligibility"],
                           "evidence": evidence}
            store.checkins[target.idempotency_key] = ReceivedCheckin(
                target.idempotency_key, checkin, target.received_at,
                target.updated or not update.flag)
            store.save()
        return HTTPStatus.OK, {"status": "updated"}

    def listing(self) -> dict:
        with self._store.lock:
            return {"checkins": [asdict(c) for c in self._store.checkins.values()],
                    "duplicates": self._store.duplicates}
