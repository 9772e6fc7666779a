"""Template tags of the project package (admin branding)."""
