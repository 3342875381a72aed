"""How the kiosk's metrics leave it, as `[metrics]` says: an HTTP /metrics endpoint (loopback
unless IT opens it) and/or a file for node_exporter's textfile collector, rewritten every few
seconds and once more on close."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from prometheus_client import start_http_server, write_to_textfile

from terminal.operations import build_info
from terminal.config import Config
from terminal.errors import TerminalError
from terminal.operations.monitoring.metrics import KioskLabels, KioskMetrics

log = logging.getLogger(__name__)


class MetricsExportError(TerminalError):
    """The metrics endpoint could not listen (port taken, address not of this machine) or the
    textfile's folder cannot be written."""


class MetricsExporter:
    """Serves `metrics` while open; `close()` stops the endpoint and writes the textfile last."""

    def __init__(self, metrics: KioskMetrics, config: Config) -> None:
        self.metrics = metrics
        section = config.metrics
        self._server = None
        self._textfile = Path(section.textfile).expanduser() if section.textfile else None
        self._interval_s = section.textfile_interval_s
        self._stop = threading.Event()
        self._writer: threading.Thread | None = None
        if section.enabled:
            try:
                self._server, _ = start_http_server(section.port, section.address,
                                                    registry=metrics.registry)
            except OSError as exc:
                raise MetricsExportError(
                    f"The metrics endpoint cannot listen on {section.address}:{section.port}: "
                    f"{exc.strerror or exc}.", detail=repr(exc)) from None
            log.info("metrics served at http://%s:%d/metrics", section.address, self.port)
        if self._textfile is not None:
            try:
                self.write_textfile()
            except OSError as exc:
                self.close()
                raise MetricsExportError(f"The metrics textfile {self._textfile} cannot be "
                                         f"written: {exc.strerror or exc}.",
                                         detail=repr(exc)) from None
            self._writer = threading.Thread(target=self._write_loop, name="metrics-textfile",
                                            daemon=True)
            self._writer.start()

    @property
    def port(self) -> int:
        """The port the endpoint listens on (the configured one; useful when it was 0)."""
        return self._server.server_port if self._server is not None else 0

    def write_textfile(self) -> None:
        if self._textfile is not None:
            self._textfile.parent.mkdir(parents=True, exist_ok=True)
            write_to_textfile(str(self._textfile), self.metrics.registry)  # atomic: tmp + rename

    def _write_loop(self) -> None:
        while not self._stop.wait(self._interval_s):
            try:
                self.write_textfile()
            except OSError as exc:  # a full disk must not stop the kiosk; said once per try
                log.warning("metrics textfile not written: %s", exc)

    def close(self) -> None:
        self._stop.set()
        if self._writer is not None:
            self._writer.join(timeout=5)
            self._writer = None
            try:
                self.write_textfile()
            except OSError as exc:
                log.warning("metrics textfile not written: %s", exc)
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> MetricsExporter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_metrics(config: Config) -> MetricsExporter | None:
    """The process's metrics and their exporter, or None when `[metrics]` asks for neither the
    endpoint nor the textfile."""
    if not config.metrics.enabled and not config.metrics.textfile:
        return None
    metrics = KioskMetrics(KioskLabels(config.kiosk_id, config.kiosk.site), build_info.current())
    return MetricsExporter(metrics, config)
