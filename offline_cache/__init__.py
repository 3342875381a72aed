"""A generic durable outbox on SQLite: nothing here knows of clinics or insurance."""
