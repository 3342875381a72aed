"""ICAO 9303 protocols spoken with the chip: APDUs, access control (BAC), secure messaging, the
file reader and one read session. PACE, Chip and Active Authentication belong here too."""
