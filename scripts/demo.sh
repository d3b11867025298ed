#!/usr/bin/env bash
# The walkthrough on two embedded clusters, site-a and site-b (filled in as commands land).
set -euo pipefail
cd "$(dirname "$0")/.."
export RBDM_HOME=${RBDM_HOME:-$(mktemp -d)}
rbd() { echo "\$ rbd $*" >&2; node bin/rbd.js "$@"; }
rbd --cluster site-a pool init image-pool
rbd --cluster site-b pool init image-pool
rbd --cluster site-a mirror pool info image-pool
