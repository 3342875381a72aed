"""Spoken guidance on the patient screens: one short prompt per screen and outcome, in Vietnamese
and English, from audio files made at build time (`python -m ui.voice.build`)."""
