#!/bin/sh
# Install Debian's chromium for the browser tests (Playwright drives it; it never downloads a
# browser). Waits for apt/dpkg locks held by another apt run (unattended upgrades on a fresh
# machine) instead of failing at once: up to CLAIMDESK_APT_WAIT seconds (default 900).
set -u
if command -v chromium >/dev/null 2>&1 || [ -n "${CLAIMDESK_CHROMIUM:-}" ]; then
  exit 0
fi
echo "installing Debian's chromium for the browser tests"
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
wait_s=${CLAIMDESK_APT_WAIT:-900}
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM
apt_run() {
  # DPkg::Lock::Timeout makes apt itself wait for the dpkg lock; the loop covers the lists lock
  # of `apt-get update`, which that option does not.
  waited=0
  while :; do
    if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$wait_s" "$@" >"$log" 2>&1; then
      return 0
    fi
    if grep -qi "could not get lock\|unable to lock\|is another process using it" "$log" && [ "$waited" -lt "$wait_s" ]; then
      [ "$waited" = 0 ] && echo "apt is busy (another apt or dpkg holds its lock); waiting up to ${wait_s}s"
      sleep 5
      waited=$((waited + 5))
      continue
    fi
    cat "$log" >&2
    return 1
  done
}
if apt_run update -qq && apt_run install -y -qq chromium; then
  exit 0
fi
echo "could not install chromium: run 'sudo apt-get install chromium' (or set CLAIMDESK_CHROMIUM)" >&2
exit 1
