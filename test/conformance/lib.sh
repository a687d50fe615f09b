#!/bin/bash
# Shared by run.sh (both tools) and ci.sh (machinist alone): the environment both tools run in,
# running one target's cases under one tool, and removing what a cut-short target leaves behind.
# Paths are found relative to this file (HERE) and the current directory (the project root).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MACHINIST=${MACHINIST:-node $(pwd)/bin/machinist.js}
CASE_TIMEOUT=${CASE_TIMEOUT:-900}
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_DEPRECATION_WARNINGS=0
export ANSIBLE_ROLES_PATH="$HERE/common/roles" LANG=C.UTF-8 LC_ALL=C.UTF-8
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ beside recap.py

# Each targets/<t>/cases line is  EXPECTED_RC|ENV ASSIGNMENTS|ansible-playbook arguments
# (run in a fresh copy of targets/<t>; -i common/inventory is added when the line has no -i;
# -v and -e peer_scratch=<fresh dir> are always added).
run_tool() { # tool target -> writes $WORK/<tool>/<target>/case<N>.{log,rc,expected,args}
  local tool=$1 t=$2 base="$WORK/$1/$2" n=0 line erc envs args inv cmd
  rm -rf "$base"; mkdir -p "$base"; cp -a "$HERE/targets/$t" "$base/src"
  [ -f "$base/src/harness-setup.sh" ] && (cd "$base/src" && bash harness-setup.sh)  # what upstream's runme.sh prepares
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue;; esac
    n=$((n+1)); erc=${line%%|*}; line=${line#*|}; envs=${line%%|*}; args=${line#*|}
    local scratch="$base/scratch$n"; mkdir -p "$scratch/output_dir"
    case " $args " in *" -i "*) inv="";; *) inv="-i $HERE/common/inventory";; esac
    if [ "$tool" = ansible ]; then cmd="ansible-playbook"; else cmd="$MACHINIST play"; fi
    # OUTPUT_DIR: as ansible-test sets it (template and filter_core read it with lookup('env', ...))
    ( cd "$base/src" && eval "env OUTPUT_DIR=$scratch/output_dir $envs timeout -k 10 $CASE_TIMEOUT $cmd $inv -v -e peer_scratch=$scratch $args" ) \
      > "$base/case$n.log" 2>&1 < /dev/null
    echo $? > "$base/case$n.rc"; echo "$erc" > "$base/case$n.expected"; echo "$args" > "$base/case$n.args"
  done < "$HERE/targets/$t/cases"
}

# What the targets leave behind (upstream's own leftovers, such as the file target's user test2 or the
# user target's umask home directories, and what a cut-short run leaves): the names are test-only.
# Run before and after each tool, so that every run starts from the same machine state.
TEST_USERS="tmp_ansible_test_user ansibletest0 ansibulluser ansibulluser2 ansibulluser3 local_ansibulluser
  randomuser macosuser test1 test2 test_uid umaskuser_test_1 umaskuser_test_2 umaskuser_test_3"
TEST_GROUPS="ansibullgroup ansibullgroup2 ansibullgroup3 group1_test group1_local_test testgroup1 testgroup2
  testgroup3 testgroup4 testgroup5 test_gid nonexistent1"
cleanup_leftovers() {
  rm -f /etc/sudoers.d/tmp_ansible_test_user /tmp/ansible-test-abs-link; rm -rf /tmp/ansible-test-abs-link-dir
  local u g
  for u in $TEST_USERS; do
    getent passwd "$u" >/dev/null && { userdel -r "$u" >/dev/null 2>&1 || userdel -f "$u" >/dev/null 2>&1; }
    rm -rf "/home/$u" "/var/mail/$u"
  done
  for g in $TEST_USERS $TEST_GROUPS; do getent group "$g" >/dev/null && groupdel "$g" >/dev/null 2>&1; done
  rm -rf /home/ansibulluser-mod
}

# The targets share the machine's state (test users, /home, files under /tmp): one target at a time on a
# machine, whoever runs it. run.sh and ci.sh hold this lock around each target (both tools), so that
# several runs at once take turns instead of deleting each other's test users.
CONFORMANCE_LOCK=${CONFORMANCE_LOCK:-/tmp/machinist-conformance.lock}
lock_machine() { exec 9>>"$CONFORMANCE_LOCK"; flock 9; }
unlock_machine() { flock -u 9; exec 9>&-; }

all_targets() { (cd "$HERE/targets" && ls -d */ | tr -d /); }
