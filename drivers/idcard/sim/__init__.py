"""The simulated chip ID card: test PKI, citizen profiles, the files on the card, and (chip.py,
vpcd.py) the chip that answers APDUs over the virtual reader."""
