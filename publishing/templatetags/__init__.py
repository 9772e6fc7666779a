"""Template tag libraries of publishing: what reader pages show of renders (download_tags)."""
