"""Reading a CCCD's access key by camera: the QR code on the card front, parsed into the key the
chip reader needs (typed entry by the receptionist stays the fallback)."""
