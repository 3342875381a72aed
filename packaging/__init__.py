"""Installers and set-up for the terminal; the sample config."""
