"""Subcommands of `checkin`, one module each; terminal/cli.py finds them here."""
