import json
import pathlib

import pytest

# The repository's shared test data (tests/data), when the package is tested
# from a checkout.
REPO_DATA = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data"


def load_repo_json(name):
    path = REPO_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is not here (tests run outside the repository)")
    return json.loads(path.read_text(encoding="utf-8"))
