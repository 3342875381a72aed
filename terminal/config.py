"""The terminal's configuration: one TOML file, validated at start, with an embedded default.

Each `[table]` of the file is a frozen dataclass below; a field's metadata says what it means and
what is allowed. With no file the defaults are used: simulated reader, replay camera, the bundled
gateway and HIS simulators, and local files under the platform's data folder. An error names the
key, the bad value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from terminal import paths
from terminal.errors import TerminalError
from terminal.input_file import InputFileError, check_input_file, read_input_text

#: A config file is a few kilobytes; anything this large is not one (or is a device).
MAX_CONFIG_BYTES = 1 << 20


class ConfigError(TerminalError):
    """The config file is missing, unreadable, or holds a key or value that is not allowed."""

    def __init__(self, message: str, detail: str = "", key: str = "") -> None:
        super().__init__(message, detail)
        self.key = key


def _opt(default: Any, help: str, *, choices: tuple = (), min: float | None = None,
         max: float | None = None, pattern: str | None = None, secret: bool = False,
         file_max_bytes: int = 0) -> Any:
    """A config field: its default and what a reader of the sample config needs to know.
    `file_max_bytes`: a non-empty value must name a regular file of at most that size."""
    meta = {"help": help, "choices": choices, "min": min, "max": max, "pattern": pattern,
            "secret": secret, "file_max_bytes": file_max_bytes}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class TerminalSection:
    language: str = _opt("vi", "Language of the patient screens at start and for each new "
                               "patient (the one a patient picks lasts until their turn ends).",
                         choices=("vi", "en"))
    counter: str = _opt("A", "Service counter letter; tickets are numbered per day and counter.",
                        pattern=r"^[A-Z]$")
    number_block: int = _opt(0, "Several kiosks in one clinic, each with its own day book: give each "
                                "a different block 1-9 and kiosk n numbers n001, n002… (A1001, "
                                "A2001…), so two kiosks never hand out the same number, also "
                                "offline. 0: one kiosk, numbers 001, 002….", min=0, max=9)
    kiosk_pin: str = _opt("", "Receptionist PIN, as the hash `checkin secrets pin-hash` prints; "
                              "empty means the test PIN 0000 (set your own before going live).",
                          pattern=r"^(pbkdf2-sha256\$[0-9]+\$[0-9a-f]+\$[0-9a-f]+)?$", secret=True)
    review_name_s: float = _opt(5.0, "Seconds the review screen shows the patient's name before it "
                                     "hides it (the next in line may be reading).", min=0, max=60)
    console_lock_s: float = _opt(60.0, "Seconds without a touch or key on the receptionist console "
                                       "before it locks (back to the patient screen; the PIN "
                                       "opens it again, the receptionist stays signed in).",
                                 min=10, max=3600)
    access_key: str = _opt("qr", "How the kiosk gets the card's access key: `qr`, the QR code on "
                                 "the card's front shown to the camera (the six digits on the "
                                 "keypad are offered beside it); `keypad`, the patient types the "
                                 "six digits (CAN) first and the camera does not scan the QR "
                                 "(a camera that cannot read it, or a clinic that prefers it).",
                           choices=("qr", "keypad"))
    voice: bool = _opt(True, "Spoken guidance on the patient screens (one short prompt per "
                             "screen, in the screen's language); patients can switch it off "
                             "with the speaker button.")


@dataclass(frozen=True)
class KioskSection:
    id: str = _opt("", "This kiosk's name in the fleet, in every metric, log line and HIS record "
                       "(letters, digits, `.`, `_`, `-`); empty uses the machine's host name.",
                   pattern=r"^([A-Za-z0-9][A-Za-z0-9._-]{0,62})?$")
    site: str = _opt("main", "Where the kiosk stands (building, floor), the same way on every "
                             "kiosk of a site, so dashboards can total per site.",
                     pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")


@dataclass(frozen=True)
class MetricsSection:
    enabled: bool = _opt(False, "Serve Prometheus metrics over HTTP at /metrics (no personal data "
                                "in them; see docs/monitoring.md).")
    address: str = _opt("127.0.0.1", "Address the metrics endpoint listens on: loopback by "
                                      "default; `0.0.0.0` (or the kiosk's LAN address) lets the "
                                      "clinic's Prometheus scrape it.",
                        pattern=r"^[0-9A-Fa-f:.]+$")
    port: int = _opt(9464, "Port of the metrics endpoint.", min=1, max=65535)
    textfile: str = _opt("", "Also write the metrics to this file for node_exporter's textfile "
                             "collector (e.g. /var/lib/prometheus/node-exporter/checkin.prom); "
                             "empty: no file.")
    textfile_interval_s: float = _opt(15.0, "Seconds between two writes of the textfile.",
                                      min=1, max=3600)


@dataclass(frozen=True)
class ReaderSection:
    kind: str = _opt("simulated", "Card reader: `pcsc` for a real PC/SC reader, `simulated` for the "
                                  "built-in chip simulator.", choices=("pcsc", "simulated"))
    name: str = _opt("", "Part of the PC/SC reader's name to pick when several are attached; "
                         "empty takes the first contactless one.")
    sim_profile: str = _opt("an", "Simulated citizen served when kind = simulated.")
    timeout_s: float = _opt(30.0, "Seconds to wait for a card before the screen goes back to idle.",
                            min=1, max=3600)


@dataclass(frozen=True)
class CameraSection:
    kind: str = _opt("replay", "`opencv` for a real camera, `replay` for recorded frames.",
                     choices=("opencv", "replay"))
    device: str = _opt("0", "OpenCV device index (`0`) or path (`/dev/video0`).")
    replay: str = _opt("", "Image, folder or video played in a loop when kind = replay; empty "
                           "uses the shipped material of the simulated citizen.")
    width: int = _opt(1280, "Capture width in pixels.", min=160, max=4096)
    height: int = _opt(720, "Capture height in pixels.", min=120, max=4096)
    fps: float = _opt(15.0, "Frames per second asked of the camera (and played by replay).",
                      min=1, max=120)


@dataclass(frozen=True)
class GatewaySection:
    base_url: str = _opt("", "VSS gateway base URL, e.g. https://egw.baohiemxahoi.gov.vn; empty "
                             "starts the bundled gateway simulator on loopback.",
                         pattern=r"^(https?://\S+)?$")
    username: str = _opt("sim-clinic", "Gateway account of the clinic.")
    password: str = _opt("", "Gateway password. Prefer `checkin secrets set gateway.password`, "
                             "which keeps it out of this file.", secret=True)
    password_file: str = _opt("", "File holding the gateway password (mode 0600).",
                              file_max_bytes=64 * 1024)
    timeout_s: float = _opt(10.0, "Longest one lookup may take, all of it (connect, a login if "
                                  "one is due, the request, the whole reply), in seconds.",
                            min=0.5, max=120)
    connect_timeout_s: float = _opt(3.0, "Connect timeout per gateway request, in seconds.",
                                    min=0.5, max=60)
    retries: int = _opt(2, "Extra tries when the gateway cannot be reached or answers 502/503/504 "
                           "(with a short backoff); a lookup that timed out is not retried at "
                           "once but later, so the desk is not held up.", min=0, max=5)
    ca_bundle: str = _opt("", "PEM file of extra CA certificates (clinic TLS proxies); empty uses "
                              "the system's.", file_max_bytes=16 * 2**20)
    proxy: str = _opt("", "HTTP(S) proxy URL, e.g. http://proxy.local:3128.",
                      pattern=r"^(https?://\S+)?$")
    staff_name: str = _opt("", "Full name of the staff member registered for lookups (hoTenCb).")
    staff_id: str = _opt("", "CCCD number of that staff member (cccdCb).",
                         pattern=r"^([0-9]{12})?$")
    password_hash_case: str = _opt("upper", "Case of the password's MD5 hex sent to the gateway: "
                                            "`upper` as in the agency's guide, or `lower`; the "
                                            "gateway takes both.", choices=("upper", "lower"))
    history_lookup: bool = _opt(True, "Ask the gateway's history call (Lskcb2025) for a usable "
                                      "card's recent visits when the lookup brings none.")
    copay_lookup: bool = _opt(True, "Ask the gateway's co-pay service for a usable card's co-pay "
                                    "this year (and the exemption it gives).")
    base_salary_vnd: int = _opt(2_340_000, "The base salary (lương cơ sở) in VND; 6 months of it "
                                           "is the co-pay exemption threshold. Update it when "
                                           "the government changes it; 0: not known.",
                                min=0, max=100_000_000)
    cache_minutes: float = _opt(15.0, "Minutes a card's answer is kept (encrypted) and given "
                                      "again for the same person the same day, so repeated "
                                      "lookups do not use up the account's quota; 0: off. Staff "
                                      "retries at the console always ask the gateway.",
                                min=0, max=720)
    cache_path: str = _opt("", "Lookup cache database file; empty uses lookup_cache.sqlite3 in "
                               "the data folder.")
    quota_per_hour: int = _opt(0, "The account's lookup limit per hour if VSS set one; the "
                                  "console and `checkin doctor` warn at 80% of it. 0: not known.",
                               min=0, max=1_000_000)


@dataclass(frozen=True)
class ClinicSection:
    facility_code: str = _opt("79001", "The clinic's 5-digit facility code (route check).",
                              pattern=r"^[0-9]{5}$")
    name: str = _opt("Phòng khám mô phỏng", "Clinic name shown on screens and tickets.")
    departments_file: str = _opt("", "TOML file of the clinic's departments (code, names vi/en, "
                                     "room, floor, hours, capacity, payers, age limits; "
                                     "docs/departments.md); empty: one department, the "
                                     "terminal's counter, and no choice screen.")
    allow_paying_patients: bool = _opt(True, "Check in a patient whose HI card is not eligible as a "
                                             "paying patient.")
    care_level: str = _opt("basic", "The clinic's level of care (Law 51/2024): `initial` (any "
                                    "card gets its full benefit), `basic` or `specialised` (a "
                                    "patient registered elsewhere is asked for a referral or "
                                    "appointment slip).", choices=("initial", "basic", "specialised"))
    self_referred_pct: int = _opt(-1, "Share (%) of the benefit the fund pays a patient registered "
                                      "elsewhere who has no slip; -1: by the level (initial 100, "
                                      "basic 100, specialised 0; docs/eligibility.md). 0: the "
                                      "patient pays.", min=-1, max=100)
    copay_threshold_vnd: int = _opt(0, "Co-pay in the year (VND) above which a patient with 5 "
                                       "years' continuous participation pays no more co-pay; 0: "
                                       "6 months of the base salary (14,040,000).",
                                    min=0, max=10**10)


@dataclass(frozen=True)
class CheckinSection:
    access_key_timeout_s: float = _opt(60.0, "Seconds the camera looks for the QR code on the card's "
                                             "front before the screen goes back to idle.",
                                       min=1, max=600)
    read_timeout_s: float = _opt(20.0, "Seconds allowed to read the chip once the card is on the "
                                       "reader.", min=1, max=300)
    eligibility_wait_s: float = _opt(8.0, "Seconds the check-in waits for the insurance answer; "
                                          "after that the lookup is finished later from the queue.",
                                     min=0.5, max=120)
    face_timeout_s: float = _opt(25.0, "Seconds for the whole face check (capture, liveness, match) "
                                       "before it counts as not possible.", min=1, max=300)
    face_review: str = _opt("review", "A face that is close but not close enough: `review` sends "
                                      "the check-in to the receptionist, `accept` lets it through.",
                            choices=("review", "accept"))
    face_unavailable: str = _opt("review", "No usable face (camera down, nobody in front): "
                                           "`review` or `accept`.", choices=("review", "accept"))
    authenticity_mismatch: str = _opt("review", "The card's data does not match its signature "
                                                "(passive authentication): `review` or `reject`.",
                                      choices=("review", "reject"))
    authenticity_unverified: str = _opt("review", "The card's EF.SOD signature could not be checked "
                                                  "(an algorithm this reader does not know): "
                                                  "`review` or `accept`.",
                                        choices=("review", "accept"))
    signer_issuer_unknown: str = _opt(
        "review", "The card's data is as signed, but its Document Signer's CSCA is not in the "
                  "trust store (every CCCD while Vietnam's CSCA is not public; also a forger's "
                  "own signer): `review`, `accept` or `reject`.", choices=("review", "accept", "reject"))
    signer_no_trust_store: str = _opt(
        "review", "No trust store is configured (trust.store_dir), so no card's signer can be "
                  "confirmed: `review`, `accept` or `reject`.", choices=("review", "accept", "reject"))
    signer_expired: str = _opt(
        "review", "The card's Document Signer (or its CSCA) certificate has expired: `review`, "
                  "`accept` or `reject`.", choices=("review", "accept", "reject"))
    signer_revoked: str = _opt(
        "review", "A CRL of the trust store revokes the card's Document Signer: `review` or "
                  "`reject` (or `accept`).", choices=("review", "reject", "accept"))
    signer_revocation_unknown: str = _opt(
        "review", "CRLs are required (trust.crl_required) and none is current for the card's "
                  "CSCA: `review`, `accept` or `reject`.", choices=("review", "accept", "reject"))
    signer_invalid_chain: str = _opt(
        "review", "The Document Signer's certificate does not validate against the CSCA it names "
                  "(wrong signature, wrong key usage): `review` or `reject` (or `accept`).",
        choices=("review", "reject", "accept"))
    signer_broken_master_list: str = _opt(
        "review", "The signer's CSCA was not found and a master list of the trust store is "
                  "damaged: `review`, `accept` or `reject`.", choices=("review", "accept", "reject"))
    chip_clone: str = _opt(
        "review", "The chip failed Chip or Active Authentication: its files were copied onto "
                  "another chip: `review` or `reject` (or `accept`).",
        choices=("review", "reject", "accept"))
    chip_unproven: str = _opt(
        "accept", "The card offers neither Chip nor Active Authentication (or in a form this "
                  "reader cannot do): `accept`, `review` or `reject`.",
        choices=("accept", "review", "reject"))
    eligibility_pending: str = _opt("accept", "The insurance gateway cannot be reached: `accept` "
                                              "checks the patient in and looks the card up later, "
                                              "`review` asks the receptionist.",
                                    choices=("accept", "review"))
    eligibility_error: str = _opt("review", "The gateway refused the lookup (name or birth date "
                                            "mismatch, account error): `review` or `paying`.",
                                  choices=("review", "paying"))
    card_expired: str = _opt("paying", "A card expired by the gateway's answer: `paying` checks the "
                                       "patient in as paying, `counter` sends them to the desk.",
                             choices=("paying", "counter"))
    card_not_yet_valid: str = _opt("counter", "A card not valid yet by the gateway's answer: "
                                              "`counter` or `paying`.",
                                   choices=("counter", "paying"))
    slip_answer_s: float = _opt(45.0, "Seconds the kiosk waits for the patient's answers on the "
                                      "referral-slip screen; unanswered goes to the counter.",
                                min=1, max=600)
    day_end: str = _opt("17:00", "Local time from which a check-in whose card is still not "
                                 "verified is flagged for the desk and the HIS.",
                        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    one_ticket_a_day: bool = _opt(True, "One queue number per person, counter and day: a card "
                                        "checked in again shows the number it already has (staff "
                                        "can issue a second one, with a reason).")
    age_priority: bool = _opt(True, "Children under 6 and people aged 75 and over (from the chip's "
                                    "birth date) get a number from the priority sequence "
                                    "(Law 15/2023 Art 3(2)).")
    declared_priority: str = _opt("staff", "A priority the patient declares at the kiosk (pregnant, "
                                           "severe disability, revolutionary merit, emergency): "
                                           "`staff` waits for a receptionist to confirm it, "
                                           "`accept` grants it at once, `off` hides the choice.",
                                  choices=("staff", "accept", "off"))
    priority_sequence: str = _opt("UT", "Prefix of the priority numbers (`UT-003`: ưu tiên).",
                                  pattern=r"^[A-Z]{1,3}$")
    journal_path: str = _opt("", "Local day book (tickets, today's check-ins, audit trail); empty "
                                 "uses checkin.sqlite3 in the data folder.")
    keep_days: float = _opt(31.0, "Days the day book keeps check-ins (masked) and audit entries.",
                            min=1, max=3650)


@dataclass(frozen=True)
class TrustSection:
    store_dir: str = _opt("", "Folder of the card-issuer trust store: CSCA certificates (.pem, .crt, "
                              ".cer, .der), ICAO master lists (.ml) and CRLs (.crl), subfolders "
                              "included. Empty: no trust store (checkin.signer_no_trust_store "
                              "applies). See docs/chip-trust.md.")
    crl_required: bool = _opt(False, "true: a card whose CSCA has no current CRL in the store is not "
                                     "trusted (checkin.signer_revocation_unknown); false: CRLs are "
                                     "checked where the store holds one.")


@dataclass(frozen=True)
class HisSection:
    base_url: str = _opt("", "Clinic HIS check-in endpoint base URL; empty starts the bundled HIS "
                             "simulator on loopback.", pattern=r"^(https?://\S+)?$")
    timeout_s: float = _opt(10.0, "Longest one HIS request may take, all of it (connect, the "
                                  "reply's headers and body), in seconds.", min=0.5, max=120)
    number_timeout_s: float = _opt(2.0, "Longest the check-in waits for the HIS to give the "
                                        "patient's queue number (POST /queue-numbers) before the "
                                        "kiosk numbers it itself; 0: the kiosk always numbers "
                                        "itself (a HIS without queue numbers).", min=0, max=30)


@dataclass(frozen=True)
class QueueSection:
    path: str = _opt("", "Outbox database file; empty uses outbox.sqlite3 in the data folder.")
    max_attempts: int = _opt(20, "Deliveries tried before an item goes to the dead letters.",
                             min=1, max=1000)
    retention_days: float = _opt(7.0, "Days a delivered item is kept before it is purged.",
                                 min=0, max=365)
    lease_s: float = _opt(120.0, "Seconds a sender holds the items it took before they count as "
                                 "abandoned and are sent again (keep above batch x HIS timeout).",
                          min=5, max=3600)
    backoff_base_s: float = _opt(2.0, "Wait after an item's first failed delivery; doubled after "
                                      "each further failure (with jitter).", min=0.1, max=3600)
    backoff_max_s: float = _opt(300.0, "Longest wait between two tries of one item.",
                                min=1, max=86400)
    max_size_mb: int = _opt(0, "Largest the outbox file may grow, in MiB, so a runaway queue "
                               "cannot fill the disk; 0 means no limit but the disk's.",
                            min=0, max=100_000)


@dataclass(frozen=True)
class FaceSection:
    accept_distance: float = _opt(0.45, "Encoding distance at or below which a face is accepted.",
                                  min=0, max=1)
    review_distance: float = _opt(0.6, "Distance at or below which a face goes to review (above: "
                                       "reject).", min=0, max=1)
    liveness: str = _opt("blink_or_turn", "Active liveness challenge.",
                         choices=("blink", "turn", "blink_or_turn"))
    liveness_timeout_s: float = _opt(8.0, "Seconds the patient has for the liveness challenge.",
                                     min=1, max=60)
    audit_photos: bool = _opt(False, "Keep the matched frame on disk for audit (off: nothing is "
                                     "written).")
    detect_width: int = _opt(640, "Frames are scaled down to this width for face detection "
                                  "(faster; faces under about 1/8 of the frame width are missed).",
                             min=160, max=4096)


@dataclass(frozen=True)
class LoggingSection:
    level: str = _opt("INFO", "Log level.", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    dir: str = _opt("", "Log folder; empty uses the platform's log folder.")
    max_bytes: int = _opt(1_000_000, "Size of one log file before it rotates.", min=10_000,
                          max=1_000_000_000)
    backups: int = _opt(5, "Rotated log files kept.", min=0, max=100)
    syslog: str = _opt("", "Also send the log (masked the same way) to the local syslog socket, "
                           "e.g. /dev/log (journald and rsyslog both listen there), for the "
                           "hospital's log collector; empty: file only.")
    syslog_facility: str = _opt("local0", "Syslog facility of those lines.",
                                choices=("user", "daemon", "local0", "local1", "local2", "local3",
                                         "local4", "local5", "local6", "local7"))


@dataclass(frozen=True)
class PrinterSection:
    kind: str = _opt("simulated", "Slip printer: `network`, `usb` or `serial` for an ESC/POS thermal "
                                  "printer, `simulated` writes each slip as a PNG (sim_dir), "
                                  "`none` prints nothing.",
                     choices=("simulated", "network", "usb", "serial", "none"))
    host: str = _opt("", "Network printer's address (port 9100 by default).")
    port: int = _opt(9100, "Network printer's port.", min=1, max=65535)
    usb_vendor: str = _opt("", "USB printer's vendor id in hex (e.g. 0416).",
                           pattern=r"^([0-9a-fA-F]{4})?$")
    usb_product: str = _opt("", "USB printer's product id in hex (e.g. 5011).",
                            pattern=r"^([0-9a-fA-F]{4})?$")
    serial_device: str = _opt("", "Serial printer's device (e.g. /dev/ttyUSB0, COM3).")
    baudrate: int = _opt(9600, "Serial printer's speed.", min=1200, max=921600)
    timeout_s: float = _opt(5.0, "Seconds to wait for the printer.", min=0.5, max=60)
    sim_dir: str = _opt("", "Folder of the simulated printer's PNGs; empty: `slips` in the data "
                            "folder.")
    sim_fault: str = _opt("", "Make the simulated printer fail (testers): `paper_out`, "
                              "`cover_open`, `offline`.",
                          choices=("", "paper_out", "cover_open", "offline"))
    vietqr_bank_bin: str = _opt("", "The clinic's bank (6-digit BIN) for the VietQR payment code "
                                    "printed for self-paying patients; empty: no payment code.",
                                pattern=r"^([0-9]{6})?$")
    vietqr_account: str = _opt("", "The clinic's account number for the VietQR payment code.",
                               pattern=r"^[0-9A-Za-z]{0,19}$")


@dataclass(frozen=True)
class PathsSection:
    data_dir: str = _opt("", "Data folder; empty uses the platform's data folder.")


@dataclass(frozen=True)
class Config:
    terminal: TerminalSection = field(default_factory=TerminalSection)
    kiosk: KioskSection = field(default_factory=KioskSection)
    reader: ReaderSection = field(default_factory=ReaderSection)
    camera: CameraSection = field(default_factory=CameraSection)
    gateway: GatewaySection = field(default_factory=GatewaySection)
    clinic: ClinicSection = field(default_factory=ClinicSection)
    checkin: CheckinSection = field(default_factory=CheckinSection)
    his: HisSection = field(default_factory=HisSection)
    trust: TrustSection = field(default_factory=TrustSection)
    queue: QueueSection = field(default_factory=QueueSection)
    face: FaceSection = field(default_factory=FaceSection)
    logging: LoggingSection = field(default_factory=LoggingSection)
    printer: PrinterSection = field(default_factory=PrinterSection)
    paths: PathsSection = field(default_factory=PathsSection)
    metrics: MetricsSection = field(default_factory=MetricsSection)
    #: Where this config came from: a file path, or "embedded default".
    source: str = field(default="embedded default", compare=False)

    @property
    def data_dir(self) -> Path:
        return Path(self.paths.data_dir).expanduser() if self.paths.data_dir else paths.data_dir()

    @property
    def kiosk_id(self) -> str:
        """The kiosk's id: `[kiosk] id`, else the host name (cut to what the id allows)."""
        return self.kiosk.id or host_kiosk_id()

    @property
    def log_dir(self) -> Path:
        return Path(self.logging.dir).expanduser() if self.logging.dir else paths.log_dir()

    @property
    def queue_path(self) -> Path:
        return Path(self.queue.path).expanduser() if self.queue.path else self.data_dir / "outbox.sqlite3"

    @property
    def lookup_cache_path(self) -> Path:
        return (Path(self.gateway.cache_path).expanduser() if self.gateway.cache_path
                else self.data_dir / "lookup_cache.sqlite3")

    @property
    def trust_store_dir(self) -> Path | None:
        """The trust store folder, or None when none is configured."""
        return Path(self.trust.store_dir).expanduser() if self.trust.store_dir else None

    @property
    def journal_path(self) -> Path:
        return (Path(self.checkin.journal_path).expanduser() if self.checkin.journal_path
                else self.data_dir / "checkin.sqlite3")


def host_kiosk_id() -> str:
    """The machine's host name as a kiosk id: its first label, characters outside the id's
    alphabet dropped; `kiosk` when nothing is left."""
    import re
    import socket

    name = re.sub(r"[^A-Za-z0-9._-]", "", socket.gethostname().split(".")[0]).lstrip("._-")
    return name[:63] or "kiosk"


SECTIONS: dict[str, type] = {
    f.name: typing.get_type_hints(Config)[f.name]
    for f in dataclasses.fields(Config) if f.name != "source"
}


def _describe_allowed(meta: dict, kind: type) -> str:
    if meta.get("choices"):
        return "one of " + ", ".join(repr(c) for c in meta["choices"])
    parts = [{bool: "true or false", int: "a whole number", float: "a number",
              str: "text"}[kind]]
    if meta.get("min") is not None:
        parts.append(f">= {meta['min']:g}")
    if meta.get("max") is not None:
        parts.append(f"<= {meta['max']:g}")
    if meta.get("pattern"):
        parts.append(f"matching {meta['pattern']}")
    return " ".join(parts)


def _check_value(section: str, f: dataclasses.Field, kind: type, value: Any) -> Any:
    import re

    key = f"{section}.{f.name}"
    meta = f.metadata
    shown = "<hidden>" if meta.get("secret") else repr(value)
    ok_type = (isinstance(value, bool) if kind is bool
               else isinstance(value, int) and not isinstance(value, bool) if kind is int
               else isinstance(value, (int, float)) and not isinstance(value, bool) if kind is float
               else isinstance(value, str))
    if not ok_type:
        raise ConfigError(f"Config key {key} = {shown} is not allowed: expected "
                          f"{_describe_allowed(meta, kind)}.", key=key)
    if kind is float:
        try:
            value = float(value)
        except OverflowError:  # an integer beyond any float (found by tests/fuzz)
            raise ConfigError(f"Config key {key} is out of range: expected "
                              f"{_describe_allowed(meta, kind)}.", key=key) from None
        if not math.isfinite(value):  # nan compares false with every bound: refused here
            raise ConfigError(f"Config key {key} = {shown} is not allowed: expected "
                              f"{_describe_allowed(meta, kind)}, a finite number.", key=key)
    if meta.get("choices") and value not in meta["choices"]:
        raise ConfigError(f"Config key {key} = {shown} is not allowed: expected "
                          f"{_describe_allowed(meta, kind)}.", key=key)
    if kind in (int, float):
        if (meta.get("min") is not None and value < meta["min"]) or \
           (meta.get("max") is not None and value > meta["max"]):
            raise ConfigError(f"Config key {key} = {shown} is out of range: expected "
                              f"{_describe_allowed(meta, kind)}.", key=key)
    if kind is str and meta.get("pattern") and not re.fullmatch(meta["pattern"], value):
        raise ConfigError(f"Config key {key} = {shown} is not allowed: expected "
                          f"{_describe_allowed(meta, kind)}.", key=key)
    if kind is str and value and meta.get("file_max_bytes"):
        try:
            check_input_file(value, f"Config key {key}: the file", meta["file_max_bytes"])
        except InputFileError as exc:
            raise ConfigError(exc.message, key=key) from None
    return value


def config_from_dict(data: dict, source: str = "embedded default") -> Config:
    """Validate a parsed TOML document and build the Config; unknown keys are errors, not ignored."""
    if not isinstance(data, dict):
        raise ConfigError("The config must be a TOML document of tables.")
    sections: dict[str, Any] = {}
    for name, table in data.items():
        if name not in SECTIONS:
            raise ConfigError(f"Unknown config table [{name}]: allowed tables are "
                              f"{', '.join(SECTIONS)}.", key=name)
        if not isinstance(table, dict):
            raise ConfigError(f"Config key {name} must be a table ([{name}]), not a value.", key=name)
        cls = SECTIONS[name]
        hints = typing.get_type_hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls)}
        values = {}
        for key, value in table.items():
            if key not in fields:
                raise ConfigError(f"Unknown config key {name}.{key}: allowed keys in [{name}] are "
                                  f"{', '.join(fields)}.", key=f"{name}.{key}")
            values[key] = _check_value(name, fields[key], hints[key], value)
        sections[name] = cls(**values)
    config = Config(**sections, source=source)
    if config.face.accept_distance > config.face.review_distance:
        raise ConfigError(f"Config key face.accept_distance = {config.face.accept_distance:g} is not "
                          f"allowed: it must not exceed face.review_distance "
                          f"({config.face.review_distance:g}).", key="face.accept_distance")
    return config


def find_config_file(path: str | os.PathLike | None = None) -> Path | None:
    """The config file in force: an explicit path, else $CHECKIN_CONFIG, else the user's or the
    system's file when present; None means the embedded default."""
    if path is None:
        path = os.environ.get("CHECKIN_CONFIG") or None
    if path is None:
        for candidate in (paths.user_config_file(), paths.system_config_file()):
            if candidate.is_file():
                return candidate
        return None
    return Path(path)


def load_config(path: str | os.PathLike | None = None) -> Config:
    """Load and validate the config found by `find_config_file`, or the embedded default."""
    path = find_config_file(path)
    if path is None:
        return Config()
    try:
        text = read_input_text(path, "Config file", MAX_CONFIG_BYTES)
    except InputFileError as exc:
        raise ConfigError(exc.message, detail=exc.detail) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Config file {path} is not valid TOML: {exc}.", detail=str(exc)) from None
    # tomllib: arrays or tables nested hundreds deep (RecursionError), an integer over Python's
    # 4300 digits (ValueError). Both found by tests/fuzz and tests/test_bad_input.py.
    except RecursionError:
        raise ConfigError(f"Config file {path} nests arrays or tables too deeply to be a "
                          f"config.", detail="RecursionError in the TOML parser") from None
    except ValueError as exc:
        raise ConfigError(f"Config file {path} is not usable TOML: a number too long.",
                          detail=f"ValueError: {str(exc)[:120]}") from None
    return config_from_dict(data, source=str(path))


def describe_config() -> list[tuple[str, str, Any, str]]:
    """Every key as (table, key, default, help), for the sample config and `checkin config`."""
    rows = []
    for name, cls in SECTIONS.items():
        for f in dataclasses.fields(cls):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            rows.append((name, f.name, default, f.metadata.get("help", "")))
    return rows
