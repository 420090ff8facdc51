"""Bad types give TypeError; a bad preset PolicyError; both exceptions are
ValueErrors and carry the Rust error's message."""

import pytest

import comment_sanitizer as cs


def test_exception_classes():
    assert issubclass(cs.PolicyError, ValueError)
    assert issubclass(cs.SanitizeError, ValueError)
    assert cs.PolicyError.__module__ == "comment_sanitizer"


@pytest.mark.parametrize("bad", [None, 1, b"<b>x</b>", ["<b>"], object()])
def test_clean_takes_str_only(bad):
    with pytest.raises(TypeError, match="html must be str"):
        cs.clean(bad)
    with pytest.raises(TypeError, match="html must be str"):
        cs.Sanitizer().clean(bad)
    with pytest.raises(TypeError, match="html must be str"):
        cs.Sanitizer().clean_with_report(bad)


def test_clean_many_takes_an_iterable_of_str():
    sanitizer = cs.Sanitizer()
    with pytest.raises(TypeError, match="not one str"):
        sanitizer.clean_many("<b>x</b>")
    with pytest.raises(TypeError, match=r"htmls\[1\] must be str, not int"):
        sanitizer.clean_many(["a", 1])
    with pytest.raises(TypeError):
        sanitizer.clean_many(5)


def test_unknown_preset():
    with pytest.raises(cs.PolicyError, match='unknown preset "strict"'):
        cs.Sanitizer("strict")
    with pytest.raises(TypeError, match="preset must be str"):
        cs.Sanitizer(preset=1)
    assert cs.PRESETS == ["wordpress-comments", "markdown-comments"]
    assert repr(cs.Sanitizer()) == 'Sanitizer(preset="wordpress-comments")'
    assert cs.__version__ == "0.1.0"
