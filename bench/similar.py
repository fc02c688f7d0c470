"""Repeated-claim keys: what the split pays to store them and what a lookup finds, for the
keys the desk uses (annotations/similarity.py: 48 bands × 4 rows) beside another banding
(--bands × --rows, 24 × 3 by default: half the keys), in one run on the same texts.

    .venv/bin/python bench/similar.py [--texts 80000] [--queries 150] [--bands 24 --rows 3] \
        [--dsn postgres://postgres@127.0.0.1:5432/postgres]

Against a throwaway database (created and dropped here, pg_trgm installed): the corpus's
sentences (split on sentence-final punctuation, 30–400 chars; they stand in for claims) are
inserted in batches of 2,000 into one table per scheme, each with the desk's GIN index on its
keys, timed per scheme; then --queries random sentences are looked up the desk's way (`keys &&`,
then pg_trgm similarity >= 0.45) and by a full scan (the exact answer), giving recall, the
candidates per lookup and the lookup's time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
import uuid
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = Path(os.environ.get("CLAIMDESK_BENCH_CORPUS", "/work/shared/corpus/news_10k.jsonl"))

from annotations import similarity  # noqa: E402

THRESHOLD = 0.45
BATCH = 2000


def sentences(n: int) -> list[str]:
    out: list[str] = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            for s in re.split(r"(?<=[.!?])\s+", json.loads(line).get("text") or ""):
                if 30 < len(s) < 400:
                    out.append(s)
                    if len(out) == n:
                        return out
    return out


def banded(bands: int, rows: int) -> Callable[[list[str]], list[list[int]]]:
    """MinHash band keys of another banding, computed the way annotations/similarity.py does
    (its trigrams, crc32, the same kind of permutations; bands hashed with Python's hash)."""
    rng = np.random.default_rng(20261124)
    a = rng.integers(1, 2**31, size=bands * rows, dtype=np.uint64)
    b = rng.integers(0, 2**31, size=bands * rows, dtype=np.uint64)

    def keys(texts: list[str]) -> list[list[int]]:
        out: list[list[int]] = []
        for text in texts:
            grams = similarity.trigrams(text)
            if not grams:
                out.append([])
                continue
            hashed = np.array([zlib.crc32(g.encode()) for g in grams], dtype=np.uint64)
            sig = ((np.outer(hashed, a) + b) % np.uint64(4_294_967_311)).min(axis=0).reshape(bands, rows)
            out.append([hash((band, *row)) for band, row in enumerate(sig.tolist())])
        return out

    return keys


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--texts", type=int, default=80000)
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--bands", type=int, default=24)
    parser.add_argument("--rows", type=int, default=3)
    parser.add_argument(
        "--dsn", default=os.environ.get("BENCH_DSN", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    args = parser.parse_args()

    texts = sentences(args.texts)
    print(f"{len(texts):,} sentences of the corpus", flush=True)
    schemes = {
        f"desk: {similarity.BANDS} × {similarity.ROWS}": similarity.similarity_keys_many,
        f"other: {args.bands} × {args.rows}": banded(args.bands, args.rows),
    }
    dbname = f"claimdesk_bench_similar_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(args.dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{dbname}"')
    try:
        dsn = psycopg.conninfo.make_conninfo(args.dsn, dbname=dbname)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION pg_trgm")
            conn.execute("SET max_parallel_workers_per_gather = 0")
            results = {}
            for i, (name, make) in enumerate(schemes.items()):
                table = f"t{i}"
                conn.execute(f"CREATE TABLE {table} (id int PRIMARY KEY, text text, keys bigint[])")
                conn.execute(f"CREATE INDEX ON {table} USING gin (keys)")
                spent = 0.0
                entries = 0
                for start in range(0, len(texts), BATCH):
                    chunk = texts[start : start + BATCH]
                    keys = make(chunk)
                    entries += sum(map(len, keys))
                    t0 = time.perf_counter()
                    with (
                        conn.transaction(),
                        conn.cursor().copy(f"COPY {table} (id, text, keys) FROM STDIN") as copy,
                    ):
                        for j, (text, k) in enumerate(zip(chunk, keys, strict=True)):
                            copy.write_row((start + j, text, k))
                    spent += time.perf_counter() - t0
                conn.execute(f"VACUUM ANALYZE {table}")  # flush what is left in the pending list
                results[name] = {"insert_s": spent, "entries": entries}
                print(f"{name}: {entries:,} keys stored in {spent:.1f} s of inserts", flush=True)

            rng = random.Random(7)
            queries = rng.sample(range(len(texts)), min(args.queries, len(texts)))
            exact: dict[int, set[int]] = {}
            for q in queries:
                rows = conn.execute(
                    "SELECT id FROM t0 WHERE id <> %s AND similarity(lower(text), lower(%s)) >= %s",
                    [q, texts[q], THRESHOLD],
                ).fetchall()
                exact[q] = {r[0] for r in rows}
            pairs = sum(map(len, exact.values()))
            for i, name in enumerate(schemes):
                table = f"t{i}"
                found = candidates = 0
                times = []
                for q in queries:
                    (keys,) = conn.execute(f"SELECT keys FROM {table} WHERE id = %s", [q]).fetchone() or ([],)
                    t0 = time.perf_counter()
                    rows = conn.execute(
                        f"SELECT id, similarity(lower(text), lower(%s)) FROM {table} WHERE keys && %s AND id <> %s",
                        [texts[q], keys, q],
                    ).fetchall()
                    times.append(time.perf_counter() - t0)
                    candidates += len(rows)
                    found += len(exact[q] & {r[0] for r in rows if r[1] >= THRESHOLD})
                times.sort()
                print(
                    f"{name}: lookups found {found} of the {pairs} pairs at similarity >= {THRESHOLD} "
                    f"({found / max(pairs, 1):.0%}); {candidates / len(queries):,.0f} candidates a lookup; "
                    f"lookup p50 {statistics.median(times) * 1000:.1f} ms, "
                    f"p95 {times[int(0.95 * (len(times) - 1))] * 1000:.1f} ms",
                    flush=True,
                )
            desk, other = (results[n]["insert_s"] for n in schemes)
            print(f"insert time of the other banding's keys: {other / desk:.0%} of the desk's", flush=True)
    finally:
        with psycopg.connect(args.dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


if __name__ == "__main__":
    main()
