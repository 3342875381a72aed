"""Shipped media for simulators: face photos for the simulated citizens and replay material."""
