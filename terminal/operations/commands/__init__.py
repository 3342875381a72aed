"""Subcommands of `checkin`, one module each; terminal/operations/cli.py finds them here."""
