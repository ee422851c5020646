# shellcheck shell=bash
# PostgreSQL and Azurite for ./dev up and ./dev test. Sourced after scripts/lib.sh and setup.sh.

# The well-known Azurite (development storage) account; public by design.
AZURITE_ACCOUNT=devstoreaccount1
AZURITE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

# Creates a cluster in $1 once: trust auth, TCP on 127.0.0.1 only, no unix socket (a socket path
# inside a deep work tree can exceed the 107-byte limit, and no other cluster's socket can clash).
# $2 = "fast" for throwaway test clusters (no fsync: data loss on a crash does not matter there).
pg_init() {
  local dir=$1 mode=${2:-}
  [ -f "$dir/PG_VERSION" ] && return 0
  pg_owned_dir "$dir"
  as_pg "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = ''"
    if [ "$mode" = fast ]; then
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    fi
  } >>"$dir/postgresql.conf"
}

# Starts the cluster in $1 on port $2, logging to $3; waits until it accepts connections.
pg_start() {
  local dir=$1 port=$2 logfile=$3
  pg_owned_file "$logfile"
  as_pg "$PG_BIN/pg_ctl" -D "$dir" -l "$logfile" -o "-p $port" -w -t 60 start >/dev/null ||
    { tail -n 20 "$logfile" >&2; die "PostgreSQL did not start (log: $logfile)"; }
}

pg_running() {
  as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1
}

# Port of the running cluster in $1 (4th line of postmaster.pid).
pg_running_port() {
  sed -n 4p "$1/postmaster.pid" 2>/dev/null
}

pg_stop() {
  local dir=$1
  [ -n "$dir" ] || return 0
  if pg_running "$dir"; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
  fi
}

# Runs SQL as the postgres superuser over TCP (client tools run as anyone).
pg_sql() {
  local port=$1 db=$2 sql=$3
  "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d "$db" -v ON_ERROR_STOP=1 -qAt -c "$sql"
}

pg_ensure_database() {
  local port=$1 db=$2
  if [ -z "$(pg_sql "$port" postgres "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
    log "created database $db"
  fi
}

# Launches Azurite with its data in $1 on ports $2 $3 $4 (blob queue table), logging to $5, and
# returns at once (it takes seconds to load: start PostgreSQL meanwhile, then azurite_wait).
# Sets AZURITE_PID and AZURITE_PORTS.
azurite_launch() {
  local dir=$1 blob=$2 queue=$3 table=$4 logfile=$5
  mkdir -p "$dir"
  AZURITE_LOG=$logfile
  AZURITE_PORTS="$blob $queue $table"
  start_detached AZURITE_PID "$logfile" "$REPO_ROOT/.tools/node_modules/.bin/azurite" --silent \
    --location "$dir" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$blob" --queuePort "$queue" --tablePort "$table" \
    --skipApiVersionCheck --loose --disableTelemetry
}

azurite_wait() {
  local port
  for port in $AZURITE_PORTS; do
    wait_for_port "$AZURITE_PID" "$port" azurite "$AZURITE_LOG"
  done
}

# Connection string to Azurite with explicit endpoints (works for any ports).
azurite_connection_string() {
  local blob=$1 queue=$2 table=$3 h=http://127.0.0.1
  printf 'DefaultEndpointsProtocol=http;AccountName=%s;AccountKey=%s;BlobEndpoint=%s:%s/%s;QueueEndpoint=%s:%s/%s;TableEndpoint=%s:%s/%s;' \
    "$AZURITE_ACCOUNT" "$AZURITE_KEY" "$h" "$blob" "$AZURITE_ACCOUNT" "$h" "$queue" "$AZURITE_ACCOUNT" "$h" "$table" "$AZURITE_ACCOUNT"
}
