"""Camera capture: an OpenCV device or a replay of image/video files, as frames with timestamps."""
