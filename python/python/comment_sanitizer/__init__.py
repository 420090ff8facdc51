"""Sanitize untrusted, user-written comment HTML (a Rust library).

``clean(html)`` uses the default preset, the allowlist blog comment forms
print under the text box. ``Sanitizer`` holds one policy, is immutable and
safe to share between threads; every call releases the GIL while it cleans.
"""

from ._native import (
    PRESETS,
    PolicyError,
    SanitizeError,
    Sanitizer,
    Writer,
    __version__,
    clean,
)

__all__ = ["__version__", "PRESETS", "PolicyError", "SanitizeError", "Sanitizer", "Writer", "clean"]
