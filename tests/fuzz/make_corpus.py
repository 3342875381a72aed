"""Write the fuzz seeds, tests/fuzz/corpus/<target>/seed-*: good inputs of every shape the parsers
meet (the simulated citizens' chip files, the reference's DG13 variants, MRZ and QR texts, gateway
replies, configs). Run from the repository root: `python -m tests.fuzz.make_corpus`. Inputs found
by a fuzz run, once fixed, are added beside them as regress-* files by hand (never overwritten here).
"""

from __future__ import annotations

import io
import json
import tempfile
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from PIL import Image

from drivers.idcard import tlv
from drivers.idcard.lds import DG1, DG2, DG13, EF_COM, EF_SOD
from drivers.idcard.lds.dg2 import encode_dg2
from drivers.idcard.mrz import cccd_optional_data, format_td1
from drivers.idcard.sim.card_image import build_card_image
from drivers.idcard.sim.pki import load_test_pki
from drivers.idcard.sim.profile import FACES_DIR, load_profile
from drivers.sim_media.card_front import printed_card
from terminal.operations.commands.config import render_sample
from terminal.config import describe_config, load_config
from tests.support import dg13_layouts as layout
from tests.fuzz.targets import CORPUS

_TD1_SPECIMEN = ("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\n"
                 "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")
_TD3_SPECIMEN = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                 "L898902C36UTO7408122F1204159ZE184226B<<<<<10")


def _small_photos() -> dict[str, bytes]:
    with Image.open(FACES_DIR / "collins.jpg") as source:
        face = source.convert("RGB").crop((135, 20, 305, 246)).resize((48, 64))
    photos = {}
    for name, fmt, options in (("baseline.jpg", "JPEG", {"quality": 70}),
                               ("progressive.jpg", "JPEG", {"quality": 70, "progressive": True}),
                               ("grey.jpg", "JPEG", {"quality": 70}),
                               ("codestream.j2k", "JPEG2000", {"no_jp2": True}),
                               ("file.jp2", "JPEG2000", {})):
        out = io.BytesIO()
        (face.convert("L") if name == "grey.jpg" else face).save(out, fmt, **options)
        photos[name] = out.getvalue()
    return photos


def _every_key() -> bytes:
    """A config setting every key to its default (valid TOML, as an IT person would write it)."""
    lines, current = [], None
    for table, key, default, _help in describe_config():
        if default is None:
            continue
        if table != current:
            lines.append(f"[{table}]")
            current = table
        lines.append(f"{key} = {json.dumps(default, ensure_ascii=False)}")
    text = "\n".join(lines) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as out:
        out.write(text)
    load_config(out.name)  # the seed is a valid config
    return text.encode()


def _write(target: str, seeds: dict[str, bytes]) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("seed-*"):
        old.unlink()
    for name, data in seeds.items():
        (folder / f"seed-{name}").write_bytes(data)


def main() -> None:
    pki = load_test_pki(Path(tempfile.mkdtemp()))
    cards = {name: build_card_image(load_profile(name), pki) for name in ("an", "chi", "hai")}
    an, chi, hai = cards["an"], cards["chi"], cards["hai"]
    photos = _small_photos()
    dg13_fields = layout.fields_of(layout.Citizen())
    reference_com = bytes.fromhex("60185F0104303130375F36063034303030305C06617563 6D6F6E".replace(" ", ""))

    _write("tlv", {"com.bin": an.files[EF_COM.file_id], "dg1.bin": an.files[DG1.file_id],
                   "dg13.bin": an.files[DG13.file_id], "indefinite.bin":
                   b"\x30\x80\x31\x80\x04\x01\xaa\x00\x00\x02\x01\x05\x00\x00",
                   "two-objects.bin": tlv.encode(0x5F1F, b"x") + tlv.encode(0x7F61, b"")})
    _write("com", {"sim.bin": an.files[EF_COM.file_id], "reference.bin": reference_com})
    lifetime_td1 = format_td1(document_number="046000777", birth_date=date(1946, 2, 10), sex="M",
                              expiry_date=None, surname="Trần", given_names="Văn Hải",
                              optional_data=cccd_optional_data("001046000777"))
    _write("dg1", {"an.bin": an.files[DG1.file_id], "lifetime.bin": hai.files[DG1.file_id],
                   "td3.bin": tlv.encode_constructed(0x61, tlv.encode(
                       0x5F1F, _TD3_SPECIMEN.replace("\n", "").encode()))})
    _write("dg2", {"jpeg.bin": encode_dg2(photos["baseline.jpg"]),
                   "progressive.bin": encode_dg2(photos["progressive.jpg"]),
                   "j2k.bin": encode_dg2(photos["codestream.j2k"]),
                   "jp2.bin": encode_dg2(photos["file.jp2"]),
                   "chip-jpeg2000.bin": chi.files[DG2.file_id]})
    _write("photo", photos)
    _write("dg13", {"sim-an.bin": an.files[DG13.file_id], "sim-lifetime.bin": hai.files[DG13.file_id],
                    "reference.bin": layout.wrapped(*dg13_fields.values()),
                    "bare.bin": layout.bare(*dg13_fields.values()),
                    "parents-one.bin": layout.wrapped(*layout.fields_of(
                        layout.Citizen(), parents="one", spouse="nested").values())})
    _write("sod", {"an.bin": an.files[EF_SOD.file_id], "hai.bin": hai.files[EF_SOD.file_id]})
    trust = CORPUS / "sod-trust"
    trust.mkdir(exist_ok=True)
    (trust / "csca.der").write_bytes(pki.csca_certificate.public_bytes(serialization.Encoding.DER))
    (trust / "dg1.bin").write_bytes(an.files[DG1.file_id])
    (trust / "dg13.bin").write_bytes(an.files[DG13.file_id])
    _write("mrz", {"cccd.txt": load_profile("an").mrz.encode(), "lifetime.txt": lifetime_td1.encode(),
                   "one-line.txt": lifetime_td1.replace("\n", "").encode(),
                   "td1.txt": _TD1_SPECIMEN.encode(), "td3.txt": _TD3_SPECIMEN.encode()})
    qr = {name: printed_card(load_profile(name)).qr_text().encode()
          for name in ("an", "chi", "hai", "hanh")}
    _write("qr", {**{f"{name}.txt": text for name, text in qr.items()},
                  "trailing.txt": qr["an"] + b"||||", "child.txt":
                  "001215047064||Nguyễn Văn C|05052015|Nam|Hà Nội|01082024".encode()})
    records = json.loads((Path("terminal/simulators/gateway/cards.json")).read_text(encoding="utf-8"))
    lookups = {f"lookup-{card['label']}.json": json.dumps(
        {"maKetQua": card["result"], "ghiChu": "Thẻ còn giá trị sử dụng!",
         **{k: v for k, v in card.items() if k not in ("label", "result")}},
        ensure_ascii=False).encode() for card in records["cards"][:3]}
    _write("gateway", {**lookups,
                       "login.json": b'{"maKetQua":"200","APIKey":{"access_token":"a","id_token":'
                                     b'"b","token_type":"Bearer","expires_in":3600}}',
                       "refused.json": b'{"maKetQua":"401","APIKey":null}',
                       "unknown-card.json": '{"maKetQua":"050","ghiChu":"Không có thông tin thẻ"}'
                       .encode(),
                       "history-2025.json": json.dumps(
                           {"maKetQua": "000", "dsLichSuKCB2025": [
                               {"maCSKCB": "79001", "ngayVao": "202611020815",
                                "ngayRa": "202611021030", "tenBenh": "Viêm họng cấp",
                                "tinhTrang": 1, "kqDieuTri": 1, "lyDoVV": 1}]},
                           ensure_ascii=False).encode(),
                       "copay.json": json.dumps(
                           {"MaKetQua": "200", "GhiChu": "... tính đến: 01/12/2026 08:00",
                            "DataCCT": [{"tBNCCTLuyKe": "15,200,000", "ngayRa": "20261120"},
                                        {"tBNCCTLuyKe": 9800000, "ngayRa": "20260605"}]},
                           ensure_ascii=False).encode(),
                       "copay-none.json": rb'{"MaKetQua":"204","GhiChu":"Kh\u00f4ng c\u00f3 d\u1eef li\u1ec7u.","DataCCT":null}'})
    _write("his", {"queue-number.json": b'{"number": 12, "ticket": "A012", "ahead": 3}',
                   "priority-number.json": b'{"number": 3, "ticket": "UT-003", "ahead": null}',
                   "checkin-over-capacity.json": b'{"status": "stored", "number": 2, '
                                                 b'"ticket": "A002", "ahead": null, '
                                                 b'"over_capacity": true}',
                   "room-full.json": b'{"error": "full", "department": "NHI", "session": "morning"}',
                   "rooms.json": b'{"rooms": {"NOI": {"issued": 40, "issued_session": 12}, '
                                 b'"NHI": {"issued": 0, "issued_session": 0}}}'})
    _write("config", {"every-key.toml": _every_key(), "sample.toml": render_sample().encode(),
                      "small.toml": b'[reader]\nkind = "pcsc"\nname = "ACS"\ntimeout_s = 20\n'
                                    b'[gateway]\nbase_url = "https://egw.example.vn"\n'
                                    b'[face]\naccept_distance = 0.5\n'})


if __name__ == "__main__":
    main()
