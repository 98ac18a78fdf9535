#!/usr/bin/env python3
"""Reference results and timings for faultline's graph kernels, from networkx.

Reads a JSON graph {"n": N, "edges": [[u, v], ...], "root": R, "kernels": [...]}
(or {"graphs": [...]} of them) on stdin and prints {"idom": {...}, "articulation_points": [...],
"descendant_counts": [...], "seconds": {...}} for the kernels asked for
(default: all). Used by graph/kernels_test.go (equality) and scripts/bench.sh
(speed ratio).
"""
import json
import sys
import time

import networkx as nx


def main():
    spec = json.load(sys.stdin)
    if "graphs" in spec:  # a batch: one result per graph, one interpreter start
        json.dump([run(g) for g in spec["graphs"]], sys.stdout)
    else:
        json.dump(run(spec), sys.stdout)


def run(spec):
    kernels = spec.get("kernels") or ["dominators", "articulation_points", "descendants"]
    g = nx.DiGraph()
    g.add_nodes_from(range(spec["n"]))
    g.add_edges_from(spec["edges"])
    out = {"seconds": {}}
    if "dominators" in kernels:
        t = time.perf_counter()
        idom = nx.immediate_dominators(g, spec["root"])
        out["seconds"]["dominators"] = time.perf_counter() - t
        out["idom"] = {str(k): v for k, v in sorted(idom.items())}
    if "articulation_points" in kernels:
        t = time.perf_counter()
        ap = sorted(nx.articulation_points(g.to_undirected()))
        out["seconds"]["articulation_points"] = time.perf_counter() - t
        out["articulation_points"] = ap
    if "descendants" in kernels:
        t = time.perf_counter()
        counts = [len(nx.descendants(g, v)) for v in range(spec["n"])]
        out["seconds"]["descendants"] = time.perf_counter() - t
        out["descendant_counts"] = counts
    return out


if __name__ == "__main__":
    main()
