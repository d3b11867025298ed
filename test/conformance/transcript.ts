// Replays the recorded runs of real rbd 16.2.15 (/work/shared/lab/real-rbd.md, sections 0-4, 7
// and 8) against our `rbd` on the embedded local backend and lists every difference left after
// normalising what legitimately differs between two clusters (UUIDs, fsids, keys, tokens, times,
// snapshot and image ids). Plain `rbd ...` records run in-process through main(); the few shell
// compositions (`;`, `&&`, pipes) run under bash with `rbd` bound to the built bin/rbd.js.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COMMANDS } from '../../commands/index.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export const TRANSCRIPT = process.env.RBDM_TRANSCRIPT ?? '/work/shared/lab/real-rbd.md';
const ROOT = resolve(import.meta.dirname, '..', '..');

export interface Rec {
  section: number; heading: string; line: number; command: string;
  code: number; stdout: string; stderr: string;
}

/** Every recorded run, in order, with the section and heading it sits under. */
export function parseTranscript(text: string): Rec[] {
  const lines = text.split('\n');
  const recs: Rec[] = [];
  let section = -1;
  let heading = '';
  const block = (i: number): [string, number] => { // body of the fence opening at line i
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j] !== '```'; j++) body.push(lines[j]!);
    return [body.length ? body.join('\n') + '\n' : '', j];
  };
  const stream = (i: number, name: string): [string, number] => {
    while (i < lines.length && !lines[i]!.startsWith(`${name}:`)) i++;
    if (lines[i]!.includes('_(empty)_')) return ['', i];
    return block(i + 1);
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const sec = /^## (\d+)\./.exec(l);
    if (sec) { section = Number(sec[1]); continue; }
    if (l.startsWith('### ')) { heading = l.slice(4); continue; }
    if (l !== '```console') continue;
    const command = lines[i + 1]!.replace(/^\$ /, '');
    let j = i + 3;
    while (!lines[j]!.startsWith('exit code:')) j++;
    const code = Number(/\*\*(\d+)\*\*/.exec(lines[j]!)![1]);
    const [stdout, k] = stream(j, 'stdout');
    const [stderr, m] = stream(k + 1, 'stderr');
    recs.push({ section, heading, line: i + 2, command, code, stdout, stderr });
    i = m;
  }
  return recs;
}

/** Shell words of a simple command line (single and double quotes, no expansions). */
function words(cmd: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m; (m = re.exec(cmd));) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

export interface Run { code: number; stdout: string; stderr: string }

export class Replayer {
  readonly home = mkdtempSync(join(tmpdir(), 'rbdm-conformance-'));
  readonly lab = join(this.home, 'lab');

  constructor() {
    mkdirSync(join(this.lab, 'tokens'), { recursive: true });
  }

  private io(stdin: string, out: string[], err: string[]): Io {
    return {
      stdout: (t) => { out.push(t); }, stderr: (t) => { err.push(t); }, readStdin: async () => stdin,
      env: { RBDM_HOME: this.home, RBDM_BACKEND: 'local', NO_COLOR: '1' }, stdoutIsTTY: false, stderrIsTTY: false,
    };
  }

  /** `rbd <args>` in-process. */
  async rbd(args: string[], stdin = ''): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, this.io(stdin, out, err), COMMANDS);
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  /** rbdm's `ceph <args>` (the built binary): the lab's set-up steps the recorder did not record. */
  ceph(args: string[]): Run {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'ceph.js'), ...args], {
      encoding: 'utf8', env: { ...process.env, RBDM_HOME: this.home, RBDM_BACKEND: 'local', NO_COLOR: '1', CEPH_ARGS: '', CEPH_CONF: '' },
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** Runs one recorded command line; undefined when it is not ours to run. */
  async run(command: string): Promise<Run | undefined> {
    const cmd = command.replaceAll('/tmp/ceph-lab', this.lab);
    const simple = /^rbd [^;&|<>]*(< \S+)?$/.exec(cmd);
    if (simple) {
      const [, redirect] = simple;
      const argv = words(redirect ? cmd.slice(0, -redirect.length) : cmd).slice(1);
      const stdin = redirect ? readFileSync(redirect.slice(2), 'utf8') : '';
      return this.rbd(argv, stdin);
    }
    if (/^ceph |^rbd-mirror |base64 -d|md5sum|python3/.test(cmd) && !/rbd .*peer add/.test(cmd)) return undefined;
    return this.shell(cmd);
  }

  /** A shell composition with `rbd` and rbdm's `ceph` (the built binaries). */
  shell(cmd: string): Run {
    const prelude = [
      `rbd() { node ${JSON.stringify(join(ROOT, 'bin', 'rbd.js'))} "$@"; }`,
      `ceph() { node ${JSON.stringify(join(ROOT, 'bin', 'ceph.js'))} "$@"; }`,
    ].join('\n');
    const r = spawnSync('bash', ['-c', `${prelude}\n${cmd}`], {
      encoding: 'utf8',
      env: { ...process.env, RBDM_HOME: this.home, RBDM_BACKEND: 'local', NO_COLOR: '1', CEPH_ARGS: '', CEPH_CONF: '' },
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  write(name: string, text: string): void { writeFileSync(join(this.lab, 'tokens', name), text); }
  exists(name: string): boolean { return existsSync(join(this.lab, 'tokens', name)); }
}

// ---------------------------------------------------------------------------------------------
// Normalisation: values that differ between any two clusters, and the librbd log-line form.

const RULES: [RegExp, string][] = [
  [/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+\d{4} [0-9a-f]+ -1 /g, '<log> '],
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>'],
  [/\bAQ[A-Za-z0-9+/]{36}==/g, '<key>'],
  [/^eyJ[A-Za-z0-9+/=]+$/gm, '<token>'],
  [/\b(Mon Host: ).*$/gm, '$1<mon>'],
  [/("mon_host": ").*(")/g, '$1<mon>$2'],
  [/\b[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\b/g, '<ctime>'],
  [/\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\b/g, '<time>'],
  [/(\tid: |"id": "|\tjournal: |"journal": ")[0-9a-f]{8,16}\b/g, '$1<id>'],
  [/\brbd_data\.[0-9a-f]{8,16}\b/g, 'rbd_data.<id>'],
  [/\b(Snapshot ID: )\d+/g, '$1<n>'],
  // snapshot ids: the SNAPID column of `snap ls` and "id": N of its JSON and of status snapshots
  [/^( *)\d+(  (\.mirror|[\w-]+ ))/gm, '$1<n>$2'],
  [/("id": )\d+/g, '$1<n>'],
  [/("hostname": ").*(")/g, '$1<host>$2'],
  // bench rates depend on the machine
  [/(ops\/sec: )[\d.]+(   bytes\/sec: )[\d.]+ \w+\/s/g, '$1<rate>$2<rate>'],
  // ...and so do its once-a-second rows and the elapsed seconds (a loaded machine takes longer
  // than the recorded run, which finished within its first second)
  [/^ +\d+ +\d+ +[\d.]+ +[\d.]+ \w+\/s\n/gm, ''],
  [/^(elapsed: )\d+(   ops: )/gm, '$1<secs>$2'],
];

export function normalise(text: string): string {
  let t = text;
  for (const [re, to] of RULES) t = t.replace(re, to);
  return t;
}

/** stderr as compared: every line, less Ceph's own log noise (config parsing, monclient), with
 *  librbd's log lines kept as `<log> ...` for stderrMatches. */
export function stderrLines(text: string): string[] {
  // a log line written into the middle of rbd's own line (two threads, one terminal)
  return normalise(text).replace(/^(rbd: [^\n]*?)(<log> [^\n]*)\n([^\n]*)$/m, '$1$3\n$2').split('\n')
    .filter((l) => l !== '' && l !== 'did not load config file, using default settings.')
    .filter((l) => !l.startsWith('<log> ') || /^<log> (librbd|rbd)::/.test(l));
}

/** ownLineSuffices: real rbd's own line already states the reason its log line repeats. */
export function stderrMatches(real: string, ours: string, ownLineSuffices = false): boolean {
  const r = stderrLines(real);
  const o = stderrLines(ours);
  if (r.join('\n') === o.join('\n')) return true;
  // real: librbd log line(s) [+ rbd: summary]; ours: one `rbd: [summary: ]reason` line
  const reasons = r.filter((l) => l.startsWith('<log> '))
    .map((l) => l.replace(/^<log> (librbd|rbd)::[\w:]*: (0x[0-9a-f]+ )?/, ''))
    .flatMap((why) => [why, why.replace(/^\w+: /, '')]);
  const summary = r.filter((l) => l.startsWith('rbd: ')).map((l) => l.slice(5).replace(/: \(\d+\) .*$/, ''));
  if (!reasons.length || o.length !== 1 || !o[0]!.startsWith('rbd: ')) return false;
  // `rbd: <summary>: <reason>` where real rbd has a summary line, else `rbd: <reason>`
  const mine = o[0]!.slice(5);
  return reasons.some((why) => mine === why || (summary.some((s) => mine.startsWith(s)) && mine.endsWith(`: ${why}`)))
    || (ownLineSuffices && o.join('\n') === r.filter((l) => l.startsWith('rbd: ')).join('\n'));
}
