// The daemon's log: Ceph-style lines (`<time> <pid> <level> <component>: <text>`) to a file
// (-f, --log-file) or to stderr (-d).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { appendNoFollow } from '../os/safe-fs.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const LEVEL_NUM: Record<LogLevel, number> = { error: -1, warn: 0, info: 5, debug: 20 };

export interface Logger {
  error(component: string, text: string): void;
  warn(component: string, text: string): void;
  info(component: string, text: string): void;
  debug(component: string, text: string): void;
}

export function createLogger(target: { file?: string; stderr: boolean }, verbose = false): Logger {
  if (target.file) mkdirSync(dirname(target.file), { recursive: true, mode: 0o700 });
  const write = (level: LogLevel, component: string, text: string): void => {
    if (level === 'debug' && !verbose) return;
    const line = `${new Date().toISOString()} ${process.pid} ${LEVEL_NUM[level]} rbd::mirror::${component}: ${text}\n`;
    if (target.stderr) process.stderr.write(line);
    if (target.file) {
      try { appendNoFollow(target.file, line); } catch { /* a full disk (or a planted symlink) must not stop replication */ }
    }
  };
  return {
    error: (c, t) => write('error', c, t),
    warn: (c, t) => write('warn', c, t),
    info: (c, t) => write('info', c, t),
    debug: (c, t) => write('debug', c, t),
  };
}

/** A logger that drops everything (unit tests). */
export const silentLogger: Logger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
