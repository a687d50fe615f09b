#!/bin/bash
# CI's conformance guard: runs the targets listed in passing.txt (or those named) under machinist
# alone and compares each case's exit code and PLAY RECAP with Ansible's recorded run
# (expected/<target>.json, written by run.sh with RECORD=1); no Ansible needed. Run from the project
# root, as root, on a disposable machine (the targets create users and files).
#   test/conformance/ci.sh [TARGET...]
# Prints one line per target and `N/M identical`; exits 0 only when all M are identical.
# Env: MACHINIST, WORK, CASE_TIMEOUT as run.sh.
set -u
. "$(dirname "$0")/lib.sh"
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"; RESULTS=$WORK/ci.tsv; : > "$RESULTS"
echo "scratch directory (logs): $WORK"
if [ $# -gt 0 ]; then TARGETS="$*"; else TARGETS=$(grep -v '^\s*\(#\|$\)' "$HERE/passing.txt"); fi

for t in $TARGETS; do
  if [ ! -d "$HERE/targets/$t" ]; then printf '%s\tdiff\tno such target\n' "$t" >> "$RESULTS"
  else lock_machine; cleanup_leftovers; run_tool machinist "$t"; cleanup_leftovers; unlock_machine; python3 "$HERE/ci_compare.py" "$WORK" "$t" >> "$RESULTS"; fi
  tail -n 1 "$RESULTS" | awk -F'\t' '{ printf "%-28s %-5s %s\n", $1, $2, $3 }'
done
m=$(wc -l < "$RESULTS"); n=$(awk -F'\t' '$2 == "same"' "$RESULTS" | wc -l)
echo "$n/$m identical"
[ "$n" -eq "$m" ]
