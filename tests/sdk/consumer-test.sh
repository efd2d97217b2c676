#!/usr/bin/env bash
# consumer-test.sh
#
# Installs a lab-mock-server build into a temporary root, builds the example out-of-tree
# plugin against the installed CMake package, and checks that the installed server loads
# it: from its build folder, and once installed into the server's plugin folder.
# Usage: consumer-test.sh CMAKE BUILD_DIR EXAMPLE_DIR BINDIR PLUGINDIR CHECK_SCRIPT GENERATOR CXX
# BINDIR and PLUGINDIR are relative to the install prefix (GNUInstallDirs style).
#
# SPDX-License-Identifier: Apache-2.0
set -euo pipefail
cmake=$1 build=$2 example=$3 bindir=$4 plugindir=$5 check=$6 generator=$7 cxx=$8

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# 1. Install under DESTDIR, at a prefix no build defaults to: everything the package
#    needs must be found relative to where it was installed. (A build configured for
#    /usr installs /etc/lab-mock-server absolutely; DESTDIR keeps that in $work too.)
root=$work/root
prefix=$root/opt/lab-mock-server
DESTDIR=$root "$cmake" --install "$build" --prefix /opt/lab-mock-server >"$work/install.log"
server=$prefix/$bindir/lab-mock-server
[ -x "$server" ] || fail "no installed server at $server"
properties=$(find "$root" -path '*/lab-mock-server/lab-mock-server.properties')
[ -f "$properties" ] || fail "lab-mock-server.properties was not installed"
groups=$(dirname "$properties")/groups.d

# 2. Build the example as a plugin author would: only CMAKE_PREFIX_PATH points at the SDK.
#    -Werror: the example the README quotes compiles without a warning.
"$cmake" -S "$example" -B "$work/example" -G "$generator" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_FLAGS="-Wall -Wextra -Wpedantic -Werror" \
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/configure.log" || {
    cat "$work/configure.log"
    fail "the example does not configure against the installed package"
}
package_dir=$(sed -n 's/^LabMockServer_DIR:PATH=//p' "$work/example/CMakeCache.txt")
case "$package_dir" in
"$prefix"/*) ;;
*) fail "find_package(LabMockServer) found $package_dir, not the package in $prefix" ;;
esac
"$cmake" --build "$work/example" >"$work/build.log" 2>&1 || {
    cat "$work/build.log"
    fail "the example does not build against the installed package"
}
plugin=$work/example/libexample-group.so
[ -f "$plugin" ] || fail "the example built no $plugin"

# 3. The installed server, pointed at the example's build folder, shows its group; the
#    secret's value is masked. A clean environment: only what this test sets.
canary="sdk-canary-$$-$RANDOM"
status=0
env -i PATH="$PATH" RABBITMQ_URL="amqp://lab@mq.example.org:5672/" RABBITMQ_PASSWORD="$canary" \
    "$server" --config="$properties" --plugins="$work/example" --define secrets.dirs="$work" \
    --check --format=json >"$work/check.json" 2>"$work/check.log" || status=$?
[ "$status" -eq 0 ] || {
    cat "$work/check.json" "$work/check.log"
    fail "--check exited $status with both variables of the example set"
}
"$cmake" -DDOCUMENT="$work/check.json" -DCANARY="$canary" -P "$check"
if grep -qF "$canary" "$work/check.log"; then fail "the secret's value appears in the server's log"; fi

# 4. Installed into the server's plugin folder (the package config's LabMockServer_PLUGIN_DIR),
#    it loads beside the shipped plugins, and nothing in that folder is skipped.
DESTDIR="" "$cmake" --install "$work/example" >>"$work/install.log"
[ -f "$prefix/$plugindir/libexample-group.so" ] ||
    fail "cmake --install of the example did not put it in $prefix/$plugindir"
env -i PATH="$PATH" "$server" --config="$properties" --plugins="$prefix/$plugindir" \
    --define groups.path="$groups" --list-plugins >"$work/list.txt" 2>&1 || {
    cat "$work/list.txt"
    fail "--list-plugins failed"
}
cat "$work/list.txt"
grep -q "^load .*/libexample-group\.so .*groups: Message queue)" "$work/list.txt" ||
    fail "the installed example plugin is not loaded"
for group in PostgreSQL Redis App "Object store"; do
    grep -q "^load .*groups: .*$group" "$work/list.txt" || fail "the installed plugins do not provide $group"
done
if grep -q "^skip" "$work/list.txt"; then fail "the installed plugin folder holds plugins that do not load"; fi
echo "sdk.consumer: the example plugin builds against the installed SDK and loads in the installed server"
