#!/usr/bin/env python3
"""Lists import cycles between the crate's modules (`crate::a::b` paths and `super::` uses).

Each `.rs` file is one module; a module's `#[cfg(test)]` tail is ignored. Prints every cycle
(strongly connected component with more than one module) and exits 1 if there is one.
Also checks the layer order documented in docs/architecture.md.
"""
import os, re, sys

SRC = os.path.join(os.path.dirname(__file__), "..", "src")
LAYERS = ["error", "workos", "ui", "files", "edit", "token", "frameworks", "app", "emulator", "commands"]

def module_of(path):
    rel = os.path.relpath(path, SRC)[:-3]
    parts = rel.split(os.sep)
    if parts[-1] == "mod":
        parts = parts[:-1]
    if parts == ["lib"] or parts == ["main"]:
        return None
    return "::".join(parts)

mods = {}
for root, _, files in os.walk(SRC):
    for f in files:
        if f.endswith(".rs"):
            p = os.path.join(root, f)
            m = module_of(p)
            if m is not None:
                mods[m] = p

def resolve(m, path):
    """The longest known module that `path` (list of segments) names."""
    for n in range(len(path), 0, -1):
        cand = "::".join(path[:n])
        if cand in mods:
            return cand
    return None

edges = {m: set() for m in mods}
for m, p in mods.items():
    text = open(p, encoding="utf-8").read()
    cut = text.find("#[cfg(test)]\nmod tests")
    if cut >= 0:
        text = text[:cut]
    # Comments (doc links included) name modules without importing them.
    text = "\n".join(l for l in text.split("\n") if not l.lstrip().startswith("//"))
    is_mod_rs = p.endswith("mod.rs")
    here = m.split("::")
    refs = [(h.group(1), h.group(2).split("::")[1:]) for h in re.finditer(r"\b(crate|super)((?:::[a-z_][a-z0-9_]*)*)(?=::[A-Z])", text)]
    refs += [(h.group(1), h.group(2).split("::")[1:]) for h in re.finditer(r"\b(crate|super)((?:::[a-z_][a-z0-9_]*)+)", text)]
    # `use super::{a, b::c}` and `use crate::x::{y, z}`: each item of the braces.
    for h in re.finditer(r"\b(crate|super)((?:::[a-z_][a-z0-9_]*)*)::\{([^}]*)\}", text):
        head = h.group(2).split("::")[1:] if h.group(2) else []
        for item in h.group(3).split(","):
            item = item.strip().split(" as ")[0].strip()
            if re.match(r"^[a-z_][a-z0-9_]*(::[a-z_][a-z0-9_]*)*", item):
                refs.append((h.group(1), head + re.match(r"^[a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*)*", item).group(0).split("::")))
            else:
                refs.append((h.group(1), head))
    # A parent using its child by its bare name (`tree::resolve()`, `use check::X`): an edge
    # like any other (declaring it with `mod` is not).
    for child in [c for c in mods if c.startswith(m + "::") and c.count("::") == m.count("::") + 1]:
        name = child.rsplit("::", 1)[1]
        body = re.sub(r"^\s*(pub(\([a-z]+\))? )?mod [a-z_0-9]+;\s*$", "", text, flags=re.M)
        # `name::item`, or the bare name in a list (a registry macro such as `rules! { a, b }`).
        if re.search(r"(?<![A-Za-z0-9_:.])(self::)?" + name + r"(::|\s*[,;)\]}])", body):
            edges[m].add(child)
    for kind, segs in refs:
        if kind == "crate":
            target = resolve(m, segs)
        else:
            base = here if is_mod_rs else here[:-1]
            # `super` from a.rs is the parent module; from a/mod.rs it is a's parent.
            base = base[:-1] if is_mod_rs else base
            target = resolve(m, base + segs) if base + segs else None
        if target and target != m:
            edges[m].add(target)

# Tarjan's strongly connected components.
index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)
def strong(v):
    index[v] = low[v] = counter[0]; counter[0] += 1
    stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        sccs.append(comp)
for v in mods:
    if v not in index:
        strong(v)

bad = False
for comp in sccs:
    if len(comp) > 1:
        bad = True
        print("cycle: " + " <-> ".join(sorted(comp)))
for m, targets in sorted(edges.items()):
    top = m.split("::")[0]
    for t in sorted(targets):
        tt = t.split("::")[0]
        if top in LAYERS and tt in LAYERS and LAYERS.index(tt) > LAYERS.index(top):
            bad = True
            print(f"upward import: {m} -> {t}")
        if top == "commands" and tt == "commands" and len(t.split("::")) > 1 and m.split("::")[1] != t.split("::")[1]:
            bad = True
            print(f"command imports another command: {m} -> {t}")
print(f"{len(mods)} modules, {sum(len(e) for e in edges.values())} imports" + ("" if bad else ", no cycles"))
sys.exit(1 if bad else 0)
