"""What the tests share: fixtures of real parts (pcscd, simulators), sample data, polling.
Test modules import from here, never from one another."""
