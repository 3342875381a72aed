"""Is the chip genuine? Chip Authentication (DG14, ECDH, then AES secure messaging under the new
keys) and Active Authentication (DG15, RSA ISO 9796-2 and ECDSA) pass on a genuine simulated chip
and fail on a clone (same files, another chip's keys); a DG14/DG15 holding a cloner's own key
passes the protocol but is caught by passive authentication."""

from __future__ import annotations

import dataclasses

import pytest
from asn1crypto import keys
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from drivers.idcard.lds.dg14 import encode_dg14, parse_dg14
from drivers.idcard.lds.security_infos import (ID_CA, ID_PK_DH, ID_PK_ECDH, ChipAuthenticationInfo,
                                               ChipAuthenticationPublicKeyInfo)
from drivers.idcard.protocol import active_authentication, chip_authentication
from drivers.idcard.protocol.chip_proof import ProofMethod, ProofOutcome, prove_chip
from drivers.idcard.protocol.secure_messaging import AesCipher, TripleDesCipher
from drivers.idcard.protocol.session import open_secure_channel, read_card
from drivers.idcard.sim.card_image import build_card_image, explicit_curve_key_info
from drivers.idcard.sim.chip import ChipEngine
from drivers.idcard.sim.pki import generate_test_pki
from drivers.idcard.sim.profile import load_profile
from drivers.idcard.transport import InProcessTransport

PKI = generate_test_pki()
CA = dict(chip_authentication=True, active_authentication="ec")
AA_EC = dict(chip_authentication=False, active_authentication="ec")
AA_RSA = dict(chip_authentication=False, active_authentication="rsa")
NONE = dict(chip_authentication=False, active_authentication="none")


def _profile(tampered=(), **scenario):
    return dataclasses.replace(load_profile("an"), tampered_data_groups=tuple(tampered), **scenario)


def _read(profile, forgery=None):
    image = build_card_image(profile, PKI, forgery)
    return read_card(InProcessTransport(ChipEngine(image)), profile.printed_access_key,
                     trust_store=[PKI.csca_certificate])


@pytest.mark.parametrize("scenario, method", [
    (CA, ProofMethod.CHIP_AUTHENTICATION), (AA_EC, ProofMethod.ACTIVE_AUTHENTICATION),
    (AA_RSA, ProofMethod.ACTIVE_AUTHENTICATION),
    ({**CA, "dg14_curve": "explicit"}, ProofMethod.CHIP_AUTHENTICATION)])
def test_genuine_chip_passes_and_its_clone_fails(scenario, method):
    genuine = _read(_profile(**scenario))
    assert (genuine.chip_proof.method, genuine.chip_proof.outcome) == (method, ProofOutcome.PASSED)
    assert genuine.passive_auth.passed
    clone = _read(_profile(**scenario), forgery="clone")
    assert (clone.chip_proof.method, clone.chip_proof.outcome) == (method, ProofOutcome.FAILED)
    # the clone's files are the genuine ones: passive authentication alone cannot tell
    assert clone.passive_auth.passed
    assert clone.face == genuine.face  # and the rest of the card was still read


def test_a_card_without_dg14_or_dg15_offers_no_proof():
    read = _read(_profile(**NONE))
    assert (read.chip_proof.method, read.chip_proof.outcome) == (ProofMethod.NONE,
                                                                 ProofOutcome.NOT_OFFERED)


@pytest.mark.parametrize("pace, before", [(True, AesCipher), (False, TripleDesCipher)])
def test_after_chip_authentication_the_session_runs_under_new_aes_keys(pace, before):
    profile = _profile(pace=pace, **CA)
    image = build_card_image(profile, PKI)
    transport = InProcessTransport(ChipEngine(image))
    transport.connect()
    channel = open_secure_channel(transport, profile.printed_access_key)
    assert isinstance(channel.messaging.cipher, before)  # PACE's AES keys, or BAC's 3DES ones
    proof, after = prove_chip(channel, image.data_group(14), image.data_group(15))
    assert proof.outcome is ProofOutcome.PASSED
    assert isinstance(after.messaging.cipher, AesCipher)
    assert after.messaging.cipher.ks_enc != channel.messaging.cipher.ks_enc
    # a 16-byte counter from zero, moved on by the probe's command and its answer
    assert after.messaging.ssc == (2).to_bytes(16, "big")


@pytest.mark.parametrize("number, scenario", [(14, CA), (15, AA_EC), (15, AA_RSA)])
def test_a_cloners_own_key_in_dg14_or_dg15_is_caught_by_passive_authentication(number, scenario):
    read = _read(_profile(tampered=[number], **scenario))
    assert read.chip_proof.outcome is ProofOutcome.PASSED  # the cloner's chip holds its key...
    assert read.passive_auth.mismatched_data_groups == (number,)  # ...the issuer signed another
    assert read.passive_auth.tampered


def test_chip_authentication_in_a_form_not_supported_falls_back_to_active_authentication():
    profile = _profile(**AA_EC)
    image = build_card_image(profile, PKI)
    dh_only = encode_dg14([ChipAuthenticationInfo(ID_CA + ".1.2", 1),
                           ChipAuthenticationPublicKeyInfo(ID_PK_DH, bytes.fromhex("3003020101"))])
    transport = InProcessTransport(ChipEngine(image))
    transport.connect()
    channel = open_secure_channel(transport, profile.printed_access_key)
    proof, after = prove_chip(channel, dh_only, image.data_group(15))
    assert (proof.method, proof.outcome) == (ProofMethod.ACTIVE_AUTHENTICATION, ProofOutcome.PASSED)
    alone, _ = prove_chip(open_secure_channel(transport, profile.printed_access_key), dh_only, None)
    assert (alone.outcome, "DH" in alone.detail) == (ProofOutcome.NOT_SUPPORTED, True)


@pytest.mark.parametrize("curve", [ec.BrainpoolP256R1(), ec.SECP256R1(), ec.BrainpoolP384R1()])
def test_a_dg14_key_with_its_curve_spelled_out_loads_as_the_named_curve(curve):
    key = ec.generate_private_key(curve).public_key()
    dg14 = encode_dg14([ChipAuthenticationInfo(ID_CA + ".2.2", 1),
                        ChipAuthenticationPublicKeyInfo(ID_PK_ECDH, explicit_curve_key_info(key))])
    offer = chip_authentication.choose_offer(parse_dg14(dg14))
    assert offer.public_key.curve.name == curve.name
    assert offer.public_key.public_numbers() == key.public_numbers()


def test_a_dg14_key_on_a_curve_of_its_own_is_not_supported_not_a_crash():
    key = ec.generate_private_key(ec.BrainpoolP256R1()).public_key()
    info = keys.PublicKeyInfo.load(explicit_curve_key_info(key))
    domain = info["algorithm"]["parameters"].chosen.native
    domain["curve"]["b"] = bytes(32)  # another curve, through the same base point's field
    home_made = keys.PublicKeyInfo({
        "algorithm": {"algorithm": "ec", "parameters": keys.ECDomainParameters(
            name="specified", value=keys.SpecifiedECDomain(domain))},
        "public_key": info["public_key"].native}).dump()
    dg14 = encode_dg14([ChipAuthenticationInfo(ID_CA + ".2.2", 1),
                        ChipAuthenticationPublicKeyInfo(ID_PK_ECDH, home_made)])
    with pytest.raises(chip_authentication.ChipAuthenticationUnsupported, match="standardized"):
        chip_authentication.choose_offer(parse_dg14(dg14))


@pytest.mark.parametrize("key", [rsa.generate_private_key(65537, 2048),
                                 rsa.generate_private_key(65537, 1024),
                                 ec.generate_private_key(ec.BrainpoolP256R1()),
                                 ec.generate_private_key(ec.SECP384R1())])
def test_signature_checks_bind_the_challenge_and_the_key(key):
    challenge = bytes(range(8))
    signature = active_authentication.sign_challenge(key, challenge, "sha256")
    public = key.public_key()

    def verify(pub, chal, sig):
        if isinstance(pub, rsa.RSAPublicKey):
            return active_authentication.verify_rsa(pub, chal, sig)
        return active_authentication.verify_ecdsa(pub, chal, sig, "sha256")

    assert verify(public, challenge, signature)
    assert not verify(public, bytes(8), signature)
    assert not verify(public, challenge, bytes(len(signature)))
    assert not verify(public, challenge, signature[:-1] + bytes((signature[-1] ^ 1,)))
    other = (rsa.generate_private_key(65537, 2048) if isinstance(key, rsa.RSAPrivateKey)
             else ec.generate_private_key(key.curve)).public_key()
    assert not verify(other, challenge, signature)


@pytest.mark.parametrize("scenario", [CA, AA_EC])
def test_a_card_pulled_during_the_proof_is_a_removed_card_not_a_clone(scenario):
    from drivers.idcard.errors import CardRemovedError
    from drivers.idcard.sim.chip import ChipFaults

    profile = _profile(**scenario)
    image = build_card_image(profile, PKI)
    # How many commands come before the proof (access control and the files up to DG14/DG15,
    # however the reader reads them): counted on an untouched chip, then the card is pulled there.
    counting = ChipEngine(image)
    seen: list[int] = []

    def at_file(event) -> None:
        if getattr(event, "name", "") in ("DG14", "DG15"):
            seen.append(counting._commands)

    read_card(InProcessTransport(counting), profile.printed_access_key, on_event=at_file)
    engine = ChipEngine(image, faults=ChipFaults(remove_after=max(seen)))
    with pytest.raises(CardRemovedError):
        read_card(InProcessTransport(engine), profile.printed_access_key)
