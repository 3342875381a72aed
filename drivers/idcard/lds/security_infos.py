"""SecurityInfos (BSI TR-03110-3 A.1, ICAO 9303-11 9.2): the SET OF protocol announcements held
by EF.CardAccess (PACE) and DG14 (Chip Authentication, its public keys), parsed into typed entries
and encoded back for the simulated chip. Entries of protocols we do not know are kept as they came."""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import core

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError, SecurityInfosError

# Object identifiers (BSI TR-03110-3 A.1.1, ICAO 9303-11 9.2.1).
BSI_DE = "0.4.0.127.0.7"
ID_PK = BSI_DE + ".2.2.1"
ID_PK_DH, ID_PK_ECDH = ID_PK + ".1", ID_PK + ".2"
ID_TA = BSI_DE + ".2.2.2"
ID_CA = BSI_DE + ".2.2.3"
ID_PACE = BSI_DE + ".2.2.4"
ID_AA = "2.23.136.1.1.5"
#: The outer tag of EF.CardAccess (and of the SET inside DG14): an ASN.1 SET.
SET_TAG = 0x31

_AGREEMENT = {"1": "DH", "2": "ECDH", "3": "DH", "4": "ECDH", "6": "ECDH"}
_MAPPING = {"1": "GM", "2": "GM", "3": "IM", "4": "IM", "6": "CAM"}
_CIPHERS = {"1": ("3DES", 112), "2": ("AES", 128), "3": ("AES", 192), "4": ("AES", 256)}


@dataclass(frozen=True)
class CipherSuite:
    """What a PACE or Chip Authentication object identifier names: key agreement (DH/ECDH), the
    PACE mapping (GM, IM, CAM; None for Chip Authentication), and the secure-messaging cipher."""

    key_agreement: str
    mapping: str | None
    cipher: str
    key_bits: int


def cipher_suite(protocol: str) -> CipherSuite | None:
    """The suite a PACE (id-PACE-x-y) or CA (id-CA-x-y) protocol names; None for anything else."""
    for base, mapped in ((ID_PACE, True), (ID_CA, False)):
        arcs = protocol[len(base) + 1:].split(".") if protocol.startswith(base + ".") else []
        if len(arcs) != 2 or arcs[1] not in _CIPHERS:
            continue
        if mapped and arcs[0] in _MAPPING:
            return CipherSuite(_AGREEMENT[arcs[0]], _MAPPING[arcs[0]], *_CIPHERS[arcs[1]])
        if not mapped and arcs[0] in ("1", "2"):
            return CipherSuite(_AGREEMENT[arcs[0]], None, *_CIPHERS[arcs[1]])
    return None


@dataclass(frozen=True)
class PaceInfo:
    """PACEInfo: a PACE suite the chip offers, its version (2 for PACE v2) and the standardized
    domain parameters (ICAO 9303-11 9.5.1: e.g. 13 = brainpoolP256r1) or None when they come
    from a PaceDomainParameterInfo."""

    protocol: str
    version: int
    parameter_id: int | None = None

    @property
    def suite(self) -> CipherSuite:
        suite = cipher_suite(self.protocol)
        assert suite is not None  # parse_security_infos only builds PaceInfo for known suites
        return suite


@dataclass(frozen=True)
class PaceDomainParameterInfo:
    """PACEDomainParameterInfo: proprietary domain parameters, kept as the DER AlgorithmIdentifier."""

    protocol: str
    domain_parameter: bytes
    parameter_id: int | None = None


@dataclass(frozen=True)
class ChipAuthenticationInfo:
    """ChipAuthenticationInfo: a Chip Authentication suite, its version, and which key (keyId)."""

    protocol: str
    version: int
    key_id: int | None = None

    @property
    def suite(self) -> CipherSuite:
        suite = cipher_suite(self.protocol)
        assert suite is not None
        return suite


@dataclass(frozen=True)
class ChipAuthenticationDomainParameterInfo:
    """ChipAuthenticationDomainParameterInfo: domain parameters as a DER AlgorithmIdentifier."""

    protocol: str
    domain_parameter: bytes
    key_id: int | None = None


@dataclass(frozen=True)
class ChipAuthenticationPublicKeyInfo:
    """ChipAuthenticationPublicKeyInfo (DG14): the chip's static key agreement key as the DER
    SubjectPublicKeyInfo it came in (explicit curve parameters included), and its keyId."""

    protocol: str
    public_key: bytes
    key_id: int | None = None


@dataclass(frozen=True)
class TerminalAuthenticationInfo:
    """TerminalAuthenticationInfo: EAC terminal authentication offered (protects DG3/DG4)."""

    protocol: str
    version: int
    ef_cvca: bytes | None = None


@dataclass(frozen=True)
class ActiveAuthenticationInfo:
    """ActiveAuthenticationInfo (ICAO 9303-11 6.1): the signature algorithm of an ECDSA DG15 key."""

    protocol: str
    version: int
    signature_algorithm: str


@dataclass(frozen=True)
class UnknownSecurityInfo:
    """An entry for a protocol this reader does not know, kept whole (DER bytes)."""

    protocol: str
    der: bytes


SecurityInfo = (PaceInfo | PaceDomainParameterInfo | ChipAuthenticationInfo
                | ChipAuthenticationDomainParameterInfo | ChipAuthenticationPublicKeyInfo
                | TerminalAuthenticationInfo | ActiveAuthenticationInfo | UnknownSecurityInfo)


@dataclass(frozen=True)
class SecurityInfos:
    """The parsed SET, in the order it came, with the entries a reader looks for by kind."""

    entries: tuple[SecurityInfo, ...]

    def of_kind(self, kind: type) -> tuple:
        return tuple(entry for entry in self.entries if isinstance(entry, kind))

    @property
    def pace(self) -> tuple[PaceInfo, ...]:
        return self.of_kind(PaceInfo)

    @property
    def chip_authentication(self) -> tuple[ChipAuthenticationInfo, ...]:
        return self.of_kind(ChipAuthenticationInfo)

    @property
    def chip_authentication_keys(self) -> tuple[ChipAuthenticationPublicKeyInfo, ...]:
        return self.of_kind(ChipAuthenticationPublicKeyInfo)

    @property
    def terminal_authentication(self) -> tuple[TerminalAuthenticationInfo, ...]:
        return self.of_kind(TerminalAuthenticationInfo)

    @property
    def active_authentication(self) -> tuple[ActiveAuthenticationInfo, ...]:
        return self.of_kind(ActiveAuthenticationInfo)


class _SecurityInfo(core.Sequence):
    """SecurityInfo ::= SEQUENCE { protocol OID, requiredData ANY, optionalData ANY OPTIONAL }"""

    _fields = [("protocol", core.ObjectIdentifier), ("required_data", core.Any),
               ("optional_data", core.Any, {"optional": True})]


class _SecurityInfoSet(core.SetOf):
    _child_spec = _SecurityInfo


def _integer(value: core.Any, what: str) -> int:
    number = value.parse(core.Integer).native
    if not 0 <= number < 1 << 32:
        raise SecurityInfosError(detail=f"{what} {number} out of range")
    return number


def _optional_integer(entry: _SecurityInfo, what: str) -> int | None:
    optional = entry["optional_data"]
    return None if isinstance(optional, core.Void) else _integer(optional, what)


def _sequence_der(value: core.Any, what: str) -> bytes:
    der = value.dump()
    if der[:1] != b"\x30":
        raise SecurityInfosError(detail=f"{what} is not a SEQUENCE")
    return der


def _entry(entry: _SecurityInfo) -> SecurityInfo:
    protocol = entry["protocol"].dotted
    required = entry["required_data"]
    if protocol.startswith(ID_PACE + "."):
        if cipher_suite(protocol) is not None:
            return PaceInfo(protocol, _integer(required, "PACEInfo version"),
                            _optional_integer(entry, "PACE parameterId"))
        if protocol[len(ID_PACE) + 1:] in _MAPPING:
            return PaceDomainParameterInfo(protocol, _sequence_der(required, "PACE domain parameters"),
                                           _optional_integer(entry, "PACE parameterId"))
    elif protocol.startswith(ID_CA + "."):
        if cipher_suite(protocol) is not None:
            return ChipAuthenticationInfo(protocol, _integer(required, "ChipAuthenticationInfo version"),
                                          _optional_integer(entry, "CA keyId"))
        if protocol in (ID_CA + ".1", ID_CA + ".2"):
            return ChipAuthenticationDomainParameterInfo(
                protocol, _sequence_der(required, "CA domain parameters"),
                _optional_integer(entry, "CA keyId"))
    elif protocol in (ID_PK_DH, ID_PK_ECDH):
        return ChipAuthenticationPublicKeyInfo(protocol, _sequence_der(required, "CA public key"),
                                               _optional_integer(entry, "CA keyId"))
    elif protocol == ID_TA:
        optional = entry["optional_data"]
        return TerminalAuthenticationInfo(protocol, _integer(required, "TerminalAuthenticationInfo version"),
                                          None if isinstance(optional, core.Void) else optional.dump())
    elif protocol == ID_AA:
        optional = entry["optional_data"]
        if isinstance(optional, core.Void):
            raise SecurityInfosError(detail="ActiveAuthenticationInfo without its signature algorithm")
        return ActiveAuthenticationInfo(protocol, _integer(required, "ActiveAuthenticationInfo version"),
                                        optional.parse(core.ObjectIdentifier).dotted)
    return UnknownSecurityInfo(protocol, entry.dump())


def parse_security_infos(data: bytes) -> SecurityInfos:
    """The SET OF SecurityInfo (EF.CardAccess's whole content; DG14's inside its 6E wrapper)
    → SecurityInfos; SecurityInfosError when the bytes are not one, with a plain detail."""
    if data[:1] != bytes((SET_TAG,)):
        raise SecurityInfosError(detail="SecurityInfos do not start with a SET")
    try:
        tlv.decode(data, SET_TAG)  # strict bounds and no trailing bytes, before asn1crypto sees it
    except LdsError as exc:
        raise SecurityInfosError(detail=f"SecurityInfos malformed: {exc.detail}") from None
    try:
        parsed = _SecurityInfoSet.load(data, strict=True)
        entries = tuple(_entry(entry) for entry in parsed)
    except SecurityInfosError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise SecurityInfosError(detail=f"SecurityInfos malformed: {type(exc).__name__}") from None
    except Exception as exc:  # noqa: BLE001 - asn1crypto raises its own kinds on odd input
        if type(exc).__module__.startswith("asn1crypto"):
            raise SecurityInfosError(detail=f"SecurityInfos malformed: {type(exc).__name__}") from None
        raise
    if not entries:
        raise SecurityInfosError(detail="SecurityInfos is an empty SET")
    return SecurityInfos(entries)


def _encode_entry(entry: SecurityInfo) -> bytes:
    if isinstance(entry, UnknownSecurityInfo):
        return entry.der
    if isinstance(entry, PaceInfo):
        required, optional = core.Integer(entry.version), entry.parameter_id
    elif isinstance(entry, ChipAuthenticationInfo):
        required, optional = core.Integer(entry.version), entry.key_id
    elif isinstance(entry, (PaceDomainParameterInfo, ChipAuthenticationDomainParameterInfo)):
        required = core.Any.load(entry.domain_parameter)
        optional = entry.parameter_id if isinstance(entry, PaceDomainParameterInfo) else entry.key_id
    elif isinstance(entry, ChipAuthenticationPublicKeyInfo):
        required, optional = core.Any.load(entry.public_key), entry.key_id
    elif isinstance(entry, TerminalAuthenticationInfo):
        required = core.Integer(entry.version)
        optional = None if entry.ef_cvca is None else core.Any.load(entry.ef_cvca)
    else:
        required, optional = core.Integer(entry.version), core.ObjectIdentifier(entry.signature_algorithm)
    parts = [core.ObjectIdentifier(entry.protocol).dump(), required.dump()]
    if optional is not None:
        parts.append((core.Integer(optional) if isinstance(optional, int) else optional).dump())
    return tlv.encode(0x30, b"".join(parts))


def encode_security_infos(entries: tuple[SecurityInfo, ...] | list[SecurityInfo]) -> bytes:
    """SecurityInfo entries → the SET's bytes, in the order given (the simulated chip's
    EF.CardAccess and DG14 content)."""
    return tlv.encode(SET_TAG, b"".join(_encode_entry(entry) for entry in entries))
