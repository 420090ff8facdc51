"""Type stubs for the Rust extension module ``comment_sanitizer._native``."""

import os
from types import TracebackType
from typing import Any, Iterable, Literal, Protocol, TypedDict, final, overload

from typing_extensions import NotRequired

__all__ = ["PRESETS", "PolicyError", "SanitizeError", "Sanitizer", "Writer", "__version__", "clean"]

PRESETS: list[str]
__version__: str

# Code, Removal and Report describe the report dicts for type checkers;
# they do not exist at runtime.

class Code(TypedDict):
    """Why: ``code`` is stable, for programs; ``message`` is for people."""

    code: str
    message: str

class Removal(TypedDict):
    """One kind of removal and how many times it happened (the crate's JSON
    shape for a removal; fields may be added, none is renamed)."""

    kind: str  # element, end_tag, too_deep, misplaced, attribute, comment, doctype, ...
    count: int
    offset: int
    name: NotRequired[str]
    element: NotRequired[str]
    content_dropped: NotRequired[bool]
    reason: NotRequired[Code]
    departure: NotRequired[Code]

class Report(TypedDict):
    """What cleaning removed. Advisory: an empty report is not a safety
    verdict; only the cleaned HTML is safe."""

    links: int
    total_removals: int
    other_removals: int
    removals: list[Removal]

class PolicyError(ValueError):
    """The preset name or the policy (dict or file) is not valid; the
    message names the key and, for a file, the path and line."""

class SanitizeError(ValueError):
    """A limit of the policy stopped cleaning (input size, links), or a
    writer was used after an error or after ``finish``."""

class _SupportsWrite(Protocol):
    def write(self, data: Any, /) -> object: ...

def clean(html: str) -> str:
    """Sanitize ``html`` with the default preset, ``"wordpress-comments"``."""

@final
class Sanitizer:
    """Cleans comments with one policy; immutable and safe to share between
    threads. Every call releases the GIL while it cleans.

    ``preset`` names a preset (default ``"wordpress-comments"``); ``policy``
    is a dict, or the path of a TOML or JSON file, in the crate's
    configuration schema. Not both."""

    def __new__(
        cls,
        preset: Literal["wordpress-comments", "markdown-comments"] | None = None,
        policy: dict[str, Any] | str | os.PathLike[str] | None = None,
    ) -> Sanitizer: ...
    def clean(self, html: str) -> str: ...
    def clean_with_report(self, html: str) -> tuple[str, Report]: ...
    @overload
    def clean_many(self, htmls: Iterable[str], *, with_reports: Literal[False] = False) -> list[str]: ...
    @overload
    def clean_many(self, htmls: Iterable[str], *, with_reports: Literal[True]) -> list[tuple[str, Report]]: ...
    def writer(self, file_like: _SupportsWrite) -> Writer: ...

@final
class Writer:
    """A streaming writer from ``Sanitizer.writer``."""

    def write(self, data: str | bytes) -> None: ...
    def finish(self) -> Report: ...
    def __enter__(self) -> Writer: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool: ...
