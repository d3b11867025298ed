// A daemon that is alive must not read as `down` because a loaded machine delayed its beat.
import { hostname } from 'node:os';
import { expect, test } from 'vitest';
import { DAEMON_HEARTBEAT_WINDOW_MS, DAEMON_STALL_WINDOW_MS, isDaemonRowUp } from '../../src/backends/local/liveness.js';

const now = 1_800_000_000_000;
const host = hostname();
const row = (lateMs: number, over: Partial<{ hostname: string; pid: number | null }> = {}) =>
  ({ heartbeat: now - lateMs, hostname: host, pid: process.pid, ...over });

test('a late beat of a process running here is forgiven up to the stall window', () => {
  expect(isDaemonRowUp(row(1_000), now, host)).toBe(true);
  expect(isDaemonRowUp(row(DAEMON_HEARTBEAT_WINDOW_MS + 2_000), now, host)).toBe(true);
  expect(isDaemonRowUp(row(DAEMON_STALL_WINDOW_MS + 1), now, host)).toBe(false);
});

test('a late beat counts as down for a process that is gone, on another host, or without a pid', () => {
  const late = DAEMON_HEARTBEAT_WINDOW_MS + 2_000;
  expect(isDaemonRowUp(row(late, { pid: 2 ** 22 + 12_345 }), now, host)).toBe(false);
  expect(isDaemonRowUp(row(late, { hostname: `${host}-elsewhere` }), now, host)).toBe(false);
  expect(isDaemonRowUp(row(late, { pid: null }), now, host)).toBe(false);
});
