#!/usr/bin/env python3
"""The peer for the search benchmark: SQLite FTS5 (Python's sqlite3) on the same corpus and the
same queries, with FTS5's own tokenizer (unicode61, diacritics removed — no Dutch stemming).

Usage: fts5_peer.py CORPUS.jsonl QUERIES.tsv OUT_DB
       fts5_peer.py CORPUS.jsonl --build-only OUT_DB   (index build only, for bench/index_build.sh)
Prints one JSON object: build time, db size, query latencies (ms) like benches/search.rs.
Each query does what `rodedraad search` does for a page: the total count and the top 10 by
bm25 with a snippet, plus counts per year and per municipality (facets).
"""
import json, os, re, sqlite3, statistics, sys, time

corpus, queries, db_path = sys.argv[1:4]
if os.path.exists(db_path):
    os.remove(db_path)
t0 = time.perf_counter()
db = sqlite3.connect(db_path)
db.execute("PRAGMA journal_mode=OFF")
db.execute("PRAGMA synchronous=OFF")
db.execute("CREATE TABLE c(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, received TEXT, year INTEGER, municipality TEXT)")
db.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='unicode61 remove_diacritics 2')")
with open(corpus, encoding="utf-8") as fh:
    batch_c, batch_t = [], []
    for i, line in enumerate(fh, 1):
        r = json.loads(line)
        batch_c.append((i, r["id"], r["received"], int(r["received"][:4]), r["municipality"]))
        batch_t.append((i, r["text"]))
        if len(batch_c) == 10000:
            db.executemany("INSERT INTO c VALUES (?,?,?,?,?)", batch_c)
            db.executemany("INSERT INTO t(rowid, text) VALUES (?,?)", batch_t)
            batch_c, batch_t = [], []
    db.executemany("INSERT INTO c VALUES (?,?,?,?,?)", batch_c)
    db.executemany("INSERT INTO t(rowid, text) VALUES (?,?)", batch_t)
db.execute("CREATE INDEX c_m ON c(municipality)")
db.execute("CREATE INDEX c_y ON c(year)")
db.commit()
db.execute("INSERT INTO t(t) VALUES('optimize')")
db.commit()
build_s = time.perf_counter() - t0
size = os.path.getsize(db_path)


def to_fts(q: str) -> str:
    """tantivy syntax → FTS5 syntax: words and "phrases" stay, prefix* stays, -x → NOT x."""
    toks = re.findall(r'"[^"]*"|\S+', q)
    out, pending_not = [], False
    for tok in toks:
        if tok in ("AND", "OR", "NOT"):
            out.append(tok)
            continue
        neg = tok.startswith("-")
        tok = tok[1:] if neg else tok
        if not tok.startswith('"') and not tok.endswith("*"):
            tok = '"' + tok + '"'
        out.append(("NOT " if neg else "") + tok)
    return " ".join(out)


if queries == "--build-only":
    print(json.dumps({"engine": f"SQLite {sqlite3.sqlite_version} FTS5", "build_s": build_s, "size_bytes": size}))
    sys.exit(0)

rows = [l.rstrip("\n").split("\t") for l in open(queries, encoding="utf-8") if l.strip()]
def run(r):
    q, muni, year, frm, to = (r + ["", "", "", ""])[:5]
    where, args = ["t MATCH ?"], [to_fts(q)]
    if muni: where.append("c.municipality = ?"); args.append(muni)
    if year: where.append("c.year = ?"); args.append(int(year))
    if frm: where.append("c.received >= ?"); args.append(frm)
    if to: where.append("c.received <= ?"); args.append(to)
    w = " AND ".join(where)
    base = f"FROM t JOIN c ON c.rowid = t.rowid WHERE {w}"
    total = db.execute(f"SELECT count(*) {base}", args).fetchone()[0]
    db.execute(f"SELECT c.year, count(*) {base} GROUP BY c.year", args).fetchall()
    db.execute(f"SELECT c.municipality, count(*) {base} GROUP BY c.municipality", args).fetchall()
    # Top 10 by bm25 first, snippets only for those (snippet() in the sorted query would be
    # computed for every match before the LIMIT).
    top = [r for (r,) in db.execute(f"SELECT t.rowid {base} ORDER BY bm25(t) LIMIT 10", args)]
    if top:
        marks = ",".join("?" * len(top))
        db.execute(
            f"SELECT c.id, snippet(t, 0, '«', '»', '…', 24) FROM t JOIN c ON c.rowid = t.rowid "
            f"WHERE t MATCH ? AND t.rowid IN ({marks})", [args[0], *top]).fetchall()
    return total, bool(muni or year or frm)

for r in rows:
    run(r)  # warm-up
plain, filtered, hits = [], [], 0
for r in rows:
    ts = []
    for _ in range(3):
        s = time.perf_counter()
        total, is_f = run(r)
        ts.append((time.perf_counter() - s) * 1000)
        hits += total
    (filtered if is_f else plain).append(sorted(ts)[1])

def summ(v):
    v = sorted(v)
    p = lambda x: v[round((len(v) - 1) * x)]
    return {"n": len(v), "p50": p(0.5), "p95": p(0.95), "p99": p(0.99), "max": v[-1]}

print(json.dumps({
    "engine": f"SQLite {sqlite3.sqlite_version} FTS5",
    "docs": db.execute("SELECT count(*) FROM c").fetchone()[0],
    "build_s": build_s, "size_bytes": size, "queries": len(rows), "total_hits": hits // 3,
    "all": summ(plain + filtered), "unfiltered": summ(plain), "filtered": summ(filtered),
}))
