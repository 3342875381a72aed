"""Everything that talks to hardware: the chip ID card over PC/SC or a simulator, and the camera."""
