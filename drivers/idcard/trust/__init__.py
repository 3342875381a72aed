"""Trust in a card's issuer: the CSCA trust store (certificate folders, ICAO master lists, CRLs)
and the validation of a Document Signer certificate against it (ICAO 9303-12)."""
