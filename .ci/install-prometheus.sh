#!/usr/bin/env bash
# Installs the Prometheus server and promtool from Debian's `prometheus` package when either is
# missing, for the test/prometheus tier. Idempotent. It never starts the Debian service (the tests
# run their own instance on a free loopback port), and it exits 0 with a message when it cannot
# install: the tier then skips with a clear message instead of failing the build.
set -uo pipefail

have() { command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; }

if have; then
  echo "install-prometheus: $(prometheus --version 2>&1 | head -n1) already installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-prometheus: no apt-get here; install prometheus and promtool by hand (test/prometheus will skip)"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "install-prometheus: not root and no password-less sudo; cannot install (test/prometheus will skip)"
    exit 0
  fi
fi

# policy-rc.d exit code 101 forbids service starts while the package installs; it is removed
# again afterwards unless it was there before.
policy=/usr/sbin/policy-rc.d
made_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy" && made_policy=1
fi
cleanup() { if [ -n "$made_policy" ]; then $sudo rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get update -qq; then
  echo "install-prometheus: apt-get update failed; cannot install (test/prometheus will skip)"
  exit 0
fi
if ! $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null; then
  echo "install-prometheus: apt-get install prometheus failed (test/prometheus will skip)"
  exit 0
fi

# Belt and braces for systems where the package still started its service (systemd without
# policy-rc.d support): our tests run their own instance.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now prometheus >/dev/null 2>&1 || true
fi

if have; then
  echo "install-prometheus: installed $(prometheus --version 2>&1 | head -n1)"
else
  echo "install-prometheus: the prometheus package did not provide prometheus and promtool (test/prometheus will skip)"
fi
exit 0
