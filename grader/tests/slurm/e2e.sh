#!/usr/bin/env bash
# `grader batch --slurm` on a real Slurm: a single-node cluster brought up
# on this machine (Debian's slurm-wlm and munge, installed when run as root
# and missing), its daemons started here and stopped on every way out.
#
# A roster of 4 corpus cases (exercise 01) is graded locally by `grader
# batch`, then through sbatch, in three calls of the same command:
#   1. --no-wait submits one array, throttled to one task at a time; its
#      last task is cancelled while it waits;
#   2. the same command takes up the job still queued (no second array),
#      merges the gradebook as tasks finish, and names the cancelled task;
#   3. the same command submits only the cancelled task's shard, and no
#      finished student is graded again.
# The merged gradebook must be the local one, row by row, and each local
# verdict the corpus case's own.
#
#   e2e.sh GRADER SCRATCH        exit 77 (skipped) only when Slurm cannot be installed
set -euo pipefail
grader=$1
scratch=$2
skip=77
here=$(cd "$(dirname "$0")" && pwd)
assert() { python3 "$here/../assertions.py" "$@"; }  # the checks, one function each
source "$here/../batch/corpus_roster.sh"

# --- Slurm and munge -------------------------------------------------------
programs=(sbatch squeue sinfo scancel slurmctld slurmd munged munge)
missing() { for p in "${programs[@]}"; do command -v "$p" >/dev/null || echo "$p"; done; }
if [ -n "$(missing)" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "SKIP: $(missing | tr '\n' ' ')not installed, and only root can install them (.ci/deps does)"
    exit $skip
  fi
  echo "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; } ||
    { echo "SKIP: apt-get could not install slurm-wlm and munge"; exit $skip; }
fi
# slurmd starts every task as its user: only root can run it.
[ "$(id -u)" = 0 ] || { echo "SKIP: slurmd must run as root to start jobs"; exit $skip; }

rm -rf "$scratch"
state=$scratch/slurm-state
mkdir -p "$state/slurmd"
conf=$state/slurm.conf
export SLURM_CONF=$conf  # for sbatch, squeue, sinfo, scancel; the daemons take -f

munged_pid= ctld_pid= slurmd_pid=
stop_cluster() {
  # Our private controller's jobs are all this test's: none may outlive it.
  if [ -n "$ctld_pid" ]; then
    scancel --full $(squeue -h -o %A 2>/dev/null | sort -u) 2>/dev/null || true
    for _ in $(seq 1 50); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
  fi
  for pid in $slurmd_pid $ctld_pid $munged_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in $slurmd_pid $ctld_pid; do wait "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    kill -0 $slurmd_pid $ctld_pid $munged_pid 2>/dev/null || break
    sleep 0.1
  done
}
fail() {
  echo "FAIL: $*"
  for log in "$scratch"/*.log "$state"/*.log "$scratch"/slurm-out/slurm/task-*.log; do
    [ -f "$log" ] && { echo "--- $log"; tail -n 40 "$log"; }
  done
  exit 1
}
trap stop_cluster EXIT
trap 'exit 143' TERM INT  # through the EXIT trap

SECONDS=0
if ! munge -n >/dev/null 2>&1; then
  mkdir -p /run/munge
  chown munge:munge /run/munge
  su -s /bin/sh munge -c munged
  for _ in $(seq 1 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
  munged_pid=$(cat /run/munge/munged.pid)
fi
munge -n >/dev/null || fail "munged does not answer"

host=$(hostname -s)
# The node as slurmd sees this machine (CPUs, sockets, cores, memory), so
# that the controller never drains it for a mismatch. Ports of our own,
# away from any Slurm this machine already runs.
node=$(slurmd -C | head -n 1)
cat >"$conf" <<EOF
ClusterName=course-e2e
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
MailProg=/bin/true
ReturnToService=2
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=grading Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
# The daemons die with this script even when it is killed outright (a
# ctest timeout), which no trap sees.
setpriv --pdeathsig TERM -- slurmctld -D -f "$conf" >"$state/slurmctld.out" 2>&1 &
ctld_pid=$!
setpriv --pdeathsig TERM -- slurmd -D -f "$conf" >"$state/slurmd.out" 2>&1 &
slurmd_pid=$!
for _ in $(seq 1 150); do [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break; sleep 0.2; done
[ "$(sinfo -h -o %T 2>/dev/null)" = idle ] || fail "the node is not idle after 30 s: $(sinfo 2>&1)"
echo "single-node Slurm up in ${SECONDS} s: $(sinfo -h -o '%P %D %c %T')"

# --- the class -------------------------------------------------------------
ex=01_concurrent_tasks
roster=$scratch/roster
declare -A case_of=([a-reference]=reference [b-stub]=stub [c-compile-error]=compile_error
                    [d-exit-in-task]=exit_in_task)
for student in "${!case_of[@]}"; do add_corpus_student "$roster" "$student" $ex "${case_of[$student]}"; done

SECONDS=0
status=0
"$grader" batch --roster "$roster" --out "$scratch/local-out" --exercise 01 --stress 0 >"$scratch/local.log" 2>&1 ||
  status=$?
[ "$status" = 0 ] || fail "the local batch exited with status $status"
local_seconds=$SECONDS

out=$scratch/slurm-out
slurm=("$grader" batch --slurm --roster "$roster" --out "$out" --exercise 01 --stress 0 --partition grading
       --time 15 --throttle 1)
SECONDS=0

# 1. Submitted without waiting; the last task cancelled before it can run
#    (one task at a time, and three ahead of it).
"${slurm[@]}" --no-wait >"$scratch/call1.log" 2>&1 || fail "the --no-wait call exited with status $?"
job=$(assert json-field "$out/slurm/job.json" job)
grep -q -- "--array=0-3%1 --exclusive" "$scratch/call1.log" || fail "call 1 did not submit one throttled array of 4"
scancel "${job}_3"

# 2. The same command follows the queued job instead of submitting another.
status=0
"${slurm[@]}" >"$scratch/call2.log" 2>&1 || status=$?
[ "$status" = 1 ] || fail "call 2 exited with status $status, not 1 (a student left ungraded)"
grep -q "job $job of the last call is still in the queue" "$scratch/call2.log" || fail "call 2 did not follow job $job"
! grep -q "^slurm: sbatch" "$scratch/call2.log" || fail "call 2 submitted while job $job was queued"
grep -q "task 3 (.*): d-exit-in-task; it never started" "$scratch/call2.log" || fail "call 2 did not name the cancelled task"
[ ! -e "$out/results/d-exit-in-task.json" ] || fail "the cancelled task's student has a result"
stat -c '%n %i %Y' "$out"/results/*.json >"$scratch/finished_before"
[ "$(wc -l <"$scratch/finished_before")" = 3 ] || fail "3 students should be finished after job $job"

# 3. The same command submits the cancelled shard alone, and waits for it.
status=0
"${slurm[@]}" >"$scratch/call3.log" 2>&1 || status=$?
[ "$status" = 0 ] || fail "call 3 exited with status $status"
grep -q -- "--array=3%1 --exclusive" "$scratch/call3.log" || fail "call 3 did not submit task 3 alone"
stat -c '%n %i %Y' $(cut -d' ' -f1 "$scratch/finished_before") | diff "$scratch/finished_before" - ||
  fail "a student finished by job $job was graded again"
slurm_seconds=$SECONDS

assert same-gradebooks "$scratch/local-out" "$out" "$corpus_root/grader/tests/corpus/$ex" \
  "$(for s in "${!case_of[@]}"; do echo "$s=${case_of[$s]}"; done)" || fail "the Slurm gradebook is not the local one"
for task in 0 1 2; do [ -s "$out/slurm/task-${job}_$task.log" ] || fail "no log of task $task"; done
grep -q -- '--shard "$SLURM_ARRAY_TASK_ID/4"' "$out/slurm/grade.sbatch" || fail "the job script does not shard by task"

echo "sbatch lines run:"
grep -h "^slurm: sbatch" "$scratch"/call*.log | sed 's/^slurm: /  /'
echo "local batch ${local_seconds} s; through Slurm (3 calls, 2 arrays, one task cancelled) ${slurm_seconds} s"
rm -rf "$roster" "$scratch/local-out/work" "$out/work"
