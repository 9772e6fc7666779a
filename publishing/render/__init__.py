"""Rendering engine: long-image posters, printable PDFs and vertical videos of published pages.

WeasyPrint lays out a theme's HTML (themes/posters/<theme>/), pypdfium2 rasterises it, Pillow
finishes the images and PyAV encodes the video. `services.render_page()` is the way in; it
keeps results in default storage and never renders the same inputs twice.
"""

# Part of every render's content hash: bump it when a change to the engine changes outputs.
RENDER_VERSION = "render-1"
