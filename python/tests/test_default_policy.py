"""The default preset on the cases of the Rust suite, each cleaned whole,
with clean_with_report, with clean_many, and streamed in str chunks and byte
by byte (splitting every UTF-8 sequence), which must all agree."""

import io

import pytest

import comment_sanitizer as cs
from conftest import load_repo_json
from default_policy_cases import CASES

ALL = [(group, i, inp, out) for group, cases in CASES.items() for i, (inp, out) in enumerate(cases)]
IDS = [f"{group}-{i}" for group, i, _, _ in ALL]
SANITIZER = cs.Sanitizer()


def streamed(sanitizer, chunks):
    sink = io.StringIO()
    writer = sanitizer.writer(sink)
    for chunk in chunks:
        writer.write(chunk)
    report = writer.finish()
    return sink.getvalue(), report


@pytest.mark.parametrize("group,i,inp,expected", ALL, ids=IDS)
def test_case(group, i, inp, expected):
    assert cs.clean(inp) == expected
    assert SANITIZER.clean(inp) == expected
    html, report = SANITIZER.clean_with_report(inp)
    assert html == expected
    data = inp.encode()
    assert streamed(SANITIZER, [data[j : j + 1] for j in range(len(data))]) == (expected, report)
    for cut in range(0, len(inp) + 1, max(1, len(inp) // 7)):
        assert streamed(SANITIZER, [inp[:cut], inp[cut:]])[0] == expected


def test_clean_many_agrees_and_keeps_order():
    inputs = [inp for _, _, inp, _ in ALL] * 20
    expected = [out for _, _, _, out in ALL] * 20
    assert SANITIZER.clean_many(inputs) == expected
    assert SANITIZER.clean_many(tuple(inputs)) == expected
    assert SANITIZER.clean_many(iter(inputs)) == expected
    with_reports = SANITIZER.clean_many(inputs, with_reports=True)
    assert [html for html, _ in with_reports] == expected
    assert [r for _, r in with_reports[:50]] == [SANITIZER.clean_with_report(i)[1] for i in inputs[:50]]
    assert SANITIZER.clean_many([]) == []


def test_examples_from_the_readme():
    assert cs.clean('<b onclick="x()">hi</b><script>evil()</script> I <3 it') == "<b>hi</b> I &lt;3 it"
    html, report = cs.Sanitizer("wordpress-comments").clean_with_report(
        '<a href="https://a.example">a</a> <a href="javascript:alert(1)">b</a>'
    )
    assert html == '<a href="https://a.example" rel="nofollow ugc">a</a> <a>b</a>'
    assert report["links"] == 1
    # Fields may be added to a removal; these are the ones that must be there.
    assert [{k: v for k, v in r.items() if k != "offset"} for r in report["removals"]] == [
        {
            "kind": "attribute",
            "element": "a",
            "name": "href",
            "reason": {"code": "disallowed_scheme", "message": "URL scheme not allowed"},
            "count": 1,
        }
    ]


def test_report_fields():
    html, report = SANITIZER.clean_with_report("<div>x</div><!--c--><script>y</script><u>z")
    assert html == "x\n\nz"
    kinds = [(r["kind"], r.get("name"), r["count"]) for r in report["removals"]]
    assert kinds == [
        ("element", "div", 1),
        ("comment", None, 1),
        ("element", "script", 1),
        ("element", "u", 1),
    ]
    assert report["removals"][2]["content_dropped"] is True
    assert report["total_removals"] == 4
    assert report["other_removals"] == 0
    assert SANITIZER.clean_with_report("plain")[1] == {
        "removals": [],
        "other_removals": 0,
        "total_removals": 0,
        "links": 0,
    }


def test_markdown_preset_keeps_more():
    md = cs.Sanitizer("markdown-comments")
    assert md.clean("<p>a</p><ul><li>b</li></ul>") == "<p>a</p><ul><li>b</li></ul>"
    assert cs.clean("<p>a</p><ul><li>b</li></ul>") == "a\n\nb"
    assert repr(md) == 'Sanitizer(preset="markdown-comments")'


def test_benign_comments_come_out_unchanged():
    for item in load_repo_json("benign_comments.json"):
        assert cs.clean(item["input"]) == item["input"], item["id"]
