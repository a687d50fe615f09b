"""Reading a harness run: one target's cases under one tool (log, exit code, expected exit code,
arguments), the PLAY RECAP of a log, the failed host results of a log, and the recorded Ansible
recaps (expected/<target>.json). Shared by compare.py, record.py and ci_compare.py."""
import json, os, re

def cases(work, tool, t):
    d = os.path.join(work, tool, t); out = []
    n = 1
    while os.path.exists(os.path.join(d, f"case{n}.log")):
        rd = lambda s: open(os.path.join(d, f"case{n}.{s}"), errors="replace").read()
        out.append(dict(log=rd("log"), rc=int(rd("rc").strip() or 999), exp=int(rd("expected").strip() or 0), args=rd("args").strip()))
        n += 1
    return out

RECAP = re.compile(r"^(\S+)\s+:\s+(ok=\d+\s+changed=\d+\s+unreachable=\d+\s+failed=\d+\s+skipped=\d+\s+rescued=\d+\s+ignored=\d+)")
def recap(log):
    """The last PLAY RECAP of a log: sorted 'host ok=.. changed=.. ...' lines ([] when there is none)."""
    lines = log.splitlines(); res = []
    for i, l in enumerate(lines):
        if l.startswith("PLAY RECAP"):
            res = []
            for l2 in lines[i+1:]:
                m = RECAP.match(l2)
                if m: res.append(m.group(1) + " " + " ".join(m.group(2).split()))
    return sorted(res)

def failures(log):
    """(task, message) for every failed, not-ignored host result, in order; plus ERROR lines."""
    out = []; task = None; lines = log.splitlines()
    for i, l in enumerate(lines):
        if l.startswith("TASK [") or l.startswith("RUNNING HANDLER ["):
            task = l.split("[", 1)[1].rsplit("]", 1)[0]
        elif re.match(r"^(fatal|failed): \[", l) or l.startswith("ERROR") or l.startswith("Error") or "UNREACHABLE!" in l[:60]:
            nxt = lines[i+1:i+40]; ignored = False
            for l2 in nxt:
                if l2.startswith("...ignoring"): ignored = True; break
                if l2.startswith("TASK [") or l2.startswith("PLAY") or re.match(r"^(ok|changed|fatal|failed|skipping): \[", l2): break
            if not ignored:
                msg = l
                m = re.search(r'"msg": "((?:[^"\\]|\\.)*)"', "\n".join([l] + nxt[:30]))
                if m: msg = m.group(1)
                elif l.startswith("ERROR") or l.startswith("Error"): msg = " ".join(x.strip() for x in [l] + nxt[:3])
                out.append((task or "-", msg))
    return out

EXPECTED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected")
def recorded(t):
    """The recorded Ansible run of target t ({complete, cases: [{args, rc, recap}]}), or None."""
    p = os.path.join(EXPECTED, t + ".json")
    return json.load(open(p)) if os.path.exists(p) else None
