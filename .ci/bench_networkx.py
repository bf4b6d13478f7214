#!/usr/bin/env python3
"""The impact query of `convene plan rotate`, scripted as an analyst would
with networkx: load a convene graph file, then find everything that depends,
directly or not, on one node (its ancestors, as edges point from dependent
to dependency). Prints the load and query times and how many were reached."""
import json
import sys
import time

import networkx as nx

path, target = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
with open(path) as f:
    data = json.load(f)
g = nx.MultiDiGraph()
for n in data["nodes"]:
    g.add_node(n["id"], **{k: v for k, v in n.items() if k != "id"})
for e in data["edges"]:
    g.add_edge(e["from"], e["to"], key=e["kind"], **{k: v for k, v in e.items() if k not in ("from", "to")})
del data
t1 = time.perf_counter()
reached = nx.ancestors(g, target)
t2 = time.perf_counter()
print(f"load {t1 - t0:.2f}s query {t2 - t1:.4f}s reached {len(reached) + 1} "
      f"query-ns/node {(t2 - t1) * 1e9 / (len(reached) + 1):.0f}")
