"""Face verification: the chip photo as reference, a quality gate and an active liveness check on
camera frames, and a match decision (accept / review / reject) with its reasons."""
