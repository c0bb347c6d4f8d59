#!/usr/bin/env bash
# Installs Debian's chromium package unless /usr/bin/chromium is there already: the dashboard's browser
# tests drive it headless through playwright-core (no downloaded browser bundle). Safe to run again;
# run it as root (as CI does) or as a user allowed to sudo apt-get.
set -euo pipefail

readonly CHROMIUM=/usr/bin/chromium

say() { printf 'ensure-browser: %s\n' "$*"; }

if [ -x "$CHROMIUM" ]; then
  say "chromium is there ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

apt_get() { if [ "$(id -u)" -eq 0 ]; then apt-get "$@"; else sudo apt-get "$@"; fi; }

say "installing chromium"
apt_get update -qq
DEBIAN_FRONTEND=noninteractive apt_get install -y -qq chromium
[ -x "$CHROMIUM" ] || { printf 'ensure-browser: %s is still missing after installing chromium\n' "$CHROMIUM" >&2; exit 1; }
say "chromium installed ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
