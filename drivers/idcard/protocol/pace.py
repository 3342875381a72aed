"""PACE v2 (ICAO 9303-11 4.4, BSI TR-03110-2 3.2): MSE:Set AT, then four GENERAL AUTHENTICATE
steps (encrypted nonce, generic mapping, ephemeral key agreement, authentication tokens) on the
standardized elliptic curves, with the CAN or the MRZ as password; AES or 3DES secure messaging
follows. Both halves live here, as in bac.py: the terminal's, and the chip's for the simulated card.
EC keys come from `cryptography`; the point arithmetic generic mapping needs (adding points,
multiplying a mapped generator) from the `ecdsa` package."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from asn1crypto import core
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from ecdsa import curves as ecdsa_curves
from ecdsa.ellipticcurve import INFINITY, PointJacobi

from drivers.idcard import tlv
from drivers.idcard.access_key import AccessKey
from drivers.idcard.errors import (LdsError, PaceRefusedError,
                                   PasswordBlockedError, PasswordSuspendedError,
                                   SecureMessagingError, WrongPasswordError)
from drivers.idcard.lds.security_infos import CipherSuite, PaceInfo, SecurityInfos
from drivers.idcard.protocol.apdu import ByteTransport, CommandApdu, ResponseApdu, exchange
from drivers.idcard.protocol.secure_messaging import (AES_INITIAL_SSC, AesCipher, SecureMessaging,
                                                      TripleDesCipher, adjust_parity, aes_cmac,
                                                      des3_decrypt, des3_encrypt, retail_mac)

INS_MSE = 0x22
INS_GENERAL_AUTHENTICATE = 0x86
#: MSE:Set AT for mutual authentication (P1 C1: set for computation + verification, P2 A4: AT).
MSE_SET_AT_P1P2 = (0xC1, 0xA4)
#: Password references in MSE:Set AT (ICAO 9303-11 4.4.4.1, tag 83).
PASSWORD_MRZ, PASSWORD_CAN = 0x01, 0x02
_KDF_ENC, _KDF_MAC, _KDF_PI = 1, 2, 3
_DYNAMIC = 0x7C
_PUBLIC_KEY = 0x7F49
_OID_TAG, _POINT_TAG = 0x06, 0x86
_SW_OK, _SW_AUTH_FAILED, _SW_BLOCKED = 0x9000, 0x6300, 0x6983
_SW_DEACTIVATED = 0x6283


@dataclass(frozen=True)
class DomainParameters:
    """A standardized elliptic curve (ICAO 9303-11 9.5.1, table of parameterIds), as both
    libraries name it: `cryptography` for keys and point checks, `ecdsa` for point arithmetic."""

    parameter_id: int
    name: str
    curve: ec.EllipticCurve = field(repr=False)
    arithmetic: ecdsa_curves.Curve = field(repr=False)

    @property
    def order(self) -> int:
        return self.arithmetic.order

    @property
    def field_bytes(self) -> int:
        return (self.arithmetic.curve.p().bit_length() + 7) // 8

    @property
    def generator(self) -> PointJacobi:
        return self.arithmetic.generator

    def encode_point(self, point: PointJacobi) -> bytes:
        """Uncompressed encoding: 04 || x || y, each the field's size."""
        size = self.field_bytes
        return b"\x04" + point.x().to_bytes(size, "big") + point.y().to_bytes(size, "big")

    def decode_point(self, data: bytes) -> PointJacobi:
        """A point the other side sent; SecureMessagingError unless it is an uncompressed point on
        the curve (checked by `cryptography`), never the point at infinity."""
        if len(data) != 1 + 2 * self.field_bytes or data[:1] != b"\x04":
            raise SecureMessagingError(detail=f"{self.name} point of {len(data)} bytes")
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(self.curve, data)
        except ValueError:
            raise SecureMessagingError(detail=f"point not on {self.name}") from None
        size = self.field_bytes
        return PointJacobi(self.arithmetic.curve, int.from_bytes(data[1:1 + size], "big"),
                           int.from_bytes(data[1 + size:], "big"), 1, self.order)


def _standard(parameter_id: int, name: str, curve: ec.EllipticCurve,
              arithmetic: ecdsa_curves.Curve) -> tuple[int, DomainParameters]:
    return parameter_id, DomainParameters(parameter_id, name, curve, arithmetic)


#: The standardized curves both libraries carry (brainpoolP192/224/320 and P-192 are not offered).
STANDARD_DOMAIN_PARAMETERS: dict[int, DomainParameters] = dict((
    _standard(10, "NIST P-224", ec.SECP224R1(), ecdsa_curves.NIST224p),
    _standard(12, "NIST P-256", ec.SECP256R1(), ecdsa_curves.NIST256p),
    _standard(13, "brainpoolP256r1", ec.BrainpoolP256R1(), ecdsa_curves.BRAINPOOLP256r1),
    _standard(15, "NIST P-384", ec.SECP384R1(), ecdsa_curves.NIST384p),
    _standard(16, "brainpoolP384r1", ec.BrainpoolP384R1(), ecdsa_curves.BRAINPOOLP384r1),
    _standard(17, "brainpoolP512r1", ec.BrainpoolP512R1(), ecdsa_curves.BRAINPOOLP512r1),
    _standard(18, "NIST P-521", ec.SECP521R1(), ecdsa_curves.NIST521p),
))

def standard_curve_of(prime: int, a: int, b: int, generator: tuple[int, int],
                      order: int) -> DomainParameters | None:
    """The standardized curve these explicit parameters spell out (chips often write DG14's key
    with the whole curve instead of its name, BSI TR-03110-3 A.2.1), None when none is."""
    for params in STANDARD_DOMAIN_PARAMETERS.values():
        curve, g = params.arithmetic.curve, params.generator
        if (curve.p(), curve.a() % curve.p(), curve.b(), params.order, g.x(), g.y()) == \
                (prime, a % prime, b, order, *generator):
            return params
    return None


#: A private scalar in [1, n-1] for these domain parameters (injected by tests to replay examples).
RandomScalar = Callable[[DomainParameters], int]
RandomBytes = Callable[[int], bytes]


def random_scalar(params: DomainParameters) -> int:
    """A fresh private key's scalar, drawn by `cryptography`."""
    return ec.generate_private_key(params.curve).private_numbers().private_value


@dataclass(frozen=True)
class PacePassword:
    """A PACE password: which one (MRZ or CAN, the MSE:Set AT reference) and the secret it
    yields (ICAO 9303-11 9.7.3: SHA-1 of the MRZ information, or the CAN's digits)."""

    kind: str  # "CAN" or "MRZ"
    secret: bytes = field(repr=False)

    @property
    def reference(self) -> int:
        return PASSWORD_CAN if self.kind == "CAN" else PASSWORD_MRZ


def can_password(can: str) -> PacePassword:
    return PacePassword("CAN", can.encode("ascii"))


def mrz_password(access_key: AccessKey) -> PacePassword:
    return PacePassword("MRZ", hashlib.sha1(access_key.mrz_information().encode("ascii")).digest())


def passwords_of(access_key: AccessKey) -> list[PacePassword]:
    """The PACE passwords an access key gives, in the order to try them: CAN first (it is what a
    CCCD is opened with), then the MRZ."""
    found = [can_password(access_key.can)] if access_key.can else []
    if access_key.has_mrz:
        found.append(mrz_password(access_key))
    return found


def kdf(secret: bytes, counter: int, suite: CipherSuite) -> bytes:
    """ICAO 9303-11 9.7.1: SHA-1 (3DES, AES-128) or SHA-256 (AES-192/256) over secret || counter,
    cut to the key size; 3DES keys get DES parity."""
    data = secret + counter.to_bytes(4, "big")
    if suite.cipher == "3DES":
        return adjust_parity(hashlib.sha1(data).digest()[:16])
    digest = hashlib.sha1(data).digest() if suite.key_bits == 128 else hashlib.sha256(data).digest()
    return digest[:suite.key_bits // 8]


def _nonce_size(suite: CipherSuite) -> int:
    return 8 if suite.cipher == "3DES" else 16


def encrypt_nonce(suite: CipherSuite, key: bytes, nonce: bytes) -> bytes:
    """E(K_pi, s): the block cipher in CBC mode with a zero IV."""
    if suite.cipher == "3DES":
        return des3_encrypt(key, nonce)
    encryptor = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor()
    return encryptor.update(nonce) + encryptor.finalize()


def decrypt_nonce(suite: CipherSuite, key: bytes, encrypted: bytes) -> bytes:
    if len(encrypted) != _nonce_size(suite):
        raise SecureMessagingError(detail=f"encrypted nonce of {len(encrypted)} bytes")
    if suite.cipher == "3DES":
        return des3_decrypt(key, encrypted)
    decryptor = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).decryptor()
    return decryptor.update(encrypted) + decryptor.finalize()


def authentication_token(suite: CipherSuite, ks_mac: bytes, protocol: str,
                         params: DomainParameters, point: PointJacobi) -> bytes:
    """T = MAC(KS_mac, public key data object of the other side's ephemeral key), 8 bytes
    (ICAO 9303-11 4.4.3.4: 7F49 { 06 protocol OID, 86 uncompressed point })."""

    oid = core.ObjectIdentifier(protocol).dump()
    data = tlv.encode(_PUBLIC_KEY, oid + tlv.encode(_POINT_TAG, params.encode_point(point)))
    if suite.cipher == "3DES":
        return retail_mac(ks_mac, data)
    return aes_cmac(ks_mac, data)[:8]


def map_generator(params: DomainParameters, nonce: bytes, shared: PointJacobi) -> PointJacobi:
    """Generic mapping (ICAO 9303-11 4.4.3.3.1): G' = s * G + H; SecureMessagingError if H or G'
    is the point at infinity."""
    if shared == INFINITY:
        raise SecureMessagingError(detail="mapping gave the point at infinity")
    mapped = params.generator * int.from_bytes(nonce, "big") + shared
    if mapped == INFINITY:
        raise SecureMessagingError(detail="mapped generator is the point at infinity")
    return mapped


@dataclass(frozen=True)
class SuiteKeys:
    """What PACE yields: the secure messaging keys of the suite and the chip's ephemeral public key
    (Chip Authentication binds to it)."""

    suite: CipherSuite = field(repr=False)
    ks_enc: bytes = field(repr=False)
    ks_mac: bytes = field(repr=False)
    password_kind: str = "CAN"
    chip_public_key: bytes = field(default=b"", repr=False)

    def secure_messaging(self) -> SecureMessaging:
        if self.suite.cipher == "3DES":
            return SecureMessaging(TripleDesCipher(self.ks_enc, self.ks_mac), bytes(8))
        return SecureMessaging(AesCipher(self.ks_enc, self.ks_mac), AES_INITIAL_SSC)


def _session_keys(suite: CipherSuite, shared_x: int, params: DomainParameters,
                  kind: str, chip_point: PointJacobi) -> SuiteKeys:
    secret = shared_x.to_bytes(params.field_bytes, "big")
    return SuiteKeys(suite, kdf(secret, _KDF_ENC, suite), kdf(secret, _KDF_MAC, suite), kind,
                       params.encode_point(chip_point))


def supported(info: PaceInfo) -> bool:
    """True when this module can run `info`'s suite: ECDH generic mapping on a curve it knows."""
    suite = info.suite
    return (suite.key_agreement == "ECDH" and suite.mapping == "GM"
            and info.parameter_id in STANDARD_DOMAIN_PARAMETERS)


def choose(infos: SecurityInfos) -> PaceInfo | None:
    """The first PACE suite the chip offers that this module can run (the chip lists its
    preference first), or None."""
    return next((info for info in infos.pace if supported(info)), None)


def set_at_data(info: PaceInfo, password: PacePassword, ambiguous: bool) -> bytes:
    """MSE:Set AT data: 80 protocol OID, 83 password reference, 84 parameterId only when the chip
    offers more than one set of domain parameters (ICAO 9303-11 4.4.4.1)."""

    oid = core.ObjectIdentifier(info.protocol).dump()[2:]
    data = tlv.encode(0x80, oid) + tlv.encode(0x83, bytes((password.reference,)))
    if ambiguous and info.parameter_id is not None:
        data += tlv.encode(0x84, bytes((info.parameter_id,)))
    return data


def _dynamic(tag: int, value: bytes) -> bytes:
    return tlv.encode(_DYNAMIC, tlv.encode(tag, value))


def _from_dynamic(data: bytes, tag: int, step: str) -> bytes:
    try:
        return tlv.decode(data, _DYNAMIC).child(tag).value
    except LdsError as exc:
        raise SecureMessagingError(detail=f"GENERAL AUTHENTICATE {step}: {exc.detail}") from None


def _password_error(sw: int, password: PacePassword, step: str) -> Exception | None:
    """The error a status word means for the password, or None when it is not about the password.
    63Cx: wrong, x tries left (x = 1: the password is suspended, ICAO 9303-11 / TR-03110 retry
    counter); 63C0 or 6983: blocked; 6283: deactivated."""
    detail = f"{step} ({password.kind}): status word {sw:04X}"
    if sw == _SW_AUTH_FAILED:
        return WrongPasswordError(password.kind, None, detail=detail)
    if sw & 0xFFF0 == 0x63C0:
        tries = sw & 0x0F
        if tries == 0:
            return PasswordBlockedError(password.kind, detail=detail)
        if tries == 1:
            return PasswordSuspendedError(password.kind, detail=detail)
        return WrongPasswordError(password.kind, tries, detail=detail)
    if sw in (_SW_BLOCKED, _SW_DEACTIVATED):
        return PasswordBlockedError(password.kind, detail=detail)
    return None


def authenticate(transport: ByteTransport, infos: SecurityInfos, password: PacePassword,
                 scalar: RandomScalar = random_scalar) -> SuiteKeys:
    """Run PACE with the chip (terminal side) and return the session keys.
    PaceRefusedError: the chip offers no suite this module runs, or refused PACE itself (a BAC
    fallback may work); WrongPasswordError / PasswordSuspendedError / PasswordBlockedError: the
    chip refused the password; SecureMessagingError: an answer was malformed or the chip's token
    does not prove it knows the password (never fall back after that: it may be an attack)."""
    info = choose(infos)
    if info is None:
        raise PaceRefusedError(detail="no PACE suite offered that this reader runs: "
                               + ", ".join(f"{i.protocol}/{i.parameter_id}" for i in infos.pace))
    suite, params = info.suite, STANDARD_DOMAIN_PARAMETERS[info.parameter_id or 0]
    ambiguous = len({i.parameter_id for i in infos.pace}) > 1

    mse = exchange(transport, CommandApdu(0x00, INS_MSE, *MSE_SET_AT_P1P2,
                                          set_at_data(info, password, ambiguous)))
    # 63Cx with two or more tries left is only the counter's warning at this step; go on.
    if mse.sw != _SW_OK and not (mse.sw & 0xFFF0 == 0x63C0 and mse.sw & 0x0F >= 2):
        error = _password_error(mse.sw, password, "MSE:Set AT")
        if error is None or isinstance(error, WrongPasswordError):
            raise PaceRefusedError(detail=f"MSE:Set AT: status word {mse.sw:04X}")
        raise error

    def step(name: str, data: bytes, answer_tag: int, last: bool = False) -> bytes:
        command = CommandApdu(0x00 if last else 0x10, INS_GENERAL_AUTHENTICATE, 0, 0, data, le=256)
        response = exchange(transport, command)
        if response.sw != _SW_OK:
            error = _password_error(response.sw, password, f"GENERAL AUTHENTICATE {name}")
            # A wrong password shows at step 4 only (the chip cannot tell before the tokens).
            if error is not None and (last or not isinstance(error, WrongPasswordError)):
                raise error
            raise PaceRefusedError(detail=f"GENERAL AUTHENTICATE {name}: status word {response.sw:04X}")
        return _from_dynamic(response.data, answer_tag, name)

    # 1. The chip's nonce, encrypted under the password's key.
    key_pi = kdf(password.secret, _KDF_PI, suite)
    nonce = decrypt_nonce(suite, key_pi, step("1 (nonce)", tlv.encode(_DYNAMIC, b""), 0x80))

    # 2. Generic mapping: H = SK_map * PK_map(chip), G' = s * G + H.
    map_key = scalar(params)
    chip_map = params.decode_point(step(
        "2 (map nonce)", _dynamic(0x81, params.encode_point(params.generator * map_key)), 0x82))
    mapped = map_generator(params, nonce, chip_map * map_key)

    # 3. Ephemeral key agreement on G'.
    own_key = scalar(params)
    own_point = mapped * own_key
    chip_point = params.decode_point(step(
        "3 (key agreement)", _dynamic(0x83, params.encode_point(own_point)), 0x84))
    if chip_point == own_point:
        raise SecureMessagingError(detail="chip returned our own ephemeral public key")
    shared = chip_point * own_key
    if shared == INFINITY:
        raise SecureMessagingError(detail="shared secret is the point at infinity")
    keys = _session_keys(suite, shared.x(), params, password.kind, chip_point)

    # 4. Authentication tokens over each other's ephemeral public key.
    token = authentication_token(suite, keys.ks_mac, info.protocol, params, chip_point)
    chip_token = step("4 (mutual authentication)", _dynamic(0x85, token), 0x86, last=True)
    expected = authentication_token(suite, keys.ks_mac, info.protocol, params, own_point)
    if not hmac.compare_digest(chip_token, expected):
        raise SecureMessagingError(detail="the chip's PACE authentication token does not verify")
    return keys


class PaceChip:
    """The chip's side of PACE for the simulated card: answers MSE:Set AT and the four GENERAL
    AUTHENTICATE steps with its own passwords, and hands over secure messaging when the terminal's
    token verifies. `passwords` maps the MSE:Set AT reference to the chip's secret."""

    def __init__(self, infos: SecurityInfos, passwords: dict[int, PacePassword],
                 scalar: RandomScalar = random_scalar, random_bytes: RandomBytes = os.urandom) -> None:
        self.infos = infos
        self.passwords = passwords
        self.scalar = scalar
        self.random_bytes = random_bytes
        self.reset()

    def reset(self) -> None:
        self._info: PaceInfo | None = None
        self._password: PacePassword | None = None
        self._step = 0
        self._nonce = b""
        self._map_key = 0
        self._mapped: PointJacobi | None = None
        self._own_key = 0
        self._own_point: PointJacobi | None = None
        self._terminal_point: PointJacobi | None = None

    @property
    def password_kind(self) -> str | None:
        return self._password.kind if self._password else None

    def set_at(self, data: bytes) -> int:
        """MSE:Set AT; returns the status word (9000, or 6A80 for a suite or password not offered)."""
        self.reset()
        try:
            items = {item.tag: item.value for item in tlv.decode_all(data)}
        except LdsError:
            return 0x6A80

        try:
            protocol = core.ObjectIdentifier.load(b"\x06" + bytes((len(items.get(0x80, b"")),))
                                                  + items.get(0x80, b"")).dotted
        except (ValueError, TypeError):
            return 0x6A80
        reference = items.get(0x83, b"\x00")[0] if items.get(0x83) else 0
        wanted = items[0x84][0] if items.get(0x84) else None
        info = next((i for i in self.infos.pace if i.protocol == protocol and supported(i)
                     and wanted in (None, i.parameter_id)), None)
        if info is None or reference not in self.passwords:
            return 0x6A80
        self._info, self._password, self._step = info, self.passwords[reference], 1
        return _SW_OK

    def general_authenticate(self, command: CommandApdu) -> tuple[ResponseApdu, SuiteKeys | None]:
        """One GENERAL AUTHENTICATE step. Returns the answer, and the session keys after a
        successful step 4 (6300 there: the terminal's token is wrong, i.e. a wrong password)."""
        if self._info is None or self._password is None or not 1 <= self._step <= 4:
            return ResponseApdu(b"", 0x6985), None
        chained = bool(command.cla & 0x10)
        if chained != (self._step < 4):
            self.reset()
            return ResponseApdu(b"", 0x6985), None
        info, suite = self._info, self._info.suite
        params = STANDARD_DOMAIN_PARAMETERS[info.parameter_id or 0]
        try:
            inner = tlv.decode(command.data, _DYNAMIC).value
            items = {item.tag: item.value for item in tlv.decode_all(inner)} if inner else {}
            if self._step == 1:
                if items:
                    raise SecureMessagingError(detail="step 1 carries data")
                self._nonce = self.random_bytes(_nonce_size(suite))
                key_pi = kdf(self._password.secret, _KDF_PI, suite)
                return self._next(_dynamic(0x80, encrypt_nonce(suite, key_pi, self._nonce))), None
            if self._step == 2:
                terminal_map = params.decode_point(items[0x81])
                self._map_key = self.scalar(params)
                own_map = params.generator * self._map_key
                self._mapped = map_generator(params, self._nonce, terminal_map * self._map_key)
                return self._next(_dynamic(0x82, params.encode_point(own_map))), None
            if self._step == 3:
                assert self._mapped is not None
                self._terminal_point = params.decode_point(items[0x83])
                self._own_key = self.scalar(params)
                self._own_point = self._mapped * self._own_key
                if self._own_point == self._terminal_point:
                    raise SecureMessagingError(detail="terminal sent the chip's own key")
                return self._next(_dynamic(0x84, params.encode_point(self._own_point))), None
            assert self._terminal_point is not None and self._own_point is not None
            shared = self._terminal_point * self._own_key
            keys = _session_keys(suite, shared.x(), params, self._password.kind, self._own_point)
            expected = authentication_token(suite, keys.ks_mac, info.protocol, params,
                                            self._own_point)
            self._step = 0
            if not hmac.compare_digest(items.get(0x85, b""), expected):
                return ResponseApdu(b"", _SW_AUTH_FAILED), None
            token = authentication_token(suite, keys.ks_mac, info.protocol, params,
                                         self._terminal_point)
            return ResponseApdu(_dynamic(0x86, token), _SW_OK), keys
        except (LdsError, SecureMessagingError, KeyError):
            self.reset()
            return ResponseApdu(b"", 0x6A80), None

    def _next(self, data: bytes) -> ResponseApdu:
        self._step += 1
        return ResponseApdu(data, _SW_OK)

