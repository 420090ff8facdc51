"""examples/dask_clean.py on a LocalCluster of 2 worker processes: a
generated 200,000-comment dataset, every row checked against clean."""

import importlib.util
import pathlib
import os
import random
import sys

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import comment_sanitizer as cs  # noqa: E402
from conftest import REPO_DATA  # noqa: E402
from default_policy_cases import CASES  # noqa: E402

ROWS = int(os.environ.get("DASK_TEST_ROWS", "200000"))
EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "examples" / "dask_clean.py"


def load_example():
    spec = importlib.util.spec_from_file_location("dask_clean", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["dask_clean"] = module
    spec.loader.exec_module(module)
    return module


def comments():
    """200,000 comments drawn from the Rust suite's cases, the XSS corpus and
    benign comments when the repository is here, and generated markup;
    every 97th row is null."""
    import json

    pool = [inp for cases in CASES.values() for inp, _ in cases]
    for name in ("xss_corpus.json", "benign_comments.json"):
        path = REPO_DATA / name
        if path.exists():
            pool += [item["input"] for item in json.loads(path.read_text(encoding="utf-8"))]
    rng = random.Random(20261202)
    pieces = ["<b>bold</b> ", "<a href='https://x.example/?a=1&b=2'>l</a> ", "<script>x()</script>",
              "<p>para", "café ", "<img src=x onerror=y>", "I <3 it ", "<!-- c -->", "&amp; &lt; "]
    rows = []
    for i in range(ROWS):
        if i % 97 == 0:
            rows.append(None)
        elif i % 3 == 0:
            rows.append(rng.choice(pool))
        else:
            rows.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 20))) + f" #{i}")
    return rows


def test_dask_clean_on_a_local_cluster(tmp_path):
    example = load_example()
    bodies = comments()
    source = tmp_path / "comments"
    source.mkdir()
    # Several files, so the cluster gets several partitions.
    for part, start in enumerate(range(0, ROWS, 25_000)):
        chunk = bodies[start : start + 25_000]
        table = pa.table({"id": pa.array(range(start, start + len(chunk)), pa.int64()), "body": pa.array(chunk, pa.string())})
        pq.write_table(table, source / f"part-{part:02}.parquet")
    destination = tmp_path / "cleaned"

    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        example.clean_dataset(str(source), str(destination), "body")

    result = pq.read_table(destination).to_pydict()
    assert result["id"] == list(range(ROWS))
    sanitizer = cs.Sanitizer()
    for i, (body, html, removed) in enumerate(zip(bodies, result["body"], result["body_removed"])):
        if body is None:
            assert html is None and removed == 0, i
        else:
            assert html == cs.clean(body), i
            assert removed == sanitizer.clean_with_report(body)[1]["total_removals"], i
