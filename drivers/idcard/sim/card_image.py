"""The files on a simulated card, built from a citizen profile: EF.COM, DG1, DG2, DG13 and EF.SOD
signed by the test Document Signer (and altered after signing where the profile asks)."""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass

from asn1crypto import keys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from PIL import Image

from drivers.idcard.access_key import AccessKey
from drivers.idcard.lds import DG1, DG2, DG13, EF_CARD_ACCESS, EF_COM, EF_SOD, data_group
from drivers.idcard.lds.com import ComFile, encode_com
from drivers.idcard.lds.dg1 import encode_dg1
from drivers.idcard.lds.dg2 import encode_dg2
from drivers.idcard.lds.dg13 import CardDate, VnIdentity, encode_dg13
from drivers.idcard.lds.dg14 import DG14, encode_dg14
from drivers.idcard.lds.dg15 import DG15, encode_dg15
from drivers.idcard.lds.security_infos import (ID_AA, ID_CA, ID_PK_ECDH, ActiveAuthenticationInfo,
                                               ChipAuthenticationInfo,
                                               ChipAuthenticationPublicKeyInfo, PaceInfo,
                                               TerminalAuthenticationInfo, encode_security_infos)
from drivers.idcard.lds.sod import encode_sod
from drivers.idcard.mrz import format_td1, parse_mrz
from drivers.idcard.protocol.pace import STANDARD_DOMAIN_PARAMETERS
from drivers.idcard.sim.dialects import dialect
from drivers.idcard.sim.pki import TestPki, generate_home_made_pki
from drivers.idcard.sim.profile import CitizenProfile, ProfileError, portrait_crop

#: The chip photo's size in pixels (ICAO portrait 3:4) and its target size in bytes.
PHOTO_SIZE = (360, 480)
PHOTO_BYTES = 20_000
_JPEG_QUALITIES = range(95, 20, -5)
_FILES = (EF_COM, DG1, DG2, DG13, DG14, DG15, EF_SOD)
#: The Chip Authentication suite DG14 offers (as EF.CardAccess announces on the CCCD, reference
#: §3.3): id-CA-ECDH-AES-CBC-CMAC-128, its key on brainpoolP256r1.
CA_PROTOCOL = ID_CA + ".2.2"
#: ecdsa-plain-SHA256 (BSI TR-03111): the hash of an EC Active Authentication signature.
AA_ECDSA_SHA256 = "0.4.0.127.0.7.1.1.4.1.3"
#: A CCCD's EF.CardAccess (reference cccd-chip.md §3.3): TA v1, CA-ECDH-AES-128 v1 and
#: PACE-ECDH-GM-AES-128 v2 on brainpoolP256r1 (parameterId 13).
CCCD_CARD_ACCESS = encode_security_infos((
    TerminalAuthenticationInfo("0.4.0.127.0.7.2.2.2", 1),
    ChipAuthenticationInfo(CA_PROTOCOL, 1),
    PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 13)))


@dataclass(frozen=True)
class CardImage:
    """What the simulated chip serves: `files` by file id (0x011E EF.COM, 0x0101 DG1, ...),
    `short_ids` mapping short EF id → file id, and the access key that opens the chip."""

    files: dict[int, bytes]
    short_ids: dict[int, int]
    access_key: AccessKey
    #: The chip's own private keys, never readable: Chip Authentication (the DG14 key's) and
    #: Active Authentication (the DG15 key's). A clone holds keys of its own instead.
    ca_key: ec.EllipticCurvePrivateKey | None = None
    aa_key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | None = None

    def data_group(self, number: int) -> bytes:
        """The bytes of data group `number` (KeyError when the card has none)."""
        return self.files[0x0100 + number]


def _photo(profile: CitizenProfile) -> bytes:
    """The face cropped from the source photo, scaled to PHOTO_SIZE, encoded near PHOTO_BYTES."""
    try:
        with Image.open(profile.photo) as source:
            picture = source.convert("RGB")
    except OSError as exc:
        raise ProfileError(f"The photo of {profile.name} cannot be read.", detail=str(exc)) from None
    box = profile.photo_crop or portrait_crop(*picture.size)
    picture = picture.crop(box).resize(PHOTO_SIZE, Image.Resampling.LANCZOS)
    if profile.photo_format == "jpeg2000":
        ratio = PHOTO_SIZE[0] * PHOTO_SIZE[1] * 3 / PHOTO_BYTES
        return _encoded(picture, "JPEG2000", quality_mode="rates", quality_layers=[ratio],
                        irreversible=True)
    # The highest quality that fits the target: a chip holds one photo of 15-25 KB.
    for quality in _JPEG_QUALITIES:
        data = _encoded(picture, "JPEG", quality=quality)
        if len(data) <= PHOTO_BYTES:
            return data
    return data


def _encoded(picture: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    picture.save(out, fmt, **options)
    return out.getvalue()


def _identity(profile: CitizenProfile) -> VnIdentity:
    return VnIdentity(
        id_number=profile.id_number, full_name=profile.full_name,
        birth_date=CardDate.of(profile.birth_date), sex=profile.sex,
        nationality=profile.nationality, ethnicity=profile.ethnicity, religion=profile.religion,
        place_of_origin=profile.place_of_origin, place_of_residence=profile.place_of_residence,
        identifying_marks=profile.identifying_marks, issue_date=CardDate.of(profile.issue_date),
        expiry_date=CardDate.of(profile.expiry_date), father_name=profile.father_name,
        mother_name=profile.mother_name, spouse_name=profile.spouse_name,
        old_id_number=profile.old_id_number)


def _tampered(number: int, profile: CitizenProfile) -> bytes:
    """Data group `number` as a forger would rewrite it after signing: still well-formed, with a
    different residence (DG13) or holder name (DG1)."""
    if number == 13:
        identity = _identity(profile)
        return encode_dg13(dataclasses.replace(
            identity, place_of_residence=identity.place_of_residence + " (sửa đổi)"))
    mrz = parse_mrz(profile.mrz)
    return encode_dg1(format_td1(document_number=mrz.document_number, birth_date=mrz.birth_date,
                                 sex=mrz.sex, expiry_date=mrz.expiry_date, surname="NGUYEN",
                                 given_names="VAN GIA MAO", optional_data=mrz.optional_data))


def _aa_key(kind: str) -> ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | None:
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1()) if kind == "ec" else None


def explicit_curve_key_info(key: ec.EllipticCurvePublicKey) -> bytes:
    """The key's SubjectPublicKeyInfo with its curve spelled out (prime, a, b, base point,
    order, cofactor: RFC 3279 §2.3.5's specifiedCurve) instead of named."""
    params = next(p for p in STANDARD_DOMAIN_PARAMETERS.values() if p.curve.name == key.curve.name)
    curve, size = params.arithmetic.curve, params.field_bytes
    domain = keys.SpecifiedECDomain({
        "version": "ecdpVer1",
        "field_id": {"field_type": "prime_field", "parameters": curve.p()},
        "curve": {"a": (curve.a() % curve.p()).to_bytes(size, "big"),
                  "b": curve.b().to_bytes(size, "big")},
        "base": params.encode_point(params.generator), "order": params.order,
        "cofactor": 1})
    return keys.PublicKeyInfo({
        "algorithm": {"algorithm": "ec",
                      "parameters": keys.ECDomainParameters(name="specified", value=domain)},
        "public_key": key.public_bytes(serialization.Encoding.X962,
                                       serialization.PublicFormat.UncompressedPoint)}).dump()


def _chip_files(ca_key: ec.EllipticCurvePrivateKey | None, aa_key: object,
                dg14_curve: str = "named") -> dict[int, bytes]:
    """DG14 (what Chip Authentication and EC Active Authentication need) and DG15 (the AA key)."""
    infos: list = []
    if ca_key is not None:
        spki = (explicit_curve_key_info(ca_key.public_key()) if dg14_curve == "explicit" else
                ca_key.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo))
        infos += [ChipAuthenticationInfo(CA_PROTOCOL, 1),
                  ChipAuthenticationPublicKeyInfo(ID_PK_ECDH, spki)]
    if isinstance(aa_key, ec.EllipticCurvePrivateKey):
        infos.append(ActiveAuthenticationInfo(ID_AA, 1, AA_ECDSA_SHA256))
    files = {14: encode_dg14(infos)} if infos else {}
    if aa_key is not None:
        files[15] = encode_dg15(aa_key.public_key())
    return files


def build_card_image(profile: CitizenProfile, pki: TestPki, forgery: str | None = None) -> CardImage:
    """Every file of `profile`'s card, consistent with each other and signed by `pki`'s DS; the
    profile's tampered data groups are replaced after signing. `forgery` (default: the profile's
    scenario) "home_made_signer": DG13 rewritten and every hash signed again by a home-made DS,
    so the hashes and the signature check out and only the trust store can tell; "clone": every
    file as issued, on a chip with private keys of its own (Chip and Active Authentication fail)."""
    forgery = profile.forgery if forgery is None else forgery
    ca_key = ec.generate_private_key(ec.BrainpoolP256R1()) if profile.chip_authentication else None
    aa_key = _aa_key(profile.active_authentication)
    groups = {1: encode_dg1(profile.mrz), 2: encode_dg2(_photo(profile)),
              13: encode_dg13(_identity(profile)),
              **_chip_files(ca_key, aa_key, profile.dg14_curve)}
    if forgery == "home_made_signer":
        groups[13] = _tampered(13, profile)
        pki = generate_home_made_pki()
    elif forgery == "clone":  # the copier can read every file, never the chip's private keys
        ca_key = ec.generate_private_key(ec.BrainpoolP256R1()) if ca_key else None
        aa_key = _aa_key(profile.active_authentication)
    elif forgery:
        raise ProfileError(f"Unknown forgery {forgery!r}.")
    sod = encode_sod(groups, pki.ds_certificate, pki.ds_key)
    for number in profile.tampered_data_groups:
        if number in (14, 15):  # a cloner's own key put in the file, and on the chip
            ca_key = ec.generate_private_key(ec.BrainpoolP256R1()) if number == 14 else ca_key
            aa_key = _aa_key(profile.active_authentication) if number == 15 else aa_key
            groups.update({n: data for n, data in _chip_files(ca_key, aa_key, profile.dg14_curve).items()
                           if n == number})
        else:
            groups[number] = _tampered(number, profile)
    # EF.COM lists what the chip holds in the CCCD's order: DG1, DG2, DG3 where the dialect keeps
    # fingerprints behind EAC, DG13, then DG15 before DG14 (reference §1, §4).
    eac = tuple(data_group(n).tag for n in dialect(profile.dialect).eac_protected)
    tags = (DG1.tag, DG2.tag, *eac, DG13.tag,
            *(ef.tag for ef in (DG15, DG14) if ef.dg_number in groups))
    com = encode_com(ComFile("0107", "040000", tags))
    files = {EF_COM.file_id: com, EF_SOD.file_id: sod,
             **{0x0100 + number: data for number, data in groups.items()}}
    short_ids = {f.short_id: f.file_id for f in _FILES if f.file_id in files}
    if profile.pace:
        files[EF_CARD_ACCESS.file_id] = CCCD_CARD_ACCESS
        short_ids[EF_CARD_ACCESS.short_id] = EF_CARD_ACCESS.file_id
    return CardImage(files, short_ids, profile.chip_access_key, ca_key, aa_key)
