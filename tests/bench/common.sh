# shellcheck shell=bash
#
# common.sh
#
# What run.sh and profile.sh share: the build, the fixed environment, starting and stopping
# the server, and the cleanup of everything started. Sourced, not run.
#
# SPDX-License-Identifier: Apache-2.0
#
# Set before sourcing: bench_tools (extra commands needed). Sets: here, root, build, tools,
# server, server_plugins, benchtool, tmp, bench_env, server_flags; defines say, die,
# start_command, start_server, stop_process.

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BENCH_BUILD_DIR:-$root/build-bench}
started_at=$(date +%s)

say() { printf '[bench %3ss] %s\n' "$(($(date +%s) - started_at))" "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# shellcheck disable=SC2154 # bench_tools is set by the sourcing script
for tool in cmake c++ curl ${bench_tools[@]+"${bench_tools[@]}"}; do
    command -v "$tool" >/dev/null || die "$tool not found: run .ci/install-deps --bench (as root)"
done

# 10,000 clients need 10,000 sockets in the client and in the server, plus files and pipes:
# raise the soft open-file limit to the hard one (the servers started here inherit it).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 12000 ] ||
    die "the open-file limit is $(ulimit -n); 10,000 clients need 12,000 (raise the hard limit, ulimit -Hn)"

# --- Processes and files: everything started here is stopped on exit ----------------
tmp=$(mktemp -d /tmp/labmock-bench.XXXXXX)
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Build: the server (Release) and the harness's helpers --------------------------
if [ ! -f "$build/CMakeCache.txt" ]; then
    say "configuring a Release build in $build"
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLABMOCK_BUILD_TESTS=OFF >"$tmp/configure.log" ||
        { cat "$tmp/configure.log" >&2; die "configure failed"; }
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
[ "$build_type" = "Release" ] || die "$build is a '$build_type' build; the benchmark needs Release"
say "building $build (Release)"
cmake --build "$build" -j2 >"$tmp/build.log" || { tail -30 "$tmp/build.log" >&2; die "build failed"; }
tools=$build/bench-tools
if [ ! -f "$tools/CMakeCache.txt" ]; then
    cmake -S "$here/tools" -B "$tools" -DCMAKE_BUILD_TYPE=Release \
        -DLABMOCK_SOURCE_DIR="$root" -DLABMOCK_BINARY_DIR="$build" >"$tmp/tools-configure.log" ||
        { cat "$tmp/tools-configure.log" >&2; die "configuring the helpers failed"; }
fi
say "building the helpers and 50 generated plugins"
cmake --build "$tools" -j2 >"$tmp/tools-build.log" || { tail -30 "$tmp/tools-build.log" >&2; die "helpers failed"; }
# The binary measured: this tree's Release build, or another one (BENCH_SERVER, e.g. a
# branch's build; its plugins are taken from plugins/ next to it unless BENCH_SERVER_PLUGINS).
server=${BENCH_SERVER:-$build/lab-mock-server}
server_plugins=${BENCH_SERVER_PLUGINS:-$(dirname "$server")/plugins}
[ -x "$server" ] || die "no server binary at $server"
[ -d "$server_plugins" ] || die "no plugin directory at $server_plugins (set BENCH_SERVER_PLUGINS)"
benchtool=$tools/benchtool

# --- A fixed environment: the original page's variables, plausible values -----------
bench_env=(
    PATH=/usr/bin:/bin
    POSTGRES_USER=lab POSTGRES_PASSWORD=lab-db-password-0001 POSTGRES_HOST=postgres.lab.svc.cluster.local
    POSTGRES_PORT=5432 POSTGRES_DB=lab
    REDIS_HOST=redis.lab.svc.cluster.local REDIS_PORT=6379
    CSRF_SECRET=3f9c1e7a5b2d4c6e8f0a1b2c3d4e5f60
    S3_ENDPOINT=https://s3.lab.example S3_BUCKET=lab-artifacts
    S3_ACCESS_KEY_ID=AKIALABEXAMPLE0001 S3_SECRET_ACCESS_KEY=lab-s3-secret-key-0001
)
# The server is measured as shipped: its default configuration, access log on (to stderr,
# which start_command sends to a file). A figure taken with anything else says so.
server_flags=(--address=127.0.0.1 --port=0)

# start_command NAME COMMAND [ARGS...]: starts COMMAND with the fixed environment (plus
# extra_env, under server_launcher if set), its stderr in $tmp/NAME.log; sets server_pid and
# server_port once it has logged "listening on 127.0.0.1:PORT".
# start_server NAME [ARGS...]: the same for lab-mock-server with server_flags.
extra_env=()
server_launcher=()
start_command() {
    local name=$1
    shift
    local log=$tmp/$name.log
    : >"$log"
    env -i "${bench_env[@]}" ${extra_env[@]+"${extra_env[@]}"} ${server_launcher[@]+"${server_launcher[@]}"} \
        "$@" 2>>"$log" >/dev/null &
    server_pid=$!
    pids+=("$server_pid")
    local line
    line=$("$benchtool" wait-log "$log" "listening on 127.0.0.1:" "$server_pid" 60) ||
        { cat "$log" >&2; die "$name did not start"; }
    server_port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' <<<"$line")
    [ -n "$server_port" ] || die "no port in: $line"
}
start_server() {
    local name=$1
    shift
    start_command "$name" "$server" "${server_flags[@]}" "$@"
}

stop_process() {
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

