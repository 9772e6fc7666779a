"""What a render produces: files in memory with their size and dimensions, before storage."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass
class OutputFile:
    """One file of a render: the full poster, a slice, a cover, the PDF, the video…"""

    kind: str
    name: str
    data: bytes
    content_type: str
    width: int | None = None
    height: int | None = None
    position: int = 0

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class RenderOutput:
    """Everything one render made: the primary file first, then the others."""

    format: str
    files: list[OutputFile]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    transcript: str = ""

    @property
    def primary(self) -> OutputFile:
        return self.files[0]

    def files_of(self, kind: str) -> list[OutputFile]:
        return [file for file in self.files if file.kind == kind]
