#!/usr/bin/env python3
"""Brute-force rapidfuzz baseline for the Chokepoint screening benchmark.

Usage: screen_baseline.py INDEX_TSV QUERIES_TSV OUT_TSV
  INDEX_TSV:   entity_id <TAB> name        (one line per indexed name)
  QUERIES_TSV: query_id <TAB> name
  OUT_TSV:     query_id <TAB> rank <TAB> entity_id <TAB> score(0..100)   (top 10 per query)
Prints one line: `seconds=<wall time of the query loop> queries=<n> names=<m>`.

Every query is compared with every indexed name (rapidfuzz.process.extract with WRatio and
default_process, single thread): the usual brute-force way to fuzzy-screen a list.
"""
import sys
import time

from rapidfuzz import fuzz, process, utils


def main() -> int:
    index_path, queries_path, out_path = sys.argv[1:4]
    ids, names = [], []
    with open(index_path, encoding="utf-8") as f:
        for line in f:
            eid, _, name = line.rstrip("\n").partition("\t")
            ids.append(eid)
            names.append(utils.default_process(name))
    queries = []
    with open(queries_path, encoding="utf-8") as f:
        for line in f:
            qid, _, name = line.rstrip("\n").partition("\t")
            queries.append((qid, name))
    start = time.perf_counter()
    out = []
    for qid, name in queries:
        q = utils.default_process(name)
        best = {}
        for _, score, idx in process.extract(q, names, scorer=fuzz.WRatio, processor=None, limit=50):
            eid = ids[idx]
            if score > best.get(eid, -1.0):
                best[eid] = score
        ranked = sorted(best.items(), key=lambda kv: -kv[1])[:10]
        for rank, (eid, score) in enumerate(ranked, 1):
            out.append(f"{qid}\t{rank}\t{eid}\t{score:.2f}\n")
    seconds = time.perf_counter() - start
    with open(out_path, "w", encoding="utf-8") as f:
        f.writelines(out)
    print(f"seconds={seconds:.3f} queries={len(queries)} names={len(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
