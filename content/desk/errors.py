"""The desk's own exceptions, each with a message a reader or an agent can act on (in Chinese)."""


class DeskError(Exception):
    """Base of the desk's errors; `str(error)` is the Chinese message to show."""


class RequestNotFound(DeskError):
    """No request with that number and those digits (the same answer for both, so nothing can be enumerated)."""

    def __init__(self):
        super().__init__("没有找到这条诉求，请核对受理编号和手机号后四位。")


class ActionRefused(DeskError):
    """An agent's action that the request's state does not allow."""


class ScreenshotRejected(DeskError):
    """An uploaded file that is not an acceptable image."""
