#!/usr/bin/env bash
# `npm run demo`: the mirroring walkthrough on two embedded clusters, site-a and site-b, in a
# temporary RBDM_HOME (or the one you set): pools, image-mode mirroring, bootstrap token piped
# over stdin, a journal and a snapshot image, both rbd-mirror daemons replicating, a planned
# failover, and the mirror status of both sites.
set -euo pipefail
cd "$(dirname "$0")/.."

# A temporary RBDM_HOME made here is removed at exit; one you set is kept.
made_home=
if [ -z "${RBDM_HOME:-}" ]; then RBDM_HOME=$(mktemp -d -t rbdm-demo-XXXXXX); made_home=$RBDM_HOME; fi
export RBDM_HOME
export RBDM_BACKEND=local
# Short daemon intervals so the demo takes seconds, not minutes.
export RBDM_DAEMON_POLL_MS=${RBDM_DAEMON_POLL_MS:-250} RBDM_DAEMON_HEARTBEAT_MS=${RBDM_DAEMON_HEARTBEAT_MS:-500}
export RBDM_DAEMON_STATUS_MS=${RBDM_DAEMON_STATUS_MS:-1000}

# Bold headings only on a colour terminal (stderr), never under NO_COLOR or CI.
if [ -t 2 ] && [ -z "${NO_COLOR:-}" ] && [ -z "${CI:-}" ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold= plain=; fi
step() { printf '\n%s## %s%s\n' "$bold" "$*" "$plain" >&2; }
rbd() { printf '$ rbd %s\n' "$*" >&2; node bin/rbd.js "$@"; }
ceph() { printf '$ ceph %s\n' "$*" >&2; node bin/ceph.js "$@"; }
daemons=()
stop_daemons() { for pid in "${daemons[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
cleanup() { stop_daemons; if [ -n "$made_home" ]; then rm -rf -- "$made_home"; fi; }
trap cleanup EXIT

# wait_for <seconds> <description> <command...>: bounded poll until the command succeeds
wait_for() {
  local secs=$1 what=$2; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= end)); then echo "demo: timed out waiting for $what" >&2; return 1; fi
    sleep 0.5
  done
}
state_is() { node bin/rbd.js --cluster "$1" mirror image status "$2" --format json | grep -q "\"state\":\"$3\""; }
same_data() { [ "$(node bin/rbd.js --cluster site-a export "$1" - | sha256sum)" = "$(node bin/rbd.js --cluster site-b export "$1" - | sha256sum)" ]; }

echo "RBDM_HOME=$RBDM_HOME${made_home:+ (temporary: removed at exit)}" >&2

step "1. two clusters, one pool each, image-mode mirroring"
ceph --cluster site-a osd pool create image-pool
ceph --cluster site-b osd pool create image-pool
rbd --cluster site-a pool init image-pool
rbd --cluster site-b pool init image-pool
rbd --cluster site-a mirror pool enable --site-name site-a image-pool image
rbd --cluster site-b mirror pool enable --site-name site-b image-pool image

step "2. peer the sites: bootstrap token from site-a piped into site-b"
printf '$ rbd --cluster site-a mirror pool peer bootstrap create image-pool | rbd --cluster site-b mirror pool peer bootstrap import image-pool -\n' >&2
node bin/rbd.js --cluster site-a mirror pool peer bootstrap create image-pool \
  | node bin/rbd.js --cluster site-b mirror pool peer bootstrap import image-pool -
rbd --cluster site-b mirror pool info image-pool

step "3. a journal-mode and a snapshot-mode image on site-a, with data"
rbd --cluster site-a create --size 32M --image-feature layering,exclusive-lock,journaling image-pool/image-1
rbd --cluster site-a create --size 32M image-pool/image-2
rbd --cluster site-a mirror image enable image-pool/image-1 journal
rbd --cluster site-a mirror image enable image-pool/image-2 snapshot
rbd --cluster site-a bench --io-type write --io-size 4K --io-total 4M image-pool/image-1 >/dev/null
rbd --cluster site-a bench --io-type write --io-size 4K --io-total 4M image-pool/image-2 >/dev/null
rbd --cluster site-a mirror image snapshot image-pool/image-2

if [ -f dist/rbd-mirror.js ]; then
  step "4. start rbd-mirror on both sites and wait for replication"
  node bin/rbd-mirror.js --cluster site-a -f & daemons+=($!)
  node bin/rbd-mirror.js --cluster site-b -f & daemons+=($!)
  wait_for 60 "image-1 replaying on site-b" state_is site-b image-pool/image-1 'up+replaying'
  wait_for 60 "image-2 replaying on site-b" state_is site-b image-pool/image-2 'up+replaying'
  wait_for 60 "image-1 data on site-b" same_data image-pool/image-1
  wait_for 60 "image-2 data on site-b" same_data image-pool/image-2
  echo "image-1 and image-2: identical on both sites (sha256 of rbd export)" >&2

  step "5. planned failover of image-2 to site-b"
  rbd --cluster site-a mirror image demote image-pool/image-2
  wait_for 60 "the demotion to reach site-b" state_is site-b image-pool/image-2 'up+unknown'
  rbd --cluster site-b mirror image promote image-pool/image-2
  wait_for 60 "site-a to replay image-2 from site-b" state_is site-a image-pool/image-2 'up+replaying'
fi

step "mirror pool status, both sites"
rbd --cluster site-a mirror pool status --verbose image-pool
rbd --cluster site-b mirror pool status --verbose image-pool
