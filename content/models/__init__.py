"""Models of the content app: pages, snippets and the brand's site settings."""

from .brand import BrandSettings
from .pages import (
    ArticlePage,
    BulletinAlert,
    BulletinPage,
    CaseStudyPage,
    ColumnPage,
    HomePage,
)
from .search import AskedQuestion, SearchDocument, SearchIndexState
from .snippets import FraudType, Hotline
from .workflow import ComplianceCheckTask

__all__ = [
    "ArticlePage",
    "AskedQuestion",
    "BrandSettings",
    "BulletinAlert",
    "BulletinPage",
    "CaseStudyPage",
    "ColumnPage",
    "ComplianceCheckTask",
    "FraudType",
    "HomePage",
    "Hotline",
    "SearchDocument",
    "SearchIndexState",
]
