"""Summary of bench/nightly.sh: two nights side by side (time, memory, stages, work)."""
import json
import os
import re
import sys
from datetime import datetime

out = sys.argv[1]


def stages(log_path):
    """Seconds per stage from the plain log lines ("stage started" / "stage finished")."""
    started, secs = {}, {}
    pat = re.compile(r'^(\S+)\s+INFO\s+(stage started|stage finished)\s+stage="?([\w-]+)"?')
    for line in open(log_path, encoding="utf-8"):
        m = pat.match(line)
        if not m:
            continue
        t = datetime.fromisoformat(m.group(1).replace("Z", "+00:00"))
        if m.group(2) == "stage started":
            started[m.group(3)] = t
        elif m.group(3) in started:
            secs[m.group(3)] = secs.get(m.group(3), 0.0) + (t - started.pop(m.group(3))).total_seconds()
    return secs


nights = []
for name in ("night-1", "night-2"):
    manifest = json.load(open(open(os.path.join(out, name + ".manifest")).read().strip()))
    time = json.load(open(os.path.join(out, name + ".time")))
    nights.append({"name": name, "time": time, "stages": stages(os.path.join(out, name + ".log")),
                   "manifest": manifest})

work = [
    ("records parsed (ingest read)", lambda m: m["ingest"]["read"]),
    ("records stored", lambda m: m["ingest"]["stored"]),
    ("input files unchanged, skipped", lambda m: m["ingest"]["files_unchanged"]),
    ("texts embedded", lambda m: m["embed"]["embedded"]),
    ("vectors from cache", lambda m: m["embed"]["cached"]),
    ("complaints classified", lambda m: m["classify"]["classified"]),
    ("complaints considered by threads", lambda m: m["threads"]["complaints"] if m["threads"]["rebuilt"] else m["threads"]["considered"]),
    ("thread fields written to the index", lambda m: m["threads"]["index_updates"]),
    ("complaints in the index", lambda m: m["documents"]),
]
a, b = nights
print(f"{'':<38} {'night 1':>12} {'night 2':>12} {'ratio':>8}")
wa, wb = a["time"]["wall_s"], b["time"]["wall_s"]
print(f"{'wall time (s)':<38} {wa:>12.1f} {wb:>12.1f} {wb / wa:>8.1%}")
print(f"{'CPU time, user+sys (s)':<38} {a['time']['user_s'] + a['time']['sys_s']:>12.1f} "
      f"{b['time']['user_s'] + b['time']['sys_s']:>12.1f} "
      f"{(b['time']['user_s'] + b['time']['sys_s']) / (a['time']['user_s'] + a['time']['sys_s']):>8.1%}")
print(f"{'peak memory (MB)':<38} {a['time']['max_rss_kb'] / 1024:>12.0f} {b['time']['max_rss_kb'] / 1024:>12.0f}")
for st in sorted(set(a["stages"]) | set(b["stages"]), key=lambda s: -a["stages"].get(s, 0)):
    x, y = a["stages"].get(st, 0.0), b["stages"].get(st, 0.0)
    print(f"{'  stage ' + st + ' (s)':<38} {x:>12.1f} {y:>12.1f} {(y / x if x else 0):>8.1%}")
for label, f in work:
    x, y = f(a["manifest"]), f(b["manifest"])
    ratio = f"{y / x:.1%}" if x else "-"
    print(f"{label:<38} {x:>12,} {y:>12,} {ratio:>8}")
json.dump({"nights": nights}, open(os.path.join(out, "summary.json"), "w"), indent=1, default=str)
