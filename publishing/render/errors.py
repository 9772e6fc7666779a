"""Exceptions of the rendering engine: each says, in Chinese, what an editor can do about it."""


class RenderError(Exception):
    """A render could not be made; `message` is shown to editors as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ThemeNotFoundError(RenderError):
    """The chosen poster theme has no folder under themes/posters/."""


class ThemeTemplateMissingError(RenderError):
    """The theme folder lacks a template the render needs (poster.html, pdf.html)."""


class ImageRenderError(RenderError):
    """An image the page shows cannot be read: a broken file or an unsupported format."""


class ImageTooLargeError(ImageRenderError):
    """An image has more pixels than Pillow is allowed to open."""


class PosterTooLongError(RenderError):
    """The poster's content is taller than one image can hold."""


class RenderLimitError(RenderError):
    """A render was stopped by its time or memory limit (publishing/render/limits.py)."""


class UnsupportedFormatError(RenderError):
    """The format asked for is not one this page type can be rendered to."""
