#!/usr/bin/env bash
# Installs Debian's prometheus for test/otel/prometheus.test.ts (the test starts its own
# server on a loopback port; the package's system service is not needed). Idempotent:
# does nothing when the binary is already there.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1; then exit 0; fi
echo "ci: installing Debian's prometheus"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# --no-install-recommends: the exporters and web assets it recommends are not used.
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
# The package starts its own service where an init system runs; the test needs none.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then systemctl stop prometheus || true; fi
command -v prometheus >/dev/null 2>&1
