# A single-node Slurm on localhost for tests and measurements, from Debian's
# packages (slurmctld slurmd slurm-client munge). Source this file, then:
#   local_slurm_start DIR   # DIR: an empty directory user munge can reach; exports SLURM_CONF
#   local_slurm_stop        # stops only the daemons local_slurm_start started
# Needs root: slurmd runs jobs as their user, and munged must run as `munge`.
# munged gets its own key, socket and pid file in DIR, and the daemons their
# own ports, so a Slurm or munge already on the machine is left alone.

local_slurm_dir=""

# Why a local Slurm cannot start here, or nothing when it can.
local_slurm_unavailable() {
  [ "$(id -u)" -eq 0 ] || { echo "needs root (slurmd and munged)"; return; }
  id munge >/dev/null 2>&1 || { echo "no 'munge' user: apt-get install munge"; return; }
  local program
  for program in munged mungekey slurmctld slurmd sbatch sinfo scontrol; do
    PATH="$PATH:/usr/sbin:/sbin" command -v "$program" >/dev/null ||
      { echo "$program not found: apt-get install slurmctld slurmd slurm-client munge"; return; }
  done
}

# Waits up to $2 seconds for the command $1 to succeed.
local_slurm_wait_for() {
  local deadline=$((SECONDS + $2))
  until eval "$1" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

local_slurm_start() {
  local dir=$1 host cpus port
  local_slurm_dir=$dir
  export PATH="$PATH:/usr/sbin:/sbin"
  chmod 755 "$dir"
  # munged refuses a socket directory others cannot traverse and a key
  # anyone but munge can read.
  mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
  chmod 711 "$dir/munge"
  mungekey -c -k "$dir/munge/munge.key" >/dev/null
  chown -R munge:munge "$dir/munge"
  chmod 400 "$dir/munge/munge.key"
  su -s /bin/sh munge -c "munged --key-file=$dir/munge/munge.key \
      --socket=$dir/munge/munge.socket --pid-file=$dir/munge/munged.pid \
      --log-file=$dir/munge/munged.log --seed-file=$dir/munge/munged.seed" ||
    { echo "munged did not start"; return 1; }
  local_slurm_wait_for "[ -S $dir/munge/munge.socket ]" 10 || { echo "no munge socket"; return 1; }

  host=$(hostname -s 2>/dev/null || hostname)
  cpus=$(nproc)
  port=$((20000 + $$ % 20000))  # away from 6817/6818 and another run's ports
  cat >"$dir/slurm.conf" <<CONF
ClusterName=edgetune-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$dir/slurm.conf
  slurmctld -i || { echo "slurmctld did not start"; return 1; }
  slurmd || { echo "slurmd did not start"; return 1; }
  local_slurm_wait_for "sinfo -h -o %t | grep -qx idle" 30 ||
    { echo "the node did not come up idle: $(sinfo 2>&1 | tail -1)"; return 1; }
}

local_slurm_stop() {
  [ -n "$local_slurm_dir" ] || return 0
  local pidfile pid
  for pidfile in "$local_slurm_dir/slurmd.pid" "$local_slurm_dir/slurmctld.pid" \
                 "$local_slurm_dir/munge/munged.pid"; do
    [ -s "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null
    local_slurm_wait_for "! kill -0 $pid" 10 || kill -9 "$pid" 2>/dev/null
  done
  local_slurm_dir=""
}

# The state of job $1 (COMPLETED, FAILED, PENDING, ...); for an array, of
# its first task still known.
local_slurm_job_state() {
  scontrol show job "$1" -o 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2
}
