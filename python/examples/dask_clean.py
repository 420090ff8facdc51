"""Clean one column of a Parquet dataset on a Dask cluster.

    python dask_clean.py INPUT OUTPUT [--column body] [--scheduler tcp://host:8786]

reads the Parquet dataset INPUT (a file, a directory of files, or any URL
pyarrow reads: s3://, gs://, ...), replaces COLUMN by its cleaned HTML, adds
COLUMN_removed (how many things cleaning removed from that row), and writes
the result to the Parquet dataset OUTPUT, one file per partition, rows in
their order. Without --scheduler it starts a LocalCluster on this machine.

Each partition is cleaned by one clean_many call, on every core of its
worker; rows that are null stay null (and count 0 removals). The workers need
comment_sanitizer installed; this script sends itself to them.
"""

import argparse
import functools

import dask.dataframe as dd
import pandas as pd
from dask.distributed import Client, LocalCluster, get_client

import comment_sanitizer


@functools.lru_cache(maxsize=None)
def sanitizer(preset):
    """One Sanitizer per worker process and preset."""
    return comment_sanitizer.Sanitizer(preset)


def clean_partition(df, column, preset="wordpress-comments"):
    """`df` with `column` cleaned and `column + "_removed"` added: the
    function map_partitions runs (also usable as a plain pandas function)."""
    values = df[column]
    present = values.notna().to_numpy()
    texts = values[present].tolist()
    results = sanitizer(preset).clean_many(texts, with_reports=True)
    cleaned = pd.Series(pd.NA, index=df.index, dtype=values.dtype)
    removed = pd.Series(0, index=df.index, dtype="int64")
    cleaned[present] = [html for html, _ in results]
    removed[present] = [report["total_removals"] for _, report in results]
    return df.assign(**{column: cleaned, f"{column}_removed": removed})


def clean_dataset(source, destination, column, preset="wordpress-comments"):
    """Build and run the graph on the current Dask client."""
    # The workers import this file to run clean_partition: send it to them.
    get_client().upload_file(__file__)
    frame = dd.read_parquet(source)
    if column not in frame.columns:
        raise SystemExit(f"{source} has no column {column!r} (columns: {', '.join(frame.columns)})")
    meta = clean_partition(frame._meta, column, preset)
    cleaned = frame.map_partitions(clean_partition, column, preset, meta=meta)
    cleaned.to_parquet(destination, write_index=False)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--column", default="body", help="the column of HTML to clean (default: body)")
    parser.add_argument("--preset", default="wordpress-comments", choices=comment_sanitizer.PRESETS)
    parser.add_argument("--scheduler", help="a running cluster's scheduler address; default: a LocalCluster")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default: 2)")
    args = parser.parse_args(argv)
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    with client:
        clean_dataset(args.input, args.output, args.column, args.preset)

if __name__ == "__main__":
    main()
