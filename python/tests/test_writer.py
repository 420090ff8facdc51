"""The streaming writer: output reaches the file-like object as it is
decided, bytes may be split anywhere (inside UTF-8 sequences too), and the
result is the same as cleaning the whole input."""

import io

import pytest

import comment_sanitizer as cs

TEXT = "<p>Grüße, 世界 😀 <b title='ß😀'>bold</b> <scr" + "ipt>x</script><a href=/x>é</a></p>"


class Recorder:
    """Not an io class: receives str."""

    def __init__(self):
        self.calls = []

    def write(self, data):
        self.calls.append(data)


def test_bytes_split_inside_every_utf8_sequence():
    sanitizer = cs.Sanitizer()
    expected, report = sanitizer.clean_with_report(TEXT)
    data = TEXT.encode()
    for size in (1, 2, 3, 5):
        sink = io.StringIO()
        writer = sanitizer.writer(sink)
        for i in range(0, len(data), size):
            writer.write(data[i : i + size])
        assert writer.finish() == report
        assert sink.getvalue() == expected
    # Mixed: a UTF-8 sequence started by bytes, then str chunks.
    sink = io.StringIO()
    writer = sanitizer.writer(sink)
    writer.write("a".encode() + "😀".encode()[:2])
    writer.write("😀".encode()[2:])
    writer.write("<b>c")
    writer.finish()
    assert sink.getvalue() == "a😀<b>c</b>"


def test_output_leaves_as_it_is_decided():
    recorder = Recorder()
    writer = cs.Sanitizer().writer(recorder)
    writer.write("<b>first part, ")
    assert "".join(recorder.calls).startswith("<b>first part")
    writer.write("second</b><scr")
    writer.write("ipt>hidden</script> end")
    assert writer.finish()["removals"][0]["name"] == "script"
    assert all(isinstance(c, str) for c in recorder.calls)
    assert "".join(recorder.calls) == "<b>first part, second</b> end"


def test_binary_streams_get_bytes():
    sink = io.BytesIO()
    writer = cs.Sanitizer().writer(sink)
    writer.write("é<i>x")
    writer.finish()
    assert sink.getvalue() == "é<i>x</i>".encode()


def test_a_real_file(tmp_path):
    path = tmp_path / "out.html"
    with open(path, "w", encoding="utf-8") as f, cs.Sanitizer().writer(f) as writer:
        writer.write(TEXT.encode())
    assert path.read_text(encoding="utf-8") == cs.clean(TEXT)


def test_invalid_utf8_is_a_sanitize_error_after_a_safe_prefix():
    recorder = Recorder()
    writer = cs.Sanitizer().writer(recorder)
    writer.write(b"a <b>x</b> <i>y")
    with pytest.raises(cs.SanitizeError, match="not valid UTF-8 at byte 15"):
        writer.write(b"\xff z")
    assert "".join(recorder.calls) == "a <b>x</b> <i>y</i>"
    recorder = Recorder()
    writer = cs.Sanitizer().writer(recorder)
    writer.write(b"a \xf0\x9f")
    with pytest.raises(cs.SanitizeError, match="not valid UTF-8"):
        writer.finish()


def test_writer_errors():
    writer = cs.Sanitizer().writer(io.StringIO())
    with pytest.raises(TypeError, match="str or bytes"):
        writer.write(3)
    with pytest.raises(TypeError):
        writer.write(bytearray(b"x"))
    writer.finish()
    with pytest.raises(cs.SanitizeError, match="finished"):
        writer.write("x")
    with pytest.raises(cs.SanitizeError, match="finished"):
        writer.finish()
    with pytest.raises(TypeError, match="write method"):
        cs.Sanitizer().writer(42)


def test_an_exception_from_write_reaches_the_caller():
    class Broken:
        def write(self, data):
            raise OSError("disk full")

    writer = cs.Sanitizer().writer(Broken())
    with pytest.raises(OSError, match="disk full"):
        writer.write("<b>x</b>")
    # The writer then refuses everything (its output ends at the error).
    with pytest.raises(cs.SanitizeError):
        writer.write("more")
