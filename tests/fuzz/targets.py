"""One fuzz target per parser of outside data: what it calls (the public path, as the terminal
calls it), which typed errors it may raise, and its per-input bounds. Seeds: tests/fuzz/corpus/<name>/."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from cryptography import x509

from drivers.idcard import tlv
from drivers.idcard.access_key import access_key_from_mrz
from drivers.idcard.errors import AccessDataError, LdsError
from drivers.idcard.lds.com import parse_com
from drivers.idcard.lds.dg1 import parse_dg1
from drivers.idcard.lds.dg2 import parse_dg2
from drivers.idcard.lds.dg13 import parse_dg13
from drivers.idcard.mrz import parse_mrz
from drivers.idcard.passive_auth import check_passive_auth
from terminal.cardscan.errors import CardScanError
from terminal.cardscan.qr import parse_cccd_qr
from terminal.config import ConfigError, load_config
from terminal.eligibility.codes import meaning_of
from terminal.eligibility.errors import GatewayError
from terminal.delivery.checkin_payload import QueueNumberAnswer, RoomFullAnswer, room_counts_from
from terminal.delivery.errors import PayloadSchemaError
from terminal.eligibility.reply import (HISTORY_VISITS, parse_json_object, read_card_facts,
                                        read_copay_standing, read_login_reply, read_result_code,
                                        read_visits)
from terminal.face.errors import ReferencePhotoError
from terminal.face.reference import decode_photo

CORPUS = Path(__file__).resolve().parent / "corpus"
MIB = 1 << 20


@dataclass(frozen=True)
class Target:
    """`parse` takes the fuzzed bytes; only `errors` may come out of it, each with a message.
    `examples`: inputs at FUZZ_SCALE=1; `time_s` and `memory`: the bounds for one input (memory
    as tracemalloc's peak of Python allocations during the call)."""

    name: str
    parse: Callable[[bytes], object]
    errors: tuple[type[BaseException], ...]
    examples: int
    time_s: float = 1.0
    memory: int = 32 * MIB
    text: bool = False  # seeds are text; mutants are decoded as UTF-8 (bad bytes replaced)

    def seeds(self) -> list[bytes]:
        folder = CORPUS / self.name
        return [path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()]


def _tlv(data: bytes) -> None:
    """Every object, all the way down (after the nesting bound), without recursion."""
    tlv.check_nesting(data)
    stack = tlv.decode_all(data)
    while stack:
        item = stack.pop()
        if item.constructed:
            stack.extend(item.children())


@cache
def _trust() -> tuple[list[x509.Certificate], dict[int, bytes]]:
    """The test CSCA that signed the corpus's SODs, and the data groups they list."""
    trust = CORPUS / "sod-trust"
    groups = {int(path.stem[2:]): path.read_bytes() for path in trust.glob("dg*.bin")}
    return [x509.load_der_x509_certificate((trust / "csca.der").read_bytes())], groups


def _sod(data: bytes) -> None:
    # As read_card does: parse, hashes of the data groups read, signature, chain to the CSCA.
    trust_store, groups = _trust()
    check_passive_auth(data, groups, trust_store)


def _mrz(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    parse_mrz(text)
    access_key_from_mrz(text)


def _qr(data: bytes) -> None:
    qr = parse_cccd_qr(data.decode("utf-8", "replace"))
    for key in qr.access_key().candidates():
        key.mrz_information()


def _gateway(data: bytes) -> None:
    # As GatewayClient does with a lookup reply, a login reply, a visit history (Lskcb2025) and a
    # co-pay reply: each reader on its own, so one refusing does not hide the next.
    reply = parse_json_object(data)
    for read in (lambda: meaning_of(read_result_code(reply)),
                 lambda: read_card_facts(reply, "DN4797901234567"),
                 lambda: read_login_reply(reply),
                 lambda: read_visits(reply, [], HISTORY_VISITS),
                 lambda: read_copay_standing(reply, 14_040_000, date(2020, 1, 1),
                                             date(2026, 12, 7))):
        try:
            read()
        except GatewayError:
            pass


def _his(data: bytes) -> None:
    # As HisClient does with the HIS's answers: a queue number, a room full (409), room counts.
    try:
        answer = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PayloadSchemaError("not JSON", detail=type(exc).__name__) from None
    for read in (QueueNumberAnswer.from_dict, RoomFullAnswer.from_dict, room_counts_from):
        try:
            read(answer)
        except PayloadSchemaError:
            pass


_CONFIG_DIR = Path(tempfile.mkdtemp(prefix="fuzz-config-"))


def _config(data: bytes) -> None:
    path = _CONFIG_DIR / "checkin.toml"
    path.write_bytes(data)
    load_config(path)


TARGETS = {target.name: target for target in (
    Target("tlv", _tlv, (LdsError,), 2500),
    Target("com", parse_com, (LdsError,), 1500),
    Target("dg1", parse_dg1, (LdsError,), 1500),
    Target("dg2", parse_dg2, (LdsError,), 1000, memory=64 * MIB),
    Target("photo", lambda data: decode_photo(data), (ReferencePhotoError,), 300, time_s=2.0,
           memory=256 * MIB),
    Target("dg13", parse_dg13, (LdsError,), 2500),
    Target("sod", _sod, (LdsError,), 500),
    Target("mrz", _mrz, (AccessDataError,), 2500, text=True),
    Target("qr", _qr, (CardScanError,), 2500, text=True),
    Target("gateway", _gateway, (GatewayError,), 2500, text=True),
    Target("his", _his, (PayloadSchemaError,), 1500, text=True),
    Target("config", _config, (ConfigError,), 600, text=True),
)}
