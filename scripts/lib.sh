# shellcheck shell=bash
# Shared helpers for ./dev: logging, privileges, ports, phase timings, process cleanup.
# Sourced by ./dev (which sets REPO_ROOT and `set -euo pipefail`).

log() { printf '[dev] %s\n' "$*" >&2; }
die() { printf '[dev] error: %s\n' "$*" >&2; exit 1; }

# Prints its arguments separated by ", ".
join_list() {
  local out="" x
  for x in "$@"; do out+="${out:+, }$x"; done
  echo "$out"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if is_root; then "$@"; else sudo "$@"; fi
}

# PostgreSQL's server binaries refuse to run as root: run them as the postgres user then.
# A non-root developer runs them as themselves.
as_pg() {
  # From / so that the postgres user never needs to read our working directory.
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Makes a directory owned by whoever runs the PostgreSQL binaries (see as_pg).
pg_owned_dir() {
  if is_root; then install -d -o postgres -g postgres -m "${2:-700}" "$1"; else install -d -m "${2:-700}" "$1"; fi
}

# Makes an (empty) file the PostgreSQL binaries can append to.
pg_owned_file() {
  [ -e "$1" ] || : >"$1"
  if is_root; then chown postgres:postgres "$1"; fi
}

# ---- phase timings ---------------------------------------------------------
PHASES=()
_phase_name=""
_phase_start=""
phase() {
  phase_end
  _phase_name="$1"
  _phase_start=$EPOCHREALTIME
  log "── $1"
}
phase_end() {
  if [ -n "$_phase_name" ]; then
    PHASES+=("$(awk -v a="$_phase_start" -v b="$EPOCHREALTIME" -v n="$_phase_name" 'BEGIN { printf "%s %.1fs", n, b - a }')")
    _phase_name=""
  fi
}
print_timings() {
  phase_end
  [ ${#PHASES[@]} -eq 0 ] || log "timings: $(join_list "${PHASES[@]}")"
}

# ---- ports -----------------------------------------------------------------
# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints N distinct ports that are free right now on 127.0.0.1 (the kernel picks them).
# Node is used because it is always there (python3 is not on a bare machine).
free_ports() {
  node -e '
    const net = require("net");
    const n = Number(process.argv[1]);
    const servers = [];
    const next = () => {
      if (servers.length === n) {
        console.log(servers.map(s => s.address().port).join(" "));
        servers.forEach(s => s.close());
        return;
      }
      const s = net.createServer();
      s.listen(0, "127.0.0.1", () => { servers.push(s); next(); });
    };
    next();' "$1"
}

# Waits until 127.0.0.1:$2 accepts connections, while process $1 is alive ($3 = name, $4 = log file).
wait_for_port() {
  local pid=$1 port=$2 name=$3 logfile=$4 i
  for ((i = 0; i < 300; i++)); do
    port_in_use "$port" && return 0
    if ! alive "$pid"; then
      tail -n 20 "$logfile" >&2 || true
      die "$name exited before listening on port $port (log: $logfile)"
    fi
    sleep 0.1
  done
  tail -n 20 "$logfile" >&2 || true
  die "$name did not listen on port $port within 30 s (log: $logfile)"
}

# ---- processes we started --------------------------------------------------
# True while process $1 runs (a zombie, exited but not yet reaped, counts as gone).
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# Starts a command in the background in its own session, so a terminal Ctrl-C reaches only
# ./dev, which then stops everything in order. Stores its PID in the variable named $1;
# output goes to the file $2, or to our own output when $2 is "-".
start_detached() {
  local __var=$1 logfile=$2
  shift 2
  if [ "$logfile" = - ]; then
    setsid "$@" </dev/null &
  else
    setsid "$@" >>"$logfile" 2>&1 </dev/null &
  fi
  printf -v "$__var" '%s' "$!"
}

# Stops a process we started (and anything left in its process group): SIGTERM, up to $3
# seconds of grace, then SIGKILL. Never touches processes we did not start.
stop_pid() {
  local pid=$1 name=$2 grace=${3:-10} i
  [ -n "$pid" ] || return 0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then
      log "$name did not stop within ${grace}s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  # Children it left behind (tool processes) share its process group: setsid made pid the leader.
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
