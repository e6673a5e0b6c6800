"""Models of this app (filled by the process that owns it)."""
