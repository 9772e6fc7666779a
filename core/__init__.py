"""Small utilities every layer may use; they know nothing of pages, channels or the project."""
