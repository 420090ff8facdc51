"""Hostile input: the repository's XSS corpus and a few inputs built to
hurt (deep nesting, huge attributes, NULs, lone surrogates, unclosed
everything). The output may only hold the allowlist, and cleaning it again
changes nothing."""

import re
from html.parser import HTMLParser

import pytest

import comment_sanitizer as cs
from conftest import load_repo_json

ALLOWED = {
    "a": {"href", "title", "rel"},
    "abbr": {"title"},
    "acronym": {"title"},
    "b": set(),
    "blockquote": {"cite"},
    "cite": set(),
    "code": set(),
    "del": {"datetime"},
    "em": set(),
    "i": set(),
    "q": {"cite"},
    "s": set(),
    "strike": set(),
    "strong": set(),
}
SCHEMES = {"http", "https", "mailto"}
# A URL's scheme as a browser reads it: tabs and newlines removed, leading
# C0 controls and spaces trimmed.
SCHEME = re.compile(r"[\x00-\x20]*([a-zA-Z][a-zA-Z0-9+.\-]*):")


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.problems.append(f"element {tag}")
            return
        for name, value in attrs:
            if name not in ALLOWED[tag]:
                self.problems.append(f"attribute {tag} {name}")
            if name in ("href", "cite"):
                scheme = SCHEME.match(re.sub("[\t\n\r]", "", value or ""))
                if scheme and scheme.group(1).lower() not in SCHEMES:
                    self.problems.append(f"URL {value!r}")

    def handle_endtag(self, tag):
        if tag not in ALLOWED:
            self.problems.append(f"end tag {tag}")

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_decl(self, decl):
        self.problems.append("declaration")

    def handle_pi(self, data):
        self.problems.append("processing instruction")


def assert_safe(output):
    checker = Checker()
    checker.feed(output)
    checker.close()
    assert checker.problems == [], output[:200]
    assert cs.clean(output) == output


def test_xss_corpus():
    corpus = load_repo_json("xss_corpus.json")
    assert len(corpus) > 500
    outputs = cs.Sanitizer().clean_many([v["input"] for v in corpus])
    for vector, output in zip(corpus, outputs):
        assert_safe(output)
        assert "<script" not in output.lower(), vector["id"]


HOSTILE = {
    "deep nesting": "<b><i>" * 50_000 + "x",
    "deep unknown nesting": "<div>" * 100_000 + "x" + "</div>" * 100_000,
    "huge attribute": '<a href="' + "j" * 1_000_000 + '">x</a>',
    "unclosed attribute": '<a title="' + "x" * 100_000,
    "unclosed comment": "<!--" + "<script>" * 10_000,
    "nuls": "\0<b\0>\0<scr\0ipt>alert(1)</script>",
    "lone surrogates": "a\ud800b<b title='\udfff'>c</b>",
    "entity soup": "&" * 10_000 + "&#x0;&#xD800;&#1114112;&lt;script&gt;",
    "attribute storm": "<b " + " ".join(f"on{i}=alert({i})" for i in range(20_000)) + ">x</b>",
    "script gadgets": "<a href=\"javas&#x09;cript:alert(1)\">x</a><a href='&#106;avascript:alert(1)'>y</a>",
    "svg and math": "<svg><script>alert(1)</script><a xlink:href=javascript:alert(1)>x</a></svg><math><mi>y",
    "tables foster": "<table><b><tr><td>a<script>x</script></td></tr>b</table>",
    "tag cut off": "<b>bold</b><a href='https://x.example",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input(name):
    sanitizer = cs.Sanitizer()
    output = sanitizer.clean(HOSTILE[name])
    assert_safe(output)
    assert len(output) <= 7 * len(HOSTILE[name].encode("utf-8", "surrogatepass")) + 8192
    assert sanitizer.clean_many([HOSTILE[name]]) == [output]


def test_lone_surrogates_become_replacement_characters():
    assert cs.clean("a\ud800b") == "a\ufffdb"
    assert cs.Sanitizer().clean_with_report("<b>\udfff</b>")[0] == "<b>\ufffd</b>"
