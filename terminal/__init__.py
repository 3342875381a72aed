"""The clinic check-in terminal's application core: configuration, workflow, services, CLI (no Qt here)."""

__version__ = "0.1.0"
