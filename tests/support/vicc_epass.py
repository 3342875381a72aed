"""Runs vsmartcard's ePass emulator (Debian `vsmartcard-vpicc`, `vicc --type ePass`) against vpcd,
serving the LDS files given on the command line. Run with the system Python (/usr/bin/python3),
not the project's: the emulator is a system package and must stay independent of our code.

Why not plain `vicc --type ePass`: on Debian 12 the package cannot start that card. Its modules
lie in /usr/lib/python3/site-packages/virtualsmartcard (not on sys.path), it imports PyCrypto as
`Crypto` (Debian ships PyCryptodome as `Cryptodome`), and its ePass generator prompts for the MRZ
with Python 2's `raw_input` and packs str with bytes. This launcher supplies those three things
and builds the same file system the generator builds (application DF with the eMRTD AID, EF.COM,
DG1, DG2, EF.SOD) from files we pass; everything that answers APDUs is the emulator's own code:
its ISO 7816 OS, file system, BAC (PassportSAM) and secure messaging.
"""

from __future__ import annotations

import argparse
import builtins
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import logging
import sys
from pathlib import Path

VSMARTCARD = "/usr/lib/python3/site-packages/virtualsmartcard"
EMRTD_AID = bytes.fromhex("A0000002471001")
#: File id -> (short EF id, file name given on the command line).
FILES = {0x011E: (0x1E, "com"), 0x0101: (0x01, "dg1"), 0x0102: (0x02, "dg2"),
         0x011D: (0x1D, "sod")}


#: Python 3 fixes of the Debian 12 package's sources, applied as they are loaded: each turns a
#: Python 2 str literal or idiom into its bytes form (the same kind of edit upstream made in its
#: "python3 compatibility" commits). No protocol logic is changed. Each must match exactly once,
#: so a different package version fails loudly instead of running half-patched.
PY3_FIXES: dict[str, list[tuple[str, str]]] = {
    "virtualsmartcard.CryptoUtils": [
        ("result.append(chr(op(ord(string1[i]), ord(string2[i]))))",
         "result.append(op(string1[i], string2[i]))"),
        ("        result.append(op(string1[i], string2[i]))\n    return \"\".join(result)",
         "        result.append(op(string1[i], string2[i]))\n    return bytes(result)"),
    ],
    "virtualsmartcard.TLVutils": [
        ('        result = result + value\n\n    return b"".join(result)',
         '        result = result + value\n\n    return result'),
    ],
    "virtualsmartcard.SEutils": [
        ('            to_authenticate = ""\n', '            to_authenticate = b""\n'),
        ('return_data = ["", ]', 'return_data = [b"", ]'),
        ('data="".join(return_data))', 'data=b"".join(return_data))'),
        ('        return_data = ""\n', '        return_data = b""\n'),
        ("padding_indicator = stringtoint(value[0])", "padding_indicator = stringtoint(value[0:1])"),
        ('if result != "":', 'if result != b"":'),
        ('encrypted = "\\x01" + encrypted', 'encrypted = b"\\x01" + encrypted'),
    ],
}


class _PatchingLoader(importlib.machinery.SourceFileLoader):
    def get_code(self, fullname):  # noqa: D102 (never the cached bytecode: it is unpatched)
        path = self.get_filename(fullname)
        source = Path(path).read_text(encoding="utf-8")
        for old, new in PY3_FIXES.get(self.name, []):
            if source.count(old) != 1:
                raise SystemExit(f"vicc launcher: {self.name} is not the expected version "
                                 f"({old!r} found {source.count(old)} times)")
            source = source.replace(old, new)
        return compile(source, path, "exec", dont_inherit=True)


class _PatchingFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):  # noqa: D102
        if name not in PY3_FIXES:
            return None
        file = Path(VSMARTCARD, *name.split(".")).with_suffix(".py")
        return importlib.util.spec_from_file_location(name, file,
                                                      loader=_PatchingLoader(name, str(file)))


def _load_emulator() -> None:
    sys.path.insert(0, VSMARTCARD)
    sys.meta_path.insert(0, _PatchingFinder())
    try:
        importlib.import_module("Crypto.Cipher.DES3")
    except ImportError:
        cryptodome = importlib.import_module("Cryptodome")
        sys.modules["Crypto"] = cryptodome
        for name in ("Cipher", "Cipher.DES3", "Cipher.DES", "Cipher.AES", "Cipher.ARC4", "Hash",
                     "Hash.SHA", "Hash.HMAC", "Random"):
            sys.modules[f"Crypto.{name}"] = importlib.import_module(f"Cryptodome.{name}")
    builtins.raw_input = input  # the generator's prompts (unused here, but imported)


def _card(folder: Path, short_ids: bool):
    from virtualsmartcard.cards.ePass import PassportSAM
    from virtualsmartcard.SmartcardFilesystem import DF, MF, TransparentStructureEF

    mf = MF()
    application = DF(parent=mf, fid=4, dfname=EMRTD_AID, bertlv_data=[])
    for fid, (short_id, name) in FILES.items():
        path = folder / name
        if path.exists():
            application.append(TransparentStructureEF(
                parent=application, fid=fid, filedescriptor=0, data=path.read_bytes(),
                shortfid=short_id if short_ids else 0))
    mf.append(application)
    return mf, PassportSAM(mf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", required=True, type=Path,
                        help="folder holding com, dg1, dg2, sod (raw file bytes)")
    parser.add_argument("--port", type=int, default=35963)
    parser.add_argument("--short-ids", action="store_true",
                        help="give the files short EF identifiers (the generator gives none)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    _load_emulator()
    from virtualsmartcard import VirtualSmartcard
    from virtualsmartcard.CardGenerator import CardGenerator

    mf, sam = _card(args.files, args.short_ids)
    # VirtualICC asks its CardGenerator for the card: hand it ours instead of the prompts.
    CardGenerator.getCard = lambda self: (mf, sam)
    level = logging.DEBUG if args.verbose else logging.WARNING
    icc = VirtualSmartcard.VirtualICC(None, "ePass", "localhost", args.port, logginglevel=level)
    print("vicc: connected", flush=True)
    icc.run()


if __name__ == "__main__":
    main()
