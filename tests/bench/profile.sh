#!/usr/bin/env bash
#
# profile.sh
#
# Where the time of one request goes: runs the Release server under callgrind, sends a
# fixed number of keep-alive requests for one path, and prints the functions with the
# highest inclusive instruction counts. Instruction counts do not depend on what else the
# machine is doing, so two profiles of the same build compare reliably.
#
# SPDX-License-Identifier: Apache-2.0
#
# Usage: bash tests/bench/profile.sh [PATH ...]   (default: / /healthz; 2000 requests each,
# BENCH_PROFILE_REQUESTS to change; BENCH_PROFILE_TOP lines, default 10)
# Only the connection threads are counted (--toggle-collect on HTTPServerConnection::run):
# parsing, routing, the handler and writing the response; not the accept loop or start-up.

set -euo pipefail

bench_tools=(valgrind callgrind_annotate strace)
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
requests=${BENCH_PROFILE_REQUESTS:-2000}
top=${BENCH_PROFILE_TOP:-10}
results=${BENCH_PROFILE_RESULTS:-$here/results/profile.md}
[ "$#" -gt 0 ] || set -- / /healthz

# Shorter names: std::string for its expansion, the library's file name for its path.
tidy() {
    sed -E 's/std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >/std::string/g;
            s/\?\?\?://; s#\./[^ ]*\.(c|S|cc|h):##; s# \[[^]]*/([^]/]*)\]$# (\1)#'
}

# keep_alive_requests PATH: a curl config that sends $requests GETs of PATH, reusing connections.
requests_config() {
    local i
    for ((i = 0; i < requests; i++)); do
        printf 'url = "http://127.0.0.1:%s%s"\noutput = "/dev/null"\n' "$server_port" "$1"
    done >"$tmp/curl.config"
}

exec 3>&1 >"$tmp/profile.md"
echo "# lab-mock-server: where a request's time goes"
echo
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $("$server" --version) at $(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown), Release build"
echo "- Command: \`bash tests/bench/profile.sh $*\` ($requests requests per path, one curl reusing connections; access log off)"
echo "- Machine: $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), Linux $(uname -r); instruction counts do not depend on load"

for path in "$@"; do
    out=$tmp/callgrind.out
    server_launcher=(valgrind --tool=callgrind --callgrind-out-file="$out"
        "--toggle-collect=Poco::Net::HTTPServerConnection::run()")
    say "profiling $requests requests of $path under callgrind"
    start_server "profile" --define=readiness.requireAll=false --define=logging.accessLog=false
    # One curl, many URLs: the requests share keep-alive connections, as a browser's would.
    requests_config "$path"
    curl -sf --config "$tmp/curl.config" || die "requests to $path failed"
    stop_process "$server_pid"
    total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ && !t { gsub(/,/, "", $1); t = $1 } END { print t }')
    echo
    echo "### callgrind: $requests x GET $path ($(awk -v t="$total" -v n="$requests" 'BEGIN { printf "%.0f", t / n }') instructions per request, connection threads only)"
    echo
    # The frames every request passes through (thread start, HTTPServerConnection::run) are
    # at 100%; the table starts below them.
    echo "Top $top inclusive (below the connection thread's own frames):"
    echo '```'
    callgrind_annotate --inclusive=yes "$out" 2>/dev/null |
        awk -v top="$top" -v total="$total" '/^-+$/ { rule++; next }
            rule >= 3 && NF > 0 && $1 !~ /^Ir/ { n = $1; gsub(/,/, "", n); if (n + 0 < total + 0 && shown++ < top) print }' | tidy
    echo '```'
    echo "Top $top self (exclusive):"
    echo '```'
    callgrind_annotate "$out" 2>/dev/null |
        awk -v top="$top" '/^-+$/ { rule++; next } rule >= 3 && NF > 0 && $1 !~ /^Ir/ && !/PROGRAM TOTALS/ && shown++ < top' | tidy
    echo '```'
    rm -f "$out"
done

# System calls per request: the same requests under strace, counting only the threads that
# read a request (the connection threads), so start-up and the accept loop are left out.
server_launcher=()
for path in "$@"; do
    say "counting system calls of $requests requests of $path (strace -f)"
    server_launcher=(strace -f -qq -o "$tmp/strace.out")
    start_server "strace" --define=readiness.requireAll=false --define=logging.accessLog=false
    requests_config "$path"
    curl -sf --config "$tmp/curl.config" || die "requests to $path failed"
    # strace started the server: stop the server, and strace ends with it.
    traced=$(pgrep -P "$server_pid" || true)
    [ -n "$traced" ] && kill -TERM "$traced"
    wait "$server_pid" 2>/dev/null || true
    echo
    echo "### system calls per GET $path (connection threads, $requests keep-alive requests)"
    echo
    echo '```'
    awk -v n="$requests" '
        $2 == "<..." || $2 ~ /^[-+]/ { next } # the end of a call counted where it began; signals
        { tid = $1; call = $2; sub(/\(.*/, "", call) }
        call == "recvfrom" || call == "recv" { reader[tid] = 1 }
        { calls[tid, call]++; names[call] = 1; tids[tid] = 1 }
        END {
            for (c in names) { sum = 0; for (t in tids) if (t in reader) sum += calls[t, c]; all += sum; if (sum / n >= 0.01) { printf "%8.2f  %s\n", sum / n, c } }
            printf "%8.2f  total\n", all / n
        }' "$tmp/strace.out" | sort -rn
    echo '```'
done

exec 1>&3 3>&-
mkdir -p "$(dirname "$results")"
cp "$tmp/profile.md" "$results"
cat "$results"
say "written to $results"
