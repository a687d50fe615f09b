#!/usr/bin/env python3
"""Compares one target's machinist run (ci.sh) with Ansible's recorded run (expected/<target>.json):
same number of cases, and per case the same exit code and the same PLAY RECAP. Prints a TSV row
target, same|diff, the first difference."""
import sys
from recap import cases, recap, recorded

work, t = sys.argv[1], sys.argv[2]
rec = recorded(t); M = cases(work, "machinist", t)
why = ""
if rec is None:
    why = "no recorded Ansible run (expected/%s.json)" % t
elif len(M) != len(rec["cases"]):
    why = f"{len(M)} cases run, {len(rec['cases'])} recorded"
else:
    for i, (r, m) in enumerate(zip(rec["cases"], M)):
        if r["args"] != m["args"]:
            why = f"case{i+1}: arguments differ from the recording ({m['args']!r} vs {r['args']!r})"; break
        if m["rc"] != r["rc"]:
            why = f"case{i+1} ({m['args']}): exit code {m['rc']}, Ansible {r['rc']}"; break
        if not r["recap"] or recap(m["log"]) != r["recap"]:
            why = f"case{i+1} ({m['args']}): recap {recap(m['log'])}, Ansible {r['recap']}"; break
print("\t".join([t, "diff" if why else "same", why.replace("\t", " ").replace("\n", " ")[:400]]))
