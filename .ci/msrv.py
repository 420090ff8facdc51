#!/usr/bin/env python3
"""Check, without another toolchain, that the committed Cargo.lock builds the
library on the Rust version Cargo.toml promises: every package the library
depends on (normal dependencies, all features) must state a rust-version no
newer than ours. Our own code is checked by clippy's incompatible_msrv lint
(denied in Cargo.toml). Exit 1 and list the offenders otherwise."""
import json
import subprocess
import sys


def version(v):
    return tuple(int(x) for x in v.split(".")[:3]) + (0,) * (3 - len(v.split(".")[:3]))


meta = json.loads(subprocess.run(
    ["cargo", "metadata", "--format-version", "1", "--locked", "--all-features"],
    check=True, capture_output=True, text=True).stdout)
packages = {p["id"]: p for p in meta["packages"]}
root = meta["resolve"]["root"]
ours = packages[root]["rust_version"]
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}

# Normal (and build) dependencies reachable from the library; dev-dependencies
# only build our tests, which need not run on the oldest Rust.
seen, todo = set(), [root]
while todo:
    node = nodes[todo.pop()]
    for dep in node["deps"]:
        kinds = {k["kind"] for k in dep["dep_kinds"]}
        if node["id"] == root and kinds <= {"dev"}:
            continue
        if dep["pkg"] not in seen:
            seen.add(dep["pkg"])
            todo.append(dep["pkg"])

bad = []
for pid in sorted(seen, key=lambda p: packages[p]["name"]):
    p = packages[pid]
    rv = p.get("rust_version")
    if rv and version(rv) > version(ours):
        bad.append(f"  {p['name']} {p['version']} needs Rust {rv}")
print(f"msrv: rust-version {ours}; {len(seen)} packages in the library's dependency tree (all features)")
if bad:
    print("msrv: these need a newer Rust than rust-version promises:\n" + "\n".join(bad))
    sys.exit(1)
print("msrv: every one states a rust-version no newer than ours")
