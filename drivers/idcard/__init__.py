"""The chip ID card (CCCD) and any ICAO 9303 eMRTD: transport, access protocols, data groups, simulator."""
