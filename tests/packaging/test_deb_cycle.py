"""The installers for real: build the PyInstaller bundle and the .deb, check what the bundle
carries and run it (CLI, Qt offscreen, a whole simulated check-in in the kiosk app), then
install, upgrade and remove the package with dpkg on this machine.

Built once per module (half a minute to a minute); the dpkg cycle needs root and dpkg, as in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from terminal import __version__
from terminal.operations import build_info
from tests.support.repo import ROOT

PACKAGE = "checkin-terminal"
CONFFILE = Path("/etc/checkin-terminal/checkin.toml")
OUR_PACKAGES = ("terminal", "drivers", "offline_cache", "ui")
FACE_MODELS = ("dlib_face_recognition_resnet_model_v1.dat", "mmod_human_face_detector.dat",
               "shape_predictor_5_face_landmarks.dat", "shape_predictor_68_face_landmarks.dat")

needs_dpkg_as_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("dpkg") is None,
    reason="installs a .deb with dpkg: needs root and dpkg (CI has both)")
#: How long the kiosk may take, from a cold start of the bundle, to deliver its first check-in.
FIRST_CHECKIN_S = 120


def _run(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


def _installed_version() -> str | None:
    done = subprocess.run(["dpkg-query", "-W", "-f=${Status} ${Version}", PACKAGE],
                          capture_output=True, text=True)
    if done.returncode != 0 or "installed" not in done.stdout.split(" ")[2:3]:
        return None
    return done.stdout.rsplit(" ", 1)[1]


def _bare_env(home: Path, **extra: str) -> dict[str, str]:
    """What a kiosk user's session has: no Python, no virtualenv, no PYTHONPATH."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", **extra}


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """dist/ with the bundle and two .deb files of it: this version and a later one."""
    dist = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "PYTHON": sys.executable, "DIST": str(dist),
           "CHECKIN_BUILD_DIR": str(dist / "build")}
    _run("bash", "packaging/build_bundle.sh", env=env)
    _run("bash", "packaging/build_deb.sh", env=env)
    _run("bash", "packaging/build_deb.sh", env={**env, "DEB_VERSION": f"{__version__}+next"})
    return dist


def test_bundle_carries_models_qt_plugins_fonts_and_every_data_file(dist):
    internal = dist / "checkin" / "_internal"
    for model in FACE_MODELS:
        assert (internal / "face_recognition_models" / "models" / model).stat().st_size > 100_000
    plugins = internal / "PySide6" / "Qt" / "plugins" / "platforms"
    assert {"libqoffscreen.so", "libqxcb.so"} <= {path.name for path in plugins.iterdir()}
    assert any((internal / "fonts").glob("NotoSans-*.ttf"))
    # Whatever data a part ships (simulator profiles, replay media, translations) is collected.
    missing = [str(path.relative_to(ROOT)) for package in OUR_PACKAGES
               for path in (ROOT / package).rglob("*")
               if path.is_file() and path.suffix not in (".py", ".pyc")
               and "__pycache__" not in path.parts
               and not (internal / path.relative_to(ROOT)).is_file()]
    assert not missing, f"not in the bundle: {missing}"
    for left_out in ("pytest", "hypothesis", "tkinter", "PyInstaller"):
        assert not (internal / left_out).exists(), left_out


def test_bundle_starts_with_no_python_around(dist, tmp_path):
    done = subprocess.run([str(dist / "checkin" / "checkin"), "--version"], cwd=tmp_path,
                          env=_bare_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()[:2]
    assert first.startswith(f"checkin {__version__} ({build_info.git_commit(ROOT)}, built 20")
    assert second.endswith("(bundle)")
    assert "not installed" not in done.stdout


def test_bundle_has_the_subcommands_other_layers_add(dist, tmp_path):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    added = pyproject["project"]["entry-points"]["checkin.commands"]
    assert "run" in added
    done = subprocess.run([str(dist / "checkin" / "checkin"), "--help"], cwd=tmp_path,
                          env=_bare_env(tmp_path), capture_output=True, text=True, timeout=120)
    listed = {line.split()[0] for line in done.stdout.splitlines() if line.startswith("    ")}
    assert set(added) <= listed, done.stdout + done.stderr


def test_bundle_draws_the_kiosk_screens_with_its_own_qt(dist, tmp_path):
    done = subprocess.run([str(dist / "checkin" / "checkin"), "screenshots", "--out", "shots"],
                          cwd=tmp_path, env=_bare_env(tmp_path), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    pngs = list((tmp_path / "shots").glob("*.png"))
    assert done.stdout == f"{len(pngs)} screenshots written to shots\n"
    assert len(pngs) > 10 and all(png.stat().st_size > 5000 for png in pngs)


def test_bundled_kiosk_checks_a_simulated_citizen_in(dist, tmp_path):
    """The kiosk app from the bundle, offscreen, on the embedded default: simulated chip, replay
    camera through the bundled OpenCV, dlib's models, gateway and HIS simulators, the queue; the
    tester places the card with the bundle's `checkin sim-card place`, and the voice speaks through
    the bundled Qt Multimedia (to no device)."""
    log = tmp_path / ".local" / "state" / "checkin-terminal" / "log" / "checkin.log"
    stderr = tmp_path / "stderr.txt"
    with stderr.open("w") as sink:  # a file, not a pipe: Qt's chatter must never block the app
        kiosk = subprocess.Popen([str(dist / "checkin" / "checkin"), "run"], cwd=tmp_path,
                                 env=_bare_env(tmp_path, QT_QPA_PLATFORM="offscreen"),
                                 stdout=subprocess.DEVNULL, stderr=sink)
    try:
        deadline = time.monotonic() + FIRST_CHECKIN_S
        placed = delivered = False
        while not delivered and kiosk.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
            if not placed:  # the card waits in the tester's hand until the kiosk listens
                placed = subprocess.run(
                    [str(dist / "checkin" / "checkin"), "sim-card", "place"], cwd=tmp_path,
                    env=_bare_env(tmp_path), capture_output=True, timeout=60).returncode == 0
            delivered = log.is_file() and "HIS sim: check-in" in log.read_text(encoding="utf-8")
        assert kiosk.poll() is None, f"the kiosk stopped: {stderr.read_text()[-2000:]}"
        assert delivered, f"no check-in reached the HIS simulator in {FIRST_CHECKIN_S} s"
        assert "face check: accept" in log.read_text(encoding="utf-8")
        text = log.read_text(encoding="utf-8")
        assert "voice prompt" not in text and "voice guidance off" not in text  # it spoke
    finally:
        kiosk.send_signal(signal.SIGTERM)
        try:
            kiosk.wait(20)
        except subprocess.TimeoutExpired:
            kiosk.kill()
            kiosk.wait(20)


def _contents(deb: Path) -> list[Path]:
    """The paths a .deb installs (`./usr/bin/checkin` → /usr/bin/checkin); ours have no spaces."""
    listing = _run("dpkg-deb", "--contents", str(deb)).stdout.splitlines()
    return [Path(line.split()[5].removeprefix(".").rstrip("/") or "/") for line in listing]


def _files_of_package() -> list[Path]:
    listing = _run("dpkg-query", "-L", PACKAGE).stdout.splitlines()
    return [Path(line) for line in listing if line.strip() and line != "/."]


@needs_dpkg_as_root
def test_install_run_upgrade_remove_purge(dist, tmp_path):
    if _installed_version() is not None:
        pytest.skip(f"{PACKAGE} is already installed here; not touching it")
    arch = _run("dpkg", "--print-architecture").stdout.strip()
    first, second = (dist / f"{PACKAGE}_{version}_{arch}.deb"
                     for version in (__version__, f"{__version__}+next"))
    existed_before = {path for path in _contents(first) if path.exists()}  # shared folders
    try:
        _run("dpkg", "-i", str(first))
        assert _installed_version() == __version__
        assert CONFFILE.read_text(encoding="utf-8") == \
            (ROOT / "packaging" / "checkin.sample.toml").read_text(encoding="utf-8")
        for path in ("/usr/share/applications/checkin-terminal.desktop",
                     "/usr/lib/systemd/user/checkin-kiosk.service", "/opt/checkin-terminal/checkin"):
            assert Path(path).is_file(), path

        # The installed copy reads the installed /etc config (tests elsewhere are kept off it).
        installed = {k: v for k, v in os.environ.items() if k != "CHECKIN_SYSTEM_CONFIG"}
        version = _run("/usr/bin/checkin", "--version", env=installed).stdout
        assert version.startswith(f"checkin {__version__} (")
        doctor = subprocess.run(["/usr/bin/checkin", "doctor", "--json"], cwd=tmp_path,
                                env=installed, capture_output=True, text=True, timeout=300)
        report = json.loads(doctor.stdout)
        failed = [check for check in report["checks"] if not check["ok"]]
        assert doctor.returncode == 0 and not failed, failed
        assert report["checks"][0]["summary"] == f"{CONFFILE} is valid"

        # IT edits the config; the upgrade keeps the edit.
        edited = CONFFILE.read_text(encoding="utf-8").replace('# counter = "A"', 'counter = "B"')
        CONFFILE.write_text(edited, encoding="utf-8")
        _run("dpkg", "--force-confold", "-i", str(second))
        assert _installed_version() == f"{__version__}+next"
        assert CONFFILE.read_text(encoding="utf-8") == edited
        _run("/usr/bin/checkin", "config", "check", str(CONFFILE), env=installed)

        files = _files_of_package()
        _run("dpkg", "-r", PACKAGE)
        left = [path for path in files if path.exists() and path not in existed_before]
        assert left == [CONFFILE.parent, CONFFILE], left
        assert CONFFILE.read_text(encoding="utf-8") == edited
        assert not Path("/opt/checkin-terminal").exists()

        _run("dpkg", "-P", PACKAGE)
        assert not CONFFILE.parent.exists()
    finally:
        subprocess.run(["dpkg", "-P", PACKAGE], capture_output=True)


def _dummy_deb(folder: Path, name: str, version: str) -> Path:
    """A tiny package of someone else's, to show the kiosk's upgrades leave it alone."""
    root = folder / f"{name}-{version}"
    (root / "DEBIAN").mkdir(parents=True)
    (root / "DEBIAN" / "control").write_text(
        f"Package: {name}\nVersion: {version}\nArchitecture: all\nSection: misc\n"
        f"Priority: optional\nMaintainer: Test <test@example.invalid>\nDescription: test\n",
        encoding="utf-8")
    deb = folder / f"{name}_{version}_all.deb"
    _run("dpkg-deb", "--root-owner-group", "--build", str(root), str(deb))
    return deb


@needs_dpkg_as_root
def test_kiosk_upgrades_itself_from_the_clinic_apt_repository(dist, tmp_path):
    """docs/updates.md as IT does it: publish with reprepro, the kiosk follows the repository,
    unattended-upgrades takes our package (config kept) and nothing else."""
    if _installed_version() is not None:
        pytest.skip(f"{PACKAGE} is already installed here; not touching it")
    other = "checkin-test-other"
    arch = _run("dpkg", "--print-architecture").stdout.strip()
    first, second = (dist / f"{PACKAGE}_{version}_{arch}.deb"
                     for version in (__version__, f"{__version__}+next"))
    repo, apt = tmp_path / "repo", tmp_path / "apt"
    for folder in ("parts", "lists/partial", "cache/archives/partial", "none"):
        (apt / folder).mkdir(parents=True)
    shutil.copy(ROOT / "packaging" / "apt" / "52checkin-upgrades", apt / "parts")
    (apt / "sources.list").write_text(f"deb [trusted=yes] file:{repo} kiosk main\n")
    # The kiosk's apt, with only the clinic's repository and our upgrade policy (the machine's
    # own sources and lists are left alone).
    (apt / "apt.conf").write_text(
        f'Dir::Etc::SourceList "{apt}/sources.list";\nDir::Etc::SourceParts "{apt}/none";\n'
        f'Dir::Etc::Parts "{apt}/parts";\nDir::State::Lists "{apt}/lists";\n'
        f'Dir::Cache "{apt}/cache";\n', encoding="utf-8")
    kiosk_apt = {**os.environ, "APT_CONFIG": str(apt / "apt.conf"),
                 "DEBIAN_FRONTEND": "noninteractive"}
    try:
        _run("dpkg", "-i", str(first), str(_dummy_deb(tmp_path, other, "1.0")))
        edited = CONFFILE.read_text(encoding="utf-8").replace('# counter = "A"', 'counter = "B"')
        CONFFILE.write_text(edited, encoding="utf-8")

        published = _run("bash", "packaging/publish_repo.sh", str(repo), str(second),
                         str(_dummy_deb(tmp_path, other, "2.0"))).stdout
        assert f"{PACKAGE} {__version__}+next" in published
        _run("apt-get", "update", env=kiosk_apt)
        _run("unattended-upgrade", "-v", env=kiosk_apt)

        assert _installed_version() == f"{__version__}+next"
        assert CONFFILE.read_text(encoding="utf-8") == edited
        other_version = _run("dpkg-query", "-W", "-f=${Version}", other).stdout
        assert other_version == "1.0"  # in the repository too, but not ours to upgrade
    finally:
        subprocess.run(["dpkg", "-P", PACKAGE, other], capture_output=True)
