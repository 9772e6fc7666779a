"""Templates and static files of the reader pages, and poster and PDF themes."""
