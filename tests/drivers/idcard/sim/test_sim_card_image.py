"""The simulated card: shipped citizens, their files (parsed back with the reader's parsers),
the test PKI cache and profile making."""

from __future__ import annotations

import stat
from datetime import date

import pytest

from drivers.idcard.access_key import access_key_from_mrz
from drivers.idcard.lds.com import parse_com
from drivers.idcard.lds.dg1 import parse_dg1
from drivers.idcard.lds.dg2 import parse_dg2
from drivers.idcard.lds.dg13 import parse_dg13
from drivers.idcard.lds.security_infos import parse_security_infos
from drivers.idcard.lds.sod import parse_sod
from drivers.idcard.passive_auth import Check, check_passive_auth
from drivers.idcard.renewal import card_expiry, expiry_candidates
from drivers.idcard.sim.card_image import build_card_image
from drivers.idcard.sim.pki import default_pki_dir, load_test_pki
from drivers.idcard.sim.profile import (FACES_DIR, ProfileError, list_profiles, load_profile,
                                        make_profile)

SHIPPED = ["an", "binh", "chi", "dung", "em", "giang", "hai", "hanh", "khanh", "mai", "tam"]


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return load_test_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def cards(pki):
    return {name: build_card_image(load_profile(name), pki) for name in SHIPPED}


def test_shipped_profiles():
    assert list_profiles() == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_profile_is_a_consistent_cccd(name):
    profile = load_profile(name)
    century_sex = {(19, "Nam"): "0", (19, "Nữ"): "1", (20, "Nam"): "2", (20, "Nữ"): "3"}
    assert profile.id_number[3] == century_sex[(profile.birth_date.year // 100, profile.sex)]
    assert profile.id_number[4:6] == f"{profile.birth_date.year % 100:02d}"
    if name == "hanh":  # issued on her 58th birthday: the rule's neighbouring answer (§6.1)
        assert profile.expiry_date in expiry_candidates(profile.birth_date, profile.issue_date)
    else:
        assert profile.expiry_date == card_expiry(profile.birth_date, profile.issue_date)
    assert profile.father_name and profile.mother_name and profile.place_of_residence


@pytest.mark.parametrize("name", SHIPPED)
def test_card_files_parse_and_match_the_profile(name, cards):
    profile, card = load_profile(name), cards[name]
    # EF.COM in the CCCD's order: DG15 before DG14 (reference §1); a chip of the CCCD's dialect
    # also lists DG3 (fingerprints, behind EAC: not on the image).
    assert parse_com(card.files[0x011E]).data_groups == \
        ((1, 2, 3, 13, 15, 14) if profile.dialect == "cccd" else (1, 2, 13, 15, 14))
    mrz = parse_dg1(card.files[0x0101])
    assert (mrz.id_number, mrz.document_number) == (profile.id_number, profile.id_number[3:])
    assert mrz.birth_date == profile.birth_date
    assert access_key_from_mrz(mrz.text) == card.access_key == profile.chip_access_key
    identity = parse_dg13(card.files[0x010D])
    assert identity.id_number == profile.id_number
    assert identity.full_name == profile.full_name
    assert identity.birth_date.value == profile.birth_date
    assert identity.expiry_date.value == profile.expiry_date
    assert (identity.father_name, identity.mother_name) == (profile.father_name, profile.mother_name)
    face = parse_dg2(card.files[0x0102])
    assert face.format == profile.photo_format
    assert 15_000 <= len(face.data) <= 25_000
    assert (face.width, face.height) == (360, 480)
    short_ids = {0x1E: 0x011E, 0x01: 0x0101, 0x02: 0x0102, 0x0D: 0x010D, 0x0E: 0x010E,
                 0x0F: 0x010F, 0x1D: 0x011D}
    if profile.pace:  # EF.CardAccess, in the master file (reference §3.3)
        short_ids[0x1C] = 0x011C
        assert parse_security_infos(card.files[0x011C]).pace[0].parameter_id == 13
    assert card.short_ids == short_ids
    assert profile.pace == (name != "giang")  # giang: the BAC-only chip


@pytest.mark.parametrize("name", SHIPPED)
def test_passive_authentication_of_each_card(name, cards, pki):
    card = cards[name]
    read = {n: card.data_group(n) for n in (1, 2, 13)}
    result = check_passive_auth(card.files[0x011D], read, [pki.csca_certificate])
    assert parse_sod(card.files[0x011D]).signer_certificate == pki.ds_certificate
    if name == "em":
        assert result.tampered and result.mismatched_data_groups == (13,)
        assert result.sod_signature is Check.OK
    else:
        assert result.passed


def test_chi_photo_is_jpeg_2000_and_the_rest_jpeg(cards):
    formats = {name: parse_dg2(card.data_group(2)).format for name, card in cards.items()}
    assert formats == {name: "jpeg2000" if name == "chi" else "jpeg" for name in SHIPPED}


def test_giang_chip_key_differs_from_the_printed_key():
    giang = load_profile("giang")
    assert giang.printed_access_key != giang.chip_access_key
    assert giang.printed_access_key.expiry_date == "350214"
    assert giang.chip_access_key.expiry_date == "350215"
    an = load_profile("an")
    assert an.printed_access_key == an.chip_access_key


def test_dung_card_expires_within_weeks_of_the_reference_day():
    dung = load_profile("dung")
    assert dung.expiry_date == date(2026, 12, 10)
    assert 0 < (dung.expiry_date - date(2026, 11, 25)).days <= 30


def test_pki_is_cached_private_and_regenerated_when_damaged(tmp_path):
    first = load_test_pki(tmp_path)
    assert load_test_pki(tmp_path).ds_certificate == first.ds_certificate
    assert first.ds_certificate.issuer == first.csca_certificate.subject
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    (tmp_path / "ds.pem").write_text("damaged")
    regenerated = load_test_pki(tmp_path)
    assert regenerated.ds_certificate != first.ds_certificate
    regenerated.ds_certificate.verify_directly_issued_by(regenerated.csca_certificate)


def test_pki_default_folder_is_the_user_cache(tmp_path):
    assert str(default_pki_dir()).startswith(str(tmp_path))  # conftest points XDG_CACHE_HOME here
    assert load_test_pki().ds_certificate == load_test_pki().ds_certificate
    assert (default_pki_dir() / "ds.key.pem").is_file()


def test_make_profile_writes_a_loadable_profile(tmp_path, pki):
    path = make_profile(FACES_DIR / "obama2.jpg", name="hung", id_number="001089000777",
                        full_name="Trần Văn Hùng", birth_date=date(1989, 6, 1), sex="Nam",
                        issue_date=date(2022, 1, 10), out_dir=tmp_path,
                        father_name="Trần Văn Hải", place_of_residence="Hà Nội")
    profile = load_profile(path)
    assert profile.name == "hung"
    assert profile.expiry_date == date(2029, 6, 1)
    assert (profile.ethnicity, profile.father_name) == ("Kinh", "Trần Văn Hải")
    assert profile.photo.parent == tmp_path
    card = build_card_image(profile, pki)
    assert parse_dg13(card.data_group(13)).full_name == "Trần Văn Hùng"
    assert parse_dg2(card.data_group(2)).format == "jpeg"


def test_make_profile_of_a_lifetime_card(tmp_path, pki):
    # Issued at 75: the card does not expire; its MRZ and chip key carry 991231 (reference §2.4).
    path = make_profile(FACES_DIR / "biden.jpg", name="tho", id_number="001046000777",
                        full_name="Trần Văn Thọ", birth_date=date(1946, 2, 10), sex="Nam",
                        issue_date=date(2021, 7, 1), out_dir=tmp_path)
    profile = load_profile(path)
    assert profile.expiry_date is None
    assert profile.printed_access_key.expiry_date == "991231"
    card = build_card_image(profile, pki)
    assert parse_dg13(card.data_group(13)).has_no_expiry
    assert parse_dg1(card.data_group(1)).no_expiry


@pytest.mark.parametrize("changes", [
    {"id_number": "12345"}, {"sex": "X"}, {"name": "Bad Name"}, {"religion_typo": "Không"},
    {"birth_date": date(2020, 1, 1), "issue_date": date(2010, 1, 1)},  # issued before birth
])
def test_make_profile_refuses_bad_values_and_leaves_nothing(tmp_path, changes):
    fields = {"name": "x", "id_number": "001089000777", "full_name": "Trần Văn Hùng",
              "birth_date": date(1989, 6, 1), "sex": "Nam", "issue_date": date(2022, 1, 10),
              **changes}
    with pytest.raises(ProfileError):
        make_profile(FACES_DIR / "obama2.jpg", out_dir=tmp_path, **fields)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text", [
    "not toml [", "[citizen]\nid_number = '001090004521'\n",
    "[citizen]\nid_number='001090004521'\nfull_name='A'\nsex='Nam'\nbirth_date=1990-01-01\n"
    "issue_date=2021-01-01\n[photo]\nfile='missing.jpg'\n",
    "[citizen]\nid_number='001090004521'\nfull_name='A'\nsex='Nam'\nbirth_date='1990'\n"
    "issue_date=2021-01-01\n[photo]\nfile='obama.jpg'\n",
    "[citizen]\nid_number='001090004521'\nfull_name='A'\nsex='Nam'\nbirth_date=1990-01-01\n"
    "issue_date=2021-01-01\n[photo]\nfile='obama.jpg'\ncrop=[5, 5, 1, 1]\n",
    "[citizen]\nid_number='001090004521'\nfull_name='A'\nsex='Nam'\nbirth_date=1990-01-01\n"
    "issue_date=2021-01-01\n[photo]\nfile='obama.jpg'\n[scenario]\ntampered_data_groups=[2]\n",
    "[citizen]\nid_number='001090004521'\nfull_name='A'\nsex='Nam'\nbirth_date=1990-01-01\n"
    "issue_date=2021-01-01\n[photo]\nfile='obama.jpg'\n[chip]\ndialect='klingon'\n",
])
def test_bad_profile_files(tmp_path, text):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError):
        load_profile(path)


def test_unknown_profile_name():
    with pytest.raises(ProfileError) as caught:
        load_profile("nobody")
    assert "an" in caught.value.detail


def test_the_realistic_cccd_profile_has_the_real_card_layout(cards):
    """Reference section 10.6: EF.COM listing DG1, DG2, DG3, DG13 (tags 61 75 63 6D), DG1 of 95
    bytes, DG2 a JPEG with a 2-byte length whose image starts at byte 84, and a DG13 with a field
    over 127 bytes (a long-form length inside)."""
    profile, card = load_profile("khanh"), cards["khanh"]
    assert profile.dialect == "cccd"
    assert card.files[0x011E].endswith(bytes.fromhex("5C066175636D6F6E"))
    assert len(card.files[0x0101]) == 95
    dg2 = card.files[0x0102]
    assert dg2[:2] == bytes.fromhex("7582") and dg2[84:88] == bytes.fromhex("FFD8FFE0")
    assert len(profile.place_of_residence.encode("utf-8")) > 127
    assert bytes.fromhex("3081") in card.files[0x010D]
    assert 256 <= len(card.files[0x010D]) <= 1024
    assert parse_dg13(card.files[0x010D]).place_of_residence == profile.place_of_residence
