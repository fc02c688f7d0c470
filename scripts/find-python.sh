#!/bin/sh
# Print the path of a Python >= 3.12 with venv (Django 6 needs 3.12+), or explain what
# to install and fail. Order: $PYTHON, python3.12/3.13/3.14/python3 on PATH, then pyenv's
# versions; 3.12 first because requirements.lock is resolved for it.
ok() {
  "$1" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}
for candidate in "${PYTHON:-}" python3.12 python3.13 python3.14 python3; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if ok "$path"; then
    # A pyenv shim only works for the selected version; resolve it to the real binary.
    real=$("$path" -c 'import sys; print(sys.executable)' 2>/dev/null) && { echo "$real"; exit 0; }
  fi
done
root=${PYENV_ROOT:-$HOME/.pyenv}
if command -v pyenv >/dev/null 2>&1; then root=$(pyenv root); fi
for path in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V) /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
  [ -x "$path" ] && ok "$path" && { echo "$path"; exit 0; }
done
cat >&2 <<'MSG'
No Python 3.12 or newer found (Django 6 needs it).
Install one, then run make again, e.g.:
  Debian/Ubuntu:  sudo apt-get install python3.12 python3.12-venv   (or python3.13)
  pyenv:          pyenv install 3.12
  macOS:          brew install python@3.12
Or point PYTHON at it:  make PYTHON=/path/to/python3.12 ...
MSG
exit 1
