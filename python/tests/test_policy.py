"""policy=: a dict, or the path of a TOML or JSON file (str or
os.PathLike), in the crate's configuration schema; the policy files of
examples/policies/ when the repository is here."""

import io
import json
import pathlib

import pytest

import comment_sanitizer as cs

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "policies"

POLICY = {
    "preset": "wordpress-comments",
    "elements": {"p": {}, "span": {"class": {"kind": "text", "tokens": ["spoiler"]}}},
    "links": {"rel": "nofollow", "target": "_blank"},
    "limits": {"max_links": 2, "max_input_bytes": 1000},
}
INPUT = '<p>a <span class="spoiler x">b</span> <a href="https://x.example">c</a></p><u>d</u>'
OUTPUT = (
    '<p>a <span class="spoiler">b</span> <a href="https://x.example" target="_blank" '
    'rel="nofollow noopener">c</a></p>d'
)


def test_a_dict():
    sanitizer = cs.Sanitizer(policy=POLICY)
    assert sanitizer.clean(INPUT) == OUTPUT
    assert repr(sanitizer) == "Sanitizer(policy=...)"
    # The preset is the policy's starting point; the dict changes it.
    assert cs.Sanitizer(policy={"preset": "markdown-comments"}).clean("<h2>x</h2>") == "<h2>x</h2>"
    # Without a preset, an empty policy allows no element.
    assert cs.Sanitizer(policy={}).clean("<b>x</b>") == "x"


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_a_file(tmp_path, suffix):
    path = tmp_path / f"policy{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(POLICY), encoding="utf-8")
    else:
        path.write_text(
            'preset = "wordpress-comments"\n'
            "[elements]\np = {}\n"
            'span = { class = { kind = "text", tokens = ["spoiler"] } }\n'
            '[links]\nrel = "nofollow"\ntarget = "_blank"\n'
            "[limits]\nmax_links = 2\nmax_input_bytes = 1000\n",
            encoding="utf-8",
        )
    assert cs.Sanitizer(policy=path).clean(INPUT) == OUTPUT  # os.PathLike
    assert cs.Sanitizer(policy=str(path)).clean(INPUT) == OUTPUT


def test_the_example_policy_files():
    if not EXAMPLES.is_dir():
        pytest.skip("examples/policies is not here (tests run outside the repository)")
    files = sorted(EXAMPLES.glob("*.toml")) + sorted(EXAMPLES.glob("*.json"))
    assert files
    for path in files:
        sanitizer = cs.Sanitizer(policy=path)
        assert "<script" not in sanitizer.clean("<b>x</b><script>alert(1)</script>")
    preset_file = cs.Sanitizer(policy=EXAMPLES / "markdown-comments.toml")
    assert preset_file.clean("<ul><li>a</li></ul>") == "<ul><li>a</li></ul>"


def test_limits_of_a_policy_raise_sanitize_error():
    sanitizer = cs.Sanitizer(policy=POLICY)
    links = '<a href="/1">1</a><a href="/2">2</a><a href="/3">3</a>'
    with pytest.raises(cs.SanitizeError, match="more than 2 links"):
        sanitizer.clean(links)
    with pytest.raises(cs.SanitizeError, match="larger than the configured maximum of 1000 bytes"):
        sanitizer.clean_with_report("x" * 1001)
    with pytest.raises(cs.SanitizeError, match=r"htmls\[1\]: .*more than 2 links"):
        sanitizer.clean_many(["ok", links])
    out = []

    class Sink:
        def write(self, data):
            out.append(data)

    writer = sanitizer.writer(Sink())
    writer.write("<b>" + "x" * 600)
    with pytest.raises(cs.SanitizeError, match="1000 bytes"):
        writer.write("y" * 600)
    assert "".join(out).endswith("</b>")  # the prefix written is balanced
    with pytest.raises(cs.SanitizeError, match="used after it returned an error"):
        writer.write("z")


def test_policy_errors_carry_the_crates_message(tmp_path):
    with pytest.raises(cs.PolicyError, match=r"elements\.b\.onclick.*cannot be allowed"):
        cs.Sanitizer(policy={"elements": {"b": {"onclick": "text"}}})
    with pytest.raises(cs.PolicyError, match="unknown field `colour`"):
        cs.Sanitizer(policy={"colour": "red"})
    with pytest.raises(cs.PolicyError, match="missing.toml"):
        cs.Sanitizer(policy=tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text('preset = "wordpress-comments"\ndisallowed = "hide"\n', encoding="utf-8")
    with pytest.raises(cs.PolicyError, match="bad.toml"):
        cs.Sanitizer(policy=bad)
    other = tmp_path / "policy.yaml"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(cs.PolicyError, match=r"\.toml or \.json"):
        cs.Sanitizer(policy=other)
    with pytest.raises(cs.PolicyError, match="not both"):
        cs.Sanitizer("markdown-comments", policy={})
    assert issubclass(cs.PolicyError, ValueError)


def test_bad_policy_types():
    with pytest.raises(TypeError, match="policy must be a dict or the path"):
        cs.Sanitizer(policy=42)
    with pytest.raises(TypeError, match="policy must be a dict or the path"):
        cs.Sanitizer(policy=["b"])
    with pytest.raises(TypeError):
        cs.Sanitizer(policy=b"policy.toml")
    with pytest.raises(TypeError):  # json.dumps cannot hold a set
        cs.Sanitizer(policy={"url_schemes": {"https"}})


def test_a_policy_that_replaces_invalid_utf8():
    sink = io.StringIO()
    writer = cs.Sanitizer(policy={"preset": "wordpress-comments", "invalid_utf8": "replace"}).writer(sink)
    writer.write(b"a\xff<b>b\xf0\x9f")
    writer.write(b"</b>")
    writer.finish()
    assert sink.getvalue() == "a\ufffd<b>b\ufffd</b>"
