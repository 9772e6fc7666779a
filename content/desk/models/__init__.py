"""The desk's models: requests and what happens to them, and readers' feedback on pages."""

from .feedback import FeedbackComment, PageFeedback
from .records import Attachment, Event, Note, Reply
from .requests import DeskRequest, Kind, Status

__all__ = ["Attachment", "DeskRequest", "Event", "FeedbackComment", "Kind", "Note", "PageFeedback", "Reply", "Status"]
