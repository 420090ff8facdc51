#!/usr/bin/env python3
"""Imports between the files of src/ must go one way.

Reads every `use crate::...`, `use super::...`, `use self::...` and every
inline `crate::a::b` path outside comments and `#[cfg(test)] mod` blocks,
and gives each an edge to the file of the deepest module the path names (a
path through a re-export counts against the file that re-exports it). Then
prints every cycle (strongly connected component of two or more files) and
exits 1 if there is one.

    python3 .ci/import_graph.py [SRC_DIR]          # check
    python3 .ci/import_graph.py [SRC_DIR] --edges  # also list every edge
"""
import os
import re
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
src = args[0] if args else "src"
show_edges = "--edges" in sys.argv

files = {}
for root, _, names in os.walk(src):
    for name in names:
        if name.endswith(".rs"):
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                files[os.path.relpath(path, src)] = f.read()


def module_of(rel):
    parts = rel[:-3].split(os.sep)
    return parts[:-1] if parts[-1] in ("mod", "lib") else parts


def file_of(module):
    if not module:
        return "lib.rs"
    for candidate in (os.path.join(*module) + ".rs", os.path.join(*module, "mod.rs")):
        if candidate in files:
            return candidate
    return None


def strip_literals(text):
    """The text with comments removed and string and character literals
    emptied, read left to right as the Rust lexer does."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif re.match(r'b?r#*"', text[i:i + 40]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'b?r(#*)"', text[i:])
            end = text.find('"' + m.group(1), i + m.end())
            i = n if end < 0 else end + 1 + len(m.group(1))
            out.append('""')
        elif c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            out.append('""')
        elif c == "'":
            m = re.match(r"'(?:\\[^']{1,10}|[^'\\])'", text[i:])
            if m:
                i += m.end()
                out.append("' '")
            else:
                out.append(c)  # a lifetime
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def code_only(text):
    """The code: no comments, no literals, no test modules."""
    text = strip_literals(text)
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{", text):
        if m.start() < i:
            continue
        out.append(text[i:m.start()])
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    return "".join(out)


def expand(prefix, tree):
    """`a::{b, c::{d, e}}` -> [a::b, a::c::d, a::c::e] (as segment lists)."""
    tree = tree.strip()
    m = re.match(r"^([\w:]*?)(?:::)?\{(.*)\}$", tree, flags=re.S)
    if not m:
        tree = re.sub(r"\s+as\s+\w+$", "", tree)
        return [prefix + [s for s in tree.split("::") if s]]
    head = [s for s in m.group(1).split("::") if s]
    items, depth, cur = [], 0, ""
    for ch in m.group(2):
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        cur += ch
    items.append(cur)
    paths = []
    for item in items:
        if item.strip() == "self":
            paths.append(prefix + head)
        elif item.strip():
            paths.extend(expand(prefix + head, item))
    return paths


def target(rel, path):
    """The file a path (starting with crate/super/self) leads to."""
    module = module_of(rel)
    segs = list(path)
    if segs[0] == "crate":
        module, segs = [], segs[1:]
    else:
        while segs and segs[0] in ("super", "self"):
            if segs.pop(0) == "super":
                module = module[:-1]
    found = file_of(module)
    for seg in segs:
        deeper = file_of(module + [seg])
        if deeper is None:
            break
        module, found = module + [seg], deeper
    return found


edges = {rel: set() for rel in files}
for rel, text in files.items():
    code = code_only(text)
    paths = []
    for m in re.finditer(r"\buse\s+((?:crate|super|self)\b[^;]*);", code, flags=re.S):
        paths.extend(expand([], m.group(1)))
    without_uses = re.sub(r"\buse\s+[^;]*;", "", code)
    for m in re.finditer(r"(?<![\w:])((?:crate|super)(?:::\w+)+)", without_uses):
        paths.append(m.group(1).split("::"))
    for path in paths:
        to = target(rel, path)
        if to and to != rel:
            edges[rel].add(to)

# Tarjan's strongly connected components, iteratively.
index, low, on_stack, stack, components, counter = {}, {}, set(), [], [], [0]
for start in sorted(files):
    if start in index:
        continue
    work = [(start, iter(sorted(edges[start])))]
    index[start] = low[start] = counter[0]
    counter[0] += 1
    stack.append(start)
    on_stack.add(start)
    while work:
        node, children = work[-1]
        child = next(children, None)
        if child is not None:
            if child not in index:
                index[child] = low[child] = counter[0]
                counter[0] += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
            continue
        work.pop()
        if work:
            low[work[-1][0]] = min(low[work[-1][0]], low[node])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

if show_edges:
    for rel in sorted(edges):
        for to in sorted(edges[rel]):
            print(f"{rel} -> {to}")
for component in components:
    inside = [f"{a} -> {b}" for a in component for b in sorted(edges[a]) if b in component]
    print("cycle: " + ", ".join(component) + "\n    " + "\n    ".join(inside))
count = sum(len(e) for e in edges.values())
print(f"import graph: {len(files)} files, {count} edges, {len(components)} cycles")
sys.exit(1 if components else 0)
