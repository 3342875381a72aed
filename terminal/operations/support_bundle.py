"""The zip IT attaches to a support ticket: logs, versions, the doctor's findings and the config,
with every secret removed and identifiers masked. Never the queue, photos or the secrets file."""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
import zipfile
from collections.abc import Iterable
from pathlib import Path

import tomli_w

from terminal.operations import build_info
from terminal.config import MAX_CONFIG_BYTES, SECTIONS, Config
from terminal.input_file import InputFileError, read_input_file
from terminal.operations.logs import LOG_FILE_NAME
from terminal.privacy import mask_id, mask_name, mask_text

REMOVED = "<removed>"


def secret_keys() -> set[tuple[str, str]]:
    """(table, key) of every config key marked secret (passwords, PIN hashes)."""
    return {(table, f.name) for table, cls in SECTIONS.items()
            for f in dataclasses.fields(cls) if f.metadata.get("secret")}


#: Keys that name a person (the staff member registered at the gateway): shown masked.
PERSONAL = {("gateway", "staff_name"): mask_name, ("gateway", "staff_id"): mask_id}
# A TOML string: triple-quoted, basic or literal.
_STRING = r'''"{3}[\s\S]*?"{3}|'{3}[\s\S]*?'{3}|"(?:[^"\\\n]|\\.)*"|'[^'\n]*''' "'"
# A TOML value: a string, else anything up to a separator.
_VALUE = rf"(?:{_STRING}|[^,}}\s#]+)"
# Credentials in a URL (a proxy or an HIS at http://user:password@host/).
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s\"']+@")
# Credentials in a URL's query or fragment (?password=…&token=…): the value goes, the name stays.
_URL_SECRET = re.compile(r"(?i)([?&;#](?:[\w.~-]*(?:pass|pwd|token|secret|key|auth|sig|session)"
                         r"[\w.~-]*)=)[^&;#\s\"'\\]*")


def _key_value(names: Iterable[str]) -> str:
    """`key = value` wherever it stands: its own line, a dotted key (`gateway.password = …`) or
    an inline table (`gateway = { password = … }`)."""
    keys = "|".join(map(re.escape, sorted(names)))
    return rf"""(?<![\w-])(?:["']?(?:{keys})["']?\s*=\s*){_VALUE}"""


def redact_url(text: str) -> str:
    """A URL (or any text holding one) without the credentials written into it."""
    return _URL_SECRET.sub(rf"\1{REMOVED}", _URL_USERINFO.sub(rf"\1{REMOVED}@", text))


def _masked_value(mask, assignment: str) -> str:
    key, _, literal = assignment.partition("=")
    try:
        value = tomllib.loads(f"v = {literal.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        return f'{key}= "{REMOVED}"'
    return f"{key}= {json.dumps(mask(str(value)), ensure_ascii=False)}"


def redact_config_text(text: str) -> str:
    """The config file's text with the value of every secret key replaced, credentials cut from
    URLs and the staff member's name and ID masked; works on the text, so a file that does not
    even parse is redacted too, and one that parses still does (nothing is cut inside a string
    but credentials, and nothing put in needs quoting)."""
    personal = {f"p{n}": (key, mask) for n, ((_table, key), mask) in enumerate(PERSONAL.items())}
    pattern = re.compile(
        rf"(?P<secret>{_key_value(key for _table, key in secret_keys())})|"
        + "".join(rf"(?P<{name}>{_key_value([key])})|" for name, (key, _m) in personal.items())
        + rf"(?P<string>{_STRING})")

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        if match.lastgroup == "secret":
            return f'{found.partition("=")[0]}= "{REMOVED}"'
        if match.lastgroup in personal:
            return _masked_value(personal[match.lastgroup][1], found)
        return redact_url(found)  # a string: only the credentials of a URL in it go

    return pattern.sub(replace, text)


def effective_config_toml(config: Config) -> str:
    """The config in force (defaults filled in) as TOML, secrets replaced, identities masked."""
    data = {}
    secret = secret_keys()
    for table in SECTIONS:
        values = dataclasses.asdict(getattr(config, table))
        data[table] = {key: (REMOVED if (table, key) in secret and value
                             else PERSONAL[table, key](value) if (table, key) in PERSONAL
                             else redact_url(value) if isinstance(value, str) else value)
                       for key, value in values.items()}
    return f"# effective config, from {config.source}\n" + tomli_w.dumps(data)


def log_files(log_dir: Path) -> list[Path]:
    """The current log and its rotated copies, oldest last."""
    return sorted(log_dir.glob(f"{LOG_FILE_NAME}*"))


def write_support_bundle(output: Path, *, config: Config | None, config_path: Path | None,
                         doctor_report: dict, doctor_lines: Iterable[str], log_dir: Path) -> Path:
    """Write the zip; returns its path. `config` is None when the file does not validate."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("versions.txt", "\n".join(build_info.current().lines()) + "\n")
        bundle.writestr("build.json", json.dumps(build_info.current().as_dict(), indent=2))
        bundle.writestr("doctor.json", json.dumps(doctor_report, ensure_ascii=False, indent=2))
        bundle.writestr("doctor.txt", "\n".join(doctor_lines) + "\n")
        known = config or Config()
        bundle.writestr("kiosk.json", json.dumps({"id": known.kiosk_id, "site": known.kiosk.site},
                                                 ensure_ascii=False, indent=2))
        if config_path is not None and config_path.is_file():
            try:
                text = read_input_file(config_path, "Config file", MAX_CONFIG_BYTES).decode(
                    "utf-8", errors="replace")
            except InputFileError as exc:
                text = f"# {exc.message}\n"
            bundle.writestr(f"config/{config_path.name}", redact_config_text(text))
        if config is not None:
            bundle.writestr("config/effective.toml", effective_config_toml(config))
        for path in log_files(log_dir):
            text = path.read_text(encoding="utf-8", errors="replace")
            bundle.writestr(f"logs/{path.name}", mask_text(redact_url(text)))
    return output
