"""One check-in, headless: access key → card → (eligibility ∥ face) → decision → ticket → queue."""
