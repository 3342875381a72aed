"""One widget per patient screen; each renders its record from terminal.kiosk.screens."""
