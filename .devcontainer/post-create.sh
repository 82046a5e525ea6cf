#!/usr/bin/env bash
# Runs once when the dev container is created: kind at the version the workshop pins, then the
# workshop's npm packages. The container defaults to the embedded cluster (WORKSHOP_RUNTIME=sim in
# devcontainer.json); Docker-in-Docker is there for `npx lab cluster up --runtime kind`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Read from packages/runtime/src/kind/versions.ts, so the two never disagree.
kind_version="$(sed -n "s/^export const KIND_VERSION = '\(v[0-9.]*\)';$/\1/p" packages/runtime/src/kind/versions.ts)"
arch="$(dpkg --print-architecture)"
if ! command -v kind >/dev/null 2>&1 || [ "$(kind version 2>/dev/null | awk '{print $2}')" != "${kind_version}" ]; then
  echo "• installing kind ${kind_version} (${arch})"
  curl -fsSLo /tmp/kind "https://kind.sigs.k8s.io/dl/${kind_version}/kind-linux-${arch}"
  sudo install -m 0755 /tmp/kind /usr/local/bin/kind
  rm -f /tmp/kind
fi

echo "• npm ci"
npm ci --no-audit --no-fund
echo "Ready: npx lab start 01 (embedded cluster), or npx lab cluster up --runtime kind"
