"""The bundled clinic HIS simulator: receives check-ins over HTTP, fails on demand."""
