"""Face-test fixtures: models loaded once per session, chip photos (DG2) cut from the shipped
portraits or read from each simulated citizen's chip image, and the shipped replay material."""

from __future__ import annotations

import cv2
import pytest

from drivers.idcard.lds.dg2 import parse_dg2
from drivers.idcard.sim.card_image import build_card_image
from drivers.idcard.sim.pki import load_test_pki
from drivers.idcard.sim.profile import list_profiles, load_profile
from drivers.sim_media.replay_synth import Portrait
from terminal.face.landmarks import FaceFinder
from terminal.face.models import shared_loader
from terminal.face.reference import ReferenceFace, encode_reference
from tests.support.face_media import REPLAY, dg2_photo


@pytest.fixture(scope="session")
def finder() -> FaceFinder:
    return FaceFinder(shared_loader().get(), 640)


@pytest.fixture(scope="session")
def references(finder) -> dict[str, ReferenceFace]:
    """Each source photo's chip-photo encoding, computed once (obama as JPEG, collins as JPEG 2000
    like citizen chi's card)."""
    return {
        "obama": encode_reference(dg2_photo(finder, "obama.jpg"), finder),
        "biden": encode_reference(dg2_photo(finder, "biden.jpg"), finder),
        "collins": encode_reference(dg2_photo(finder, "collins.jpg", "JPEG2000"), finder),
    }


@pytest.fixture(scope="session")
def chip_references(finder, tmp_path_factory) -> dict[str, ReferenceFace]:
    """Each shipped citizen's chip photo (the DG2 their simulated chip carries), encoded once."""
    pki = load_test_pki(tmp_path_factory.mktemp("pki"))
    return {name: encode_reference(parse_dg2(build_card_image(load_profile(name), pki)
                                             .data_group(2)).data, finder)
            for name in list_profiles()}


@pytest.fixture(scope="session")
def portrait(finder) -> Portrait:
    """Citizen an's still frame with its landmarks."""
    image = cv2.imread(str(REPLAY / "an" / "still.jpg"))
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return Portrait(image, finder.landmarks(gray, finder.find(gray)[0]).points)
