#!/usr/bin/env python3
"""Records Ansible's run of one target (run.sh with RECORD=1) as expected/<target>.json: per case
its arguments, exit code and PLAY RECAP, for ci.sh to compare machinist against without Ansible.
Only a run that Ansible completes (every case exits as targets/<t>/cases expects) is recorded."""
import json, os, subprocess, sys
from recap import cases, recap, EXPECTED

work, t = sys.argv[1], sys.argv[2]
A = cases(work, "ansible", t)
if not A or any(c["rc"] != c["exp"] for c in A):
    print(f"record: {t}: not recorded (Ansible did not complete it)", file=sys.stderr); sys.exit(0)
try:
    version = subprocess.run(["ansible-playbook", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
except (OSError, IndexError):
    version = "unknown"
os.makedirs(EXPECTED, exist_ok=True)
data = {"target": t, "ansible": version, "cases": [dict(args=c["args"], rc=c["rc"], recap=recap(c["log"])) for c in A]}
with open(os.path.join(EXPECTED, t + ".json"), "w") as f:
    json.dump(data, f, indent=2); f.write("\n")
