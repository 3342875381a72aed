"""The receptionist console, behind the PIN: usable by keyboard alone, every control named for
screen readers."""
