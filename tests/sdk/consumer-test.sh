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

# 1. Install under DESTDIR, at a prefix no build defaults to: everything goes below the
#    prefix (its configuration too), and the server finds it relative to where it lies.
root=$work/root
prefix=$root/opt/lab-mock-server
DESTDIR=$root "$cmake" --install "$build" --prefix /opt/lab-mock-server >"$work/install.log"
server=$prefix/$bindir/lab-mock-server
[ -x "$server" ] || fail "no installed server at $server"
outside=$(find "$root" -mindepth 1 -not -path "$root/opt" -not -path "$prefix" -not -path "$prefix/*")
[ -z "$outside" ] || fail "installed outside the prefix: $outside"
properties=$prefix/etc/lab-mock-server/lab-mock-server.properties
[ -f "$properties" ] || fail "lab-mock-server.properties was not installed in $prefix/etc/lab-mock-server"
groups=$(dirname "$properties")/groups.d
[ -d "$groups" ] || fail "no groups.d folder in $(dirname "$properties")"
[ -z "$(ls -A "$groups")" ] || fail "groups.d is not empty: $(ls -A "$groups")"
[ -f "$prefix/share/doc/lab-mock-server/examples/object-store.json" ] || fail "the example group is not installed"

# 1b. With no option at all, the installed server loads the plugins and reads the properties
#     file of its own prefix, and is ready with only the original groups' variables set.
cp "$properties" "$work/properties"
echo "display.reveal = all" >>"$properties"
original=(POSTGRES_USER=lab POSTGRES_PASSWORD=pw-$$ POSTGRES_HOST=db POSTGRES_PORT=5432 POSTGRES_DB=lab
    REDIS_HOST=cache REDIS_PORT=6379 CSRF_SECRET=csrf)
status=0
env -i PATH="$PATH" "${original[@]}" "$server" --check >"$work/fresh.txt" 2>&1 || status=$?
cat "$work/fresh.txt"
[ "$status" -eq 0 ] || fail "--check of a fresh install exited $status with the original variables set"
for group in PostgreSQL Redis App; do
    grep -q "^$group " "$work/fresh.txt" || fail "a fresh install does not show $group"
done
grep -q "pw-$$" "$work/fresh.txt" || fail "the installed server did not read $properties (display.reveal = all)"
env -i PATH="$PATH" "$server" --list-plugins >"$work/fresh-list.txt" 2>&1 || true
grep -qxF "plugins.path: $prefix/$plugindir" "$work/fresh-list.txt" ||
    fail "the installed server does not look for plugins in its prefix: $(head -1 "$work/fresh-list.txt")"
cp "$work/properties" "$properties"

# 1c. Installed to the prefix /usr, the configuration goes to /etc/lab-mock-server (under DESTDIR).
DESTDIR=$work/usr-root "$cmake" -DCMAKE_INSTALL_PREFIX=/usr -P "$build/packaging/InstallConfiguration.cmake" >/dev/null
[ -f "$work/usr-root/etc/lab-mock-server/lab-mock-server.properties" ] ||
    fail "the prefix /usr does not put the configuration in /etc/lab-mock-server"

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
for group in PostgreSQL Redis App; do
    grep -q "^load .*groups: .*$group" "$work/list.txt" || fail "the installed plugins do not provide $group"
done
if grep -q "^skip" "$work/list.txt"; then fail "the installed plugin folder holds plugins that do not load"; fi
echo "sdk.consumer: the example plugin builds against the installed SDK and loads in the installed server"
