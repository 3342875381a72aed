"""The kiosk app (PySide6): screens and the receptionist console; the only layer that imports Qt."""
