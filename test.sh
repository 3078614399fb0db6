#!/usr/bin/env bash
# Runs Bayu's whole test suite on a fresh machine: restores packages (one retry: the registry
# copy can be slow), builds, provisions a throwaway PostgreSQL cluster (scripts/with-postgres.sh
# installs Debian's postgresql package when missing), runs every test project, and ends with one
# line "N passed, N failed" over all of them. Exit code 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")"

log_dir=$(mktemp -d /tmp/bayu-test.XXXXXX)
trap 'rm -rf "$log_dir"' EXIT

summary_fail() { echo "0 passed, $1 failed"; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The official FHIR examples (hl7.fhir.r4.examples, CC0) are fetched once with `npm pack` into
# .cache/; a fresh machine may have only the .NET SDK and apt.
if ! command -v npm >/dev/null 2>&1; then
  echo "== installing npm (Debian package) to fetch the official FHIR examples"
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; } >/dev/null || summary_fail 1
fi

echo "== restore"
dotnet restore Bayu.slnx || { echo "restore failed; retrying once"; dotnet restore Bayu.slnx; } || summary_fail 1

echo "== build"
dotnet build Bayu.slnx --no-restore -nologo -clp:ErrorsOnly || summary_fail 1

# Only *.Tests projects print a result line; tests/ also holds helper executables (Bayu.FaultHost).
mapfile -t projects < <(grep -o 'tests/[^"]*\.Tests\.csproj' Bayu.slnx)
echo "== test (${#projects[@]} projects, SQLite and PostgreSQL)"
scripts/with-postgres.sh dotnet test Bayu.slnx --no-build -nologo 2>&1 | tee "$log_dir/test.log"

# One "Passed!/Failed!" line per test project; a project whose test host crashed prints none,
# so count every missing project as one failure rather than report a clean run.
read -r passed failed reported < <(awk '/^(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1) }
    n++ } END { printf "%d %d %d\n", p, f, n }' "$log_dir/test.log")
passed=${passed:-0}; failed=${failed:-0}
missing=$(( ${#projects[@]} - reported ))
if [ "$missing" -gt 0 ]; then
  echo "warning: $missing test project(s) reported no result (test host crash?)"
  failed=$((failed + missing))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
