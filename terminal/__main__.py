"""`python -m terminal` does what the `checkin` console script does."""

from terminal.operations.cli import main

raise SystemExit(main())
