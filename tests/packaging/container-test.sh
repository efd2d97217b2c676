#!/usr/bin/env bash
# container-test.sh
#
# Builds packaging/docker/Dockerfile with Debian's buildah (vfs storage, chroot isolation, no
# registry: the base is the cached debootstrap root of debootstrap-base.sh, imported and named
# as the Dockerfile's base without its digest), then checks the image as a user would meet it:
# its configuration (user 10001, entrypoint, HEALTHCHECK, OCI labels), `IMAGE --check` (1 with
# a required variable missing, 0 with all set), and the server running as uid 10001 from the
# image, serving / and /readyz to a client outside it, and answering its own --healthcheck.
# Storage lives in LABMOCK_CONTAINER_CACHE (default ~/.cache/lab-mock-server/containers) and
# keeps the base and the build's layers between runs (wiped when it grows past 20 GB).
# Needs root; exits 77 (skipped) without buildah or debootstrap.
# Usage: container-test.sh SOURCE_DIR BINARY
#
# SPDX-License-Identifier: Apache-2.0
set -euo pipefail
source=$1 binary=$2
for tool in buildah debootstrap; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is not installed (package $tool): skipped"
        exit 77
    fi
done
if [ "$(id -u)" -ne 0 ]; then
    echo "not root (buildah's chroot isolation needs it): skipped"
    exit 77
fi
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
started=$(date +%s)
dockerfile=$source/packaging/docker/Dockerfile
storage=${LABMOCK_CONTAINER_CACHE:-${HOME:-/root}/.cache/lab-mock-server/containers}
export BUILDAH_ISOLATION=chroot
bah() {
    buildah --root "$storage/root" --runroot "$storage/run" --storage-driver vfs "$@"
}

version=$("$binary" --version | awk '{print $2}')
revision=$(git -C "$source" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
image=lab-mock-server:$version
# The base as the Dockerfile names it: debian:12-slim@sha256:… . A digest cannot be given to
# a local image, so the test names its base debian:12-slim and passes that name.
base_ref=$(sed -n 's/^ARG DEBIAN_BASE=//p' "$dockerfile")
base_name=${base_ref%@*}
[ -n "$base_name" ] && [ "$base_name" != "$base_ref" ] || fail "no digest-pinned ARG DEBIAN_BASE in $dockerfile: $base_ref"
grep -q '^# syntax=' "$dockerfile" && fail "the Dockerfile pulls a frontend (# syntax=)"

mkdir -p "$storage"
if [ "$(du -s --block-size=1G "$storage" | cut -f1)" -gt 20 ]; then
    echo "container storage above 20 GB: starting afresh"
    bah rm --all >/dev/null 2>&1 || true
    rm -rf "$storage"
    mkdir -p "$storage"
fi

# 1. The base: the debootstrap root, imported once per tarball.
tarball=$(bash "$(dirname "$0")/debootstrap-base.sh") || fail "no debootstrap base"
stamp="$(stat -c %Y "$tarball") apt-clean" # the tarball's age, and what the import does to it
if [ "$(bah inspect --type image --format '{{index .ImageAnnotations "org.labmock.base-stamp"}}' "$base_name" 2>/dev/null)" != "$stamp" ]; then
    echo "importing $tarball as $base_name"
    ctr=$(bah from --pull=never scratch)
    bah add "$ctr" "$tarball" / >/dev/null
    # As debian:12-slim comes: without the packages debootstrap downloaded (about 100 MB).
    bah run "$ctr" -- apt-get clean
    bah config --cmd /bin/bash --annotation "org.labmock.base-stamp=$stamp" "$ctr"
    bah commit --quiet --rm "$ctr" "docker.io/library/$base_name" >/dev/null
fi

# 2. The image, from the repository root as README says; cached layers are reused.
log=$(mktemp)
containers=()
server=""
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    for c in "${containers[@]}"; do bah rm "$c" >/dev/null 2>&1 || true; done
    rm -f "$log"
}
trap cleanup EXIT
build_started=$(date +%s)
if ! bah bud --pull=never --layers --format docker --isolation chroot \
    -f "$dockerfile" --ignorefile "$source/packaging/docker/Dockerfile.dockerignore" \
    --build-arg DEBIAN_BASE="$base_name" --build-arg LABMOCK_GIT_REVISION="$revision" \
    --build-arg LABMOCK_SOURCE=file://"$source" -t "$image" "$source" >"$log" 2>&1; then
    tail -40 "$log"
    fail "buildah bud"
fi
build_seconds=$(($(date +%s) - build_started))
size=$(bah images --format '{{.Size}}' "$image" | head -1)
echo "built $image in ${build_seconds} s: $size"

# 3. Its configuration.
bah inspect --type image "$image" >"$log"
python3 - "$log" "$version" "$revision" <<'PY' || fail "image configuration"
import json, sys
doc = json.load(open(sys.argv[1]))
config = doc["Docker"]["config"]
labels = config.get("Labels") or {}
problems = []
def expect(what, got, want):
    if got != want:
        problems.append(f"{what}: {got!r}, expected {want!r}")
expect("User", config.get("User"), "10001:10001")
expect("Entrypoint", config.get("Entrypoint"), ["/usr/bin/lab-mock-server"])
expect("Healthcheck", (config.get("Healthcheck") or {}).get("Test"),
       ["CMD", "/usr/bin/lab-mock-server", "--healthcheck", "http://127.0.0.1:8081/livez"])
expect("probe port", [e for e in config.get("Env", []) if e.startswith("LABMOCK_HTTP_PROBEPORT=")],
       ["LABMOCK_HTTP_PROBEPORT=8081"])
expect("version label", labels.get("org.opencontainers.image.version"), sys.argv[2])
expect("revision label", labels.get("org.opencontainers.image.revision"), sys.argv[3])
if not labels.get("org.opencontainers.image.source"):
    problems.append("no org.opencontainers.image.source label")
for p in problems:
    print("FAIL:", p)
sys.exit(1 if problems else 0)
PY

# 4. `IMAGE --check`: 1 while a required variable is missing, 0 once all are set.
ctr=$(bah from --pull=never "$image")
containers+=("$ctr")
uid=$(bah run "$ctr" -- id -u)
[ "$uid" = 10001 ] || fail "the image runs as uid $uid, not 10001"
all=(--env POSTGRES_USER=lab --env POSTGRES_PASSWORD=pw --env POSTGRES_HOST=db --env POSTGRES_PORT=5432
    --env POSTGRES_DB=lab --env REDIS_HOST=cache --env REDIS_PORT=6379 --env CSRF_SECRET=csrf)
set +e
bah run --env POSTGRES_USER=lab "$ctr" -- /usr/bin/lab-mock-server --check >"$log" 2>&1
missing_code=$?
bah run "${all[@]}" "$ctr" -- /usr/bin/lab-mock-server --check >"$log" 2>&1
complete_code=$?
set -e
[ "$missing_code" -eq 1 ] || fail "--check with variables missing exited $missing_code, expected 1"
[ "$complete_code" -eq 0 ] || {
    cat "$log"
    fail "--check with every variable set exited $complete_code, expected 0"
}
grep -q "POSTGRES_PASSWORD" "$log" && ! grep -q "pw$" "$log" || fail "--check output: $(cat "$log")"

# 5. Serve from the image (host network: free loopback ports) and fetch from outside it.
bah run "${all[@]}" "$ctr" -- /usr/bin/lab-mock-server --address=127.0.0.1 --port=0 --define http.probePort=0 \
    >"$log" 2>&1 &
runner=$!
port="" probe=""
for _ in $(seq 300); do # the start-up lines name the ports; 30 s at most
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
    probe=$(sed -n 's/.*probes and metrics also on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
    [ -n "$port" ] && [ -n "$probe" ] && break
    kill -0 "$runner" 2>/dev/null || break
    sleep 0.1
done
[ -n "$port" ] && [ -n "$probe" ] || {
    cat "$log"
    fail "the server in the image did not start"
}
server=$(python3 - "$port" <<'PY' || fail "/ or /readyz from outside the image"
import glob, os, sys, urllib.request
port = int(sys.argv[1])
page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
body = page.read().decode()
assert page.status == 200 and "POSTGRES_PASSWORD" in body, body[:200]
ready = urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10)
assert ready.status == 200, ready.status
# Who serves: the process holding the listening socket of that port.
inodes = set()
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    for line in open(table).readlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":
            inodes.add(fields[9])
for fd in glob.glob("/proc/[0-9]*/fd/*"):
    try:
        target = os.readlink(fd)
    except OSError:
        continue
    if target.startswith("socket:[") and target[8:-1] in inodes:
        pid = fd.split("/")[2]
        uid = [l.split()[1] for l in open(f"/proc/{pid}/status") if l.startswith("Uid:")][0]
        assert uid == "10001", f"the server runs as uid {uid}"
        print(pid)
        sys.exit(0)
sys.exit("no process holds the listening socket")
PY
)
code=0
bah run "$ctr" -- /usr/bin/lab-mock-server --healthcheck "http://127.0.0.1:$probe/livez" >"$log" 2>&1 || code=$?
[ "$code" -eq 0 ] || fail "--healthcheck of the probe port exited $code: $(cat "$log")"
kill -TERM "$server"
wait "$runner" || true
server=""
echo "container: $image ($size) built in ${build_seconds} s; --check 1 then 0; served / and /readyz as uid 10001;" \
    "healthcheck 0; $(($(date +%s) - started)) s in all"
