"""vsmartcard's ePass emulator (Debian `vsmartcard-vpicc`), an eMRTD implementation this project
did not write, as a card for our reader: the LDS files it serves, the emulator process (through
tests/support/vicc_epass.py, with the system Python), and a vpcd stand-in so it can be read without
pcscd too. vicc is a vpcd *client*: it connects to whoever listens on the port, pcscd's vpcd
driver or `VpcdLink` below."""

from __future__ import annotations

import io
import os
import socket
import subprocess
from pathlib import Path

from PIL import Image

from drivers.idcard.access_key import AccessKey, access_key_from_mrz
from drivers.idcard.errors import CardRemovedError
from drivers.idcard.lds import DG1, DG2
from drivers.idcard.lds.com import ComFile, encode_com
from drivers.idcard.lds.dg1 import encode_dg1
from drivers.idcard.lds.dg2 import encode_dg2
from drivers.idcard.lds.sod import encode_sod
from drivers.idcard.sim.pki import TestPki

LAUNCHER = Path(__file__).with_name("vicc_epass.py")
SYSTEM_PYTHON = "/usr/bin/python3"
PACKAGE_DIR = Path("/usr/lib/python3/site-packages/virtualsmartcard")
#: The MRZ the emulator's own generator has as its example (CardGenerator.py, the ICAO 9303
#: specimen): its BAC key is the one of ICAO 9303-11 Appendix D (reference section 8.1).
SPECIMEN_MRZ = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                "L898902C<3UTO6908061F9406236ZE184226B<<<<<14")
_START_S = 15.0


def missing() -> str:
    """Why the emulator cannot run here ("" when it can)."""
    if not Path(SYSTEM_PYTHON).exists() or not PACKAGE_DIR.is_dir():
        return "vsmartcard's ePass emulator is not installed (apt: vsmartcard-vpicc)"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import Cryptodome, PIL"], capture_output=True,
                           timeout=30)
    if probe.returncode != 0:
        return "the emulator needs python3-pycryptodome and python3-pil (apt)"
    return ""


def write_epass_files(folder: Path, pki: TestPki, photo: Path) -> AccessKey:
    """EF.COM, DG1 (the specimen MRZ), DG2 (a JPEG face) and EF.SOD signed by the test PKI, as
    the emulator's generator lays them out (EF.COM lists DG1 and DG2); the key that opens it."""
    folder.mkdir(parents=True, exist_ok=True)
    with Image.open(photo) as source:
        face = source.convert("RGB").resize((240, 320))
    jpeg = io.BytesIO()
    face.save(jpeg, "JPEG", quality=80)
    groups = {1: encode_dg1(SPECIMEN_MRZ), 2: encode_dg2(jpeg.getvalue())}
    (folder / "com").write_bytes(encode_com(ComFile("0107", "040000", (DG1.tag, DG2.tag))))
    (folder / "dg1").write_bytes(groups[1])
    (folder / "dg2").write_bytes(groups[2])
    (folder / "sod").write_bytes(encode_sod(groups, pki.ds_certificate, pki.ds_key))
    return access_key_from_mrz(SPECIMEN_MRZ)


class ViccProcess:
    """The emulator as a process connected to vpcd (or a VpcdLink) on `port`."""

    def __init__(self, files: Path, port: int, short_ids: bool, log: Path) -> None:
        self.command = [SYSTEM_PYTHON, str(LAUNCHER), "--files", str(files), "--port", str(port),
                        "-v"] + (["--short-ids"] if short_ids else [])
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> ViccProcess:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(self.command, stdout=out, stderr=subprocess.STDOUT,
                                            env=env, cwd=self.log.parent)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


class VpcdLink:
    """A card transport that plays vpcd's part itself: it listens on a loopback port, the
    emulator connects, and APDUs go over vpcd's framing (2-byte length, payload; a 1-byte payload
    is a control: 1 power on). The emulator read without pcscd."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._sock: socket.socket | None = None
        self.atr = b""
        self.reader_name = "vpcd-link"

    def accept(self, timeout_s: float = _START_S) -> None:
        self._server.settimeout(timeout_s)
        self._sock, _ = self._server.accept()
        self._sock.settimeout(timeout_s)

    def close(self) -> None:
        for sock in (self._sock, self._server):
            if sock is not None:
                sock.close()

    def _frame(self, payload: bytes, answer: bool = True) -> bytes:
        assert self._sock is not None, "the emulator has not connected"
        self._sock.sendall(len(payload).to_bytes(2, "big") + payload)
        if not answer:
            return b""
        size = int.from_bytes(self._receive(2), "big")
        return self._receive(size)

    def _receive(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self._sock.recv(size - len(data))
            if not chunk:
                raise CardRemovedError(detail="the emulator closed the connection")
            data += chunk
        return data

    def connect(self) -> None:
        self._frame(b"\x01", answer=False)  # power on
        self.atr = self._frame(b"\x04")  # get ATR

    def disconnect(self) -> None:
        pass

    def card_present(self) -> bool:
        return self._sock is not None

    def transmit(self, apdu: bytes) -> bytes:
        return self._frame(apdu)

