"""The kiosk's metrics for the hospital's Prometheus: what is counted (metrics.py) and how it
leaves the kiosk (exporter.py: /metrics over HTTP, node_exporter's textfile)."""
