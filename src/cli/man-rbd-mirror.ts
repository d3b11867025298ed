// man/rbd-mirror.8 (npm run man: `node dist/gen-man.js rbd-mirror`): the daemon's page, written
// by hand in roff, kept here so the generated page carries the version like the others.
export function rbdMirrorManPage(version: string): string {
  return String.raw`.TH RBD-MIRROR 8 "" "rbdm ${version}" "rbdm manual"
.SH NAME
rbd\-mirror \- replicate RBD images between clusters (rbdm, local backend)
.SH SYNOPSIS
\fBrbd\-mirror\fR [\fB\-\-cluster\fR \fIname\fR] [\fB\-\-id\fR \fIid\fR | \fB\-i\fR \fIid\fR | \fB\-n\fR \fItype.id\fR] [\fB\-f\fR | \fB\-d\fR] [\fB\-\-log\-file\fR \fIfile\fR] [\fB\-\-pid\-file\fR \fIfile\fR] [\fB\-\-admin\-socket\fR \fIpath\fR] [\fB\-\-run\-dir\fR \fIdir\fR] [\fB\-c\fR \fIconf\fR]
.SH DESCRIPTION
One daemon serves one local cluster (\fB$RBDM_HOME/<cluster>\fR). For every pool with mirroring
enabled it pulls from each peer whose direction includes rx (\fBrx\-only\fR, \fBrx\-tx\fR),
authenticating with the peer's client name and key. It registers itself with a heartbeat, so
\fBrbd mirror pool status\fR shows daemon health OK while it runs and \fBdown+\fR states after it
stops; writes a status record per image (\fBup+syncing\fR, \fBup+replaying\fR, \fBup+stopped\fR,
\fBup+unknown\fR, \fBup+error\fR with the descriptions real rbd\-mirror uses); bootstraps new images
with a full copy; replays journals (journal mode) or copies the objects changed between mirror
snapshots (snapshot mode), together with user snapshots, size and image\-meta; executes
\fBrbd mirror snapshot schedule\fR entries; follows demotion and promotion for planned failover;
reports split\-brain after a forced promotion; and re\-creates an image flagged with
\fBrbd mirror image resync\fR. A wrong or revoked peer key shows as the error callout
\fBunable to connect to remote cluster\fR and replicates nothing.
.SH OPTIONS
.TP
\fB\-\-cluster\fR \fIname\fR
Local cluster to serve (default: ceph).
.TP
\fB\-\-id\fR \fIid\fR, \fB\-i\fR \fIid\fR, \fB\-n\fR \fIclient.id\fR
The daemon's client name (default: admin); shown as \fBclient_id\fR in pool status.
.TP
(neither \fB\-f\fR nor \fB\-d\fR)
Daemonize, as Ceph's rbd\-mirror does: the daemon goes to the background (a session of its own,
no terminal) and logs to its log file; the command returns 0 once the daemon runs (pid file
written, admin socket open, registered in the service map), or prints one line
\fBrbd\-mirror: ...\fR and exits non\-zero when it cannot start (a cluster that does not exist:
1; a pid file held by a live daemon: 17).
.TP
\fB\-f\fR
Run in the foreground, logging to the log file (what the systemd unit runs).
.TP
\fB\-d\fR
Run in the foreground, logging to stderr; no pid file unless \fB\-\-pid\-file\fR is given.
.TP
\fB\-\-pid\-file\fR \fIfile\fR
Ceph's \fBpid_file\fR (default \fB$run_dir/$cluster\-$name.pid\fR): holds the daemon's pid while
it runs, removed at a clean exit. A pid file left by a killed daemon is replaced; one naming a
live rbd\-mirror is refused.
.TP
\fB\-\-admin\-socket\fR \fIpath\fR
Ceph's \fBadmin_socket\fR (default \fB$run_dir/$cluster\-$name.$pid.$cctid.asok\fR); an empty
value opens none. See ADMIN SOCKET.
.TP
\fB\-\-run\-dir\fR \fIdir\fR
Ceph's \fBrun_dir\fR (rbdm's default: \fB$RBDM_HOME/run\fR, created mode 0700; Ceph's is
/var/run/ceph). These three options may also be set in the cluster's configuration file
(\fB[client]\fR or \fB[client.\fR\fIid\fR\fB]\fR), with Ceph's metavariables \fB$cluster\fR,
\fB$name\fR, \fB$id\fR, \fB$type\fR, \fB$pid\fR, \fB$cctid\fR, \fB$run_dir\fR.
.TP
\fB\-\-log\-file\fR \fIfile\fR
Log file (default: \fB$RBDM_HOME/log/<cluster>\-client.<id>.log\fR, mode 0600).
.TP
\fB\-c\fR, \fB\-m\fR, \fB\-\-keyring\fR
Accepted for compatibility; the local backend does not use them.
.TP
\fB\-\-version\fR, \fB\-h\fR, \fB\-\-help\fR
Print the version or the usage and exit.
.TP
\fB\-\-rbd\-mirror\-\fR\fIoption\fR \fIvalue\fR
Any Ceph option below, for this run; without it the cluster's setting
(\fBrbd config global set global\fR \fIoption\fR \fIvalue\fR), else Ceph's default.
.SH CONFIGURATION
The daemon's timings are Ceph's rbd\-mirror options:
.TP
\fBrbd_mirror_image_state_check_interval\fR (seconds, default 30)
How long an image replayer that stopped at the end of a demoted primary's journal reports
\fBup+stopped\fR before it restarts and reports what it then finds (at once when the remote is
promoted again).
.TP
\fBrbd_mirror_concurrent_image_syncs\fR (default 5)
How many images may be in their initial copy at once; the others wait, as
\fBup+syncing\fR "bootstrapping, waiting for an image sync slot".
.TP
\fBrbd_mirror_journal_poll_age\fR (seconds, default 5)
Longest time between two looks of a replayer for new work. The local store sends no watch
notifications, so the daemon looks at least once a second.
.TP
\fBrbd_mirror_pool_replayers_refresh_interval\fR (seconds, default 30)
Longest time between two reads of the pools, namespaces and peers to replicate.
.SH FAILURES
A transient failure (a store busy past its timeout, a peer unreachable, a key refused, a full
disk) is retried with an exponential back\-off per image and per peer, from 1 s up to 30 s; the
log gets one line when it starts and one when it is over. A permanent one (split\-brain, a mode
mismatch, data that cannot be applied) stays \fBup+error\fR until the image's situation changes
(an operator promotes, demotes, resyncs or removes it). A local cluster that does not exist at
start is one line \fBrbd\-mirror: unable to connect to local cluster ...\fR and exit status 1.
Journal replay records the position it applied in the same transaction as the data, so a daemon
killed (or a primary that refuses the commit) between the two never applies an event twice.
.SH ADMIN SOCKET
A unix socket (mode 0600 in a 0700 directory, removed when the daemon exits) speaking Ceph's
admin\-socket protocol: a JSON request such as \fB{"prefix": "rbd mirror status"}\fR ended by NUL
or newline, answered with a 4\-byte big\-endian length and the reply. Both rbdm's
\fBceph \-\-admin\-daemon\fR \fIsocket\fR \fIcommand...\fR (or \fBceph daemon client.\fR\fIid\fR
\fIcommand...\fR, which finds the socket through the configuration) and Ceph's own ceph client
talk to it. Replies are JSON (\fB\-\-format json\fR: one line; default json\-pretty). Commands, as
Ceph's rbd\-mirror registers them:
.TP
\fBrbd mirror status\fR [\fIpool\fR \fIpeer\-cluster\fR | \fIpool\fR[/\fInamespace\fR]/\fIimage\fR]
The daemon's pool replayers (\fBpool_replayers\fR: pool, peer, instance_id, state, leader,
sync_throttler, image_replayers, namespaces), one pool replayer (named by its pool and the
peer's site, as Ceph names the pool replayer's commands), or one image replayer (name, state:
Starting, Replaying, Stopping, Stopped).
.TP
\fBrbd mirror stop\fR, \fBrbd mirror start\fR [\fIscope\fR]
Stop replaying (the images report \fBup+stopped\fR "stopped" and take nothing from the primary)
or resume, for the daemon, one pool or one image.
.TP
\fBrbd mirror restart\fR [\fIscope\fR]
Start over: forgets back\-offs and permanent failures, clears a manual stop.
.TP
\fBrbd mirror flush\fR [\fIscope\fR]
Returns after the daemon's next pass, which commits applied journal positions and rewrites the
images' status.
.TP
\fBperf dump\fR, \fBperf schema\fR
Counters: \fBrbd_mirror\fR (replay, replay_bytes, replay_latency) and \fBrbd_mirror_snapshot\fR
(snapshots, sync_time, sync_bytes).
.TP
\fBversion\fR, \fBgit_version\fR, \fBhelp\fR, \fBget_command_descriptions\fR
As every Ceph admin socket answers them.
.SH SIGNALS
SIGTERM and SIGINT stop the daemon cleanly: it deregisters, so its status records read
\fBdown+\fR, and removes its admin socket and pid file (\fBkill $(cat\fR \fIpid\-file\fR\fB)\fR).
A daemon killed with SIGKILL resumes an interrupted sync when restarted.
.SH FILES
.TP
\fB$RBDM_HOME/run/\fR\fIcluster\fR\fB\-client.\fR\fIid\fR\fB.pid\fR, \fB...\fR\fB.\fR\fIpid\fR\fB.\fR\fIcctid\fR\fB.asok\fR
Pid file and admin socket (defaults).
.TP
\fB$RBDM_HOME/log/\fR\fIcluster\fR\fB\-client.\fR\fIid\fR\fB.log\fR
Log file (default).
.TP
\fBsystemd/ceph\-rbd\-mirror@.service\fR (and \fBrbdm\-mirror@.service\fR)
systemd template unit, instance = the daemon's id: \fBsystemctl enable \-\-now
ceph\-rbd\-mirror@rbd\-mirror.a\fR runs \fBrbdm\-mirror \-f \-\-cluster $CLUSTER \-\-id rbd\-mirror.a\fR
(CLUSTER and RBDM_HOME from /etc/default/rbdm).
.SH ENVIRONMENT
.TP
\fBRBDM_HOME\fR
Where local clusters live.
.TP
\fBRBDM_DAEMON_HEARTBEAT_MS\fR, \fBRBDM_DAEMON_POLL_MS\fR, \fBRBDM_DAEMON_STATUS_MS\fR, \fBRBDM_DAEMON_RESTART_MS\fR, \fBRBDM_DAEMON_POOL_REFRESH_MS\fR, \fBRBDM_DAEMON_RETRY_MIN_MS\fR, \fBRBDM_DAEMON_RETRY_MAX_MS\fR
Test\-only overrides (milliseconds) of the heartbeat (1000), the poll, the status refresh (5000),
the restart delay, the pool refresh and the retry back\-off; they win over the options above.
Tests and the demo shorten them.
.SH SEE ALSO
\fBrbd\fR(8), \fBceph\fR(8), \fBsystemctl\fR(1)
`;
}
