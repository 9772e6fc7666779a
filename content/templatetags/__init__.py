"""Template tags and filters of the reader site."""
