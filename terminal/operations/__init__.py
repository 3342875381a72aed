"""Operating the terminal: the `checkin` command line, doctor, logs, metrics, support bundle and build info."""
