"""JPEG encoding, and joining horizontal strips into one image without compressing it again.

A poster goes out both as slices and as one full image. Compressing the image twice costs
a tenth of a render, so the slices are encoded with a restart marker after every row of
8x8 blocks (legal baseline JPEG that every decoder reads), cut on multiples of 8 rows, and
`jpeg_join` splices their compressed data into the full image: a restart marker resets the
decoder's state, so the rows of one slice can follow another's as they are. Example::

    >>> strips = [encode_jpeg(top, restart_rows=True), encode_jpeg(bottom, restart_rows=True)]
    >>> full = jpeg_join(strips)   # decodes to top and bottom stacked, pixel for pixel
"""

from __future__ import annotations

import io
import re
import struct

from PIL import Image

JPEG_QUALITY = 88
BLOCK_ROWS = 8  # pixel rows in one row of blocks at 4:4:4 (no chroma subsampling)
SOF0 = 0xC0
SOS = 0xDA
EOI = b"\xff\xd9"
RESTART = re.compile(rb"\xff[\xd0-\xd7]")


class JpegJoinError(ValueError):
    """The strips cannot be joined as they are (different settings, or not cut on block rows)."""


def encode_jpeg(image: Image.Image, *, quality: int = JPEG_QUALITY, restart_rows: bool = False) -> bytes:
    """`image` as a baseline JPEG; 4:4:4 from quality 85 up, so coloured text stays sharp.

    With `restart_rows`, a restart marker follows every row of blocks, for `jpeg_join`.
    """
    out = io.BytesIO()
    options = {"restart_marker_rows": 1} if restart_rows else {}
    image.save(out, "JPEG", quality=quality, subsampling=0 if quality >= 85 else 2, optimize=False, **options)
    return out.getvalue()


def jpeg_join(strips: list[bytes]) -> bytes:
    """One JPEG of `strips` stacked top to bottom, from their compressed data as it is.

    Each strip must come from `encode_jpeg(..., restart_rows=True)` with the same width and
    quality, and every strip but the last must be a whole number of block rows tall.
    Raises JpegJoinError otherwise.
    """
    if not strips:
        raise JpegJoinError("nothing to join")
    parsed = [_split(strip) for strip in strips]
    first_header, first_frame, _scan = parsed[0]
    height = 0
    for index, (header, frame, _data) in enumerate(parsed):
        if header != first_header or frame["rest"] != first_frame["rest"]:
            raise JpegJoinError(f"strip {index + 1} was encoded with other settings")
        if index < len(parsed) - 1 and frame["height"] % (BLOCK_ROWS * frame["v_max"]):
            raise JpegJoinError(f"strip {index + 1} is {frame['height']} rows tall, not whole block rows")
        height += frame["height"]
    if height > 0xFFFF:
        raise JpegJoinError(f"{height} rows is more than a JPEG can hold")

    counter = 0

    def renumber(_match: re.Match) -> bytes:
        nonlocal counter
        marker = bytes((0xFF, 0xD0 + counter % 8))
        counter += 1
        return marker

    pieces = [first_header[0], struct.pack(">H", height), first_header[1]]
    for index, (_header, _frame, data) in enumerate(parsed):
        if index:
            pieces.append(renumber(None))
        pieces.append(RESTART.sub(renumber, data))
    pieces.append(EOI)
    return b"".join(pieces)


def _split(strip: bytes) -> tuple[tuple[bytes, bytes], dict, bytes]:
    """The headers before and after the frame's height, the frame, and the scan data."""
    if not strip.startswith(b"\xff\xd8") or not strip.endswith(EOI):
        raise JpegJoinError("not a complete JPEG")
    position = 2
    header = bytearray(b"\xff\xd8")
    before_height = b""
    frame: dict = {}
    restart_interval = 0
    while position < len(strip):
        if strip[position] != 0xFF:
            raise JpegJoinError("broken JPEG headers")
        marker = strip[position + 1]
        length = struct.unpack(">H", strip[position + 2:position + 4])[0]
        segment = strip[position:position + 2 + length]
        if marker == SOF0:
            height = struct.unpack(">H", segment[5:7])[0]
            components = segment[9]
            sampling = [segment[10 + 3 * index + 1] for index in range(components)]
            width = struct.unpack(">H", segment[7:9])[0]
            frame = {
                "height": height,
                "rest": segment[7:],
                "v_max": max(value & 0x0F for value in sampling),
                "row_blocks": -(-width // (BLOCK_ROWS * max(value >> 4 for value in sampling))),
            }
            before_height = bytes(header + segment[:5])
            header = bytearray(segment[7:])
        elif 0xC1 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            raise JpegJoinError("only baseline JPEGs can be joined")
        else:
            if marker == 0xDD:
                restart_interval = struct.unpack(">H", segment[4:6])[0]
            header += segment
        position += 2 + length
        if marker == SOS:
            break
    if not frame or restart_interval != frame["row_blocks"]:
        raise JpegJoinError("the strip has no restart marker after each row of blocks")
    return (before_height, bytes(header)), frame, strip[position:-2]
