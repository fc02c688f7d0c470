#!/bin/sh
# Install requirements.lock into the venv whose python is $1, exactly as locked.
#
# 1. requirements-pip.txt: a pinned, hash-checked pip replaces whatever pip the Python bundled
#    (Python 3.12.1 bundles 23.2.1, which fails on a dependency's extra once upstream publishes a
#    newer release of that package).
# 2. requirements.lock with --no-deps --only-binary :all: --require-hashes: every package is the
#    locked wheel, checked against its hash; no resolver, no sdist build (whose build backend would
#    come unpinned from upstream). Nothing published upstream later can change what is installed.
# 3. `pip check` proves the locked set is complete and consistent.
#
# pip's output goes to a log that is shown only when a step fails, so the install is quiet.
set -eu
py=$1
here=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM
step() {
  if ! "$@" >"$log" 2>&1; then
    # A machine-wide pip.conf may name index directories that do not exist: pip warns once per
    # package about them, which buries the real error.
    grep -v "is ignored: it is neither a file nor a directory" "$log" >&2 || true
    echo "install failed: $*" >&2
    exit 1
  fi
}
pip="$py -m pip --disable-pip-version-check --no-input"
echo "installing the pinned pip, then requirements.lock (a few minutes the first time)"
step $pip install --require-hashes --no-deps --only-binary :all: -r "$here/requirements-pip.txt"
step $pip install --require-hashes --no-deps --only-binary :all: -r "$here/requirements.lock"
step $pip check
