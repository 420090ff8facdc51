"""policy=: a dict, or a TOML or JSON file, in the crate's config schema."""

import pytest

import comment_sanitizer as cs


def test_policy_is_not_available_in_this_build():
    with pytest.raises(NotImplementedError, match="configuration"):
        cs.Sanitizer(policy={"elements": ["b"]})
