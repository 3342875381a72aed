"""The printed slip: what goes on it, the VietQR payment code, and the printers it goes to."""
