// man/rbd.8 and man/ceph.8, generated from the command definitions (`npm run man`); a test keeps them current.
import type { AnyCommand, OptionDef } from './define.js';
import { BACKEND_RULE } from './backend-notice.js';
import { GLOBAL_OPTIONS } from './shared-options.js';

const esc = (s: string) => s.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/^\./gm, '\\&.');

function optionItem(name: string, def: OptionDef): string {
  const flag = def.alias ? `\\fB\\-${def.alias}\\fR, \\fB\\-\\-${esc(name)}\\fR` : `\\fB\\-\\-${esc(name)}\\fR`;
  const arg = def.type === 'string' ? ` \\fI${esc(name)}\\fR` : '';
  const choices = def.choices ? ` (${def.choices.join(', ')})` : '';
  const addition = def.rbdm ? ' (rbdm addition)' : '';
  return `.TP\n${flag}${arg}\n${esc(def.describe.replace(/\n/g, ' '))}${esc(choices)}${addition}`;
}

/** What differs between the pages of the binaries that share this generator. */
export interface ManPageHead { program: string; name: string; description: readonly string[]; seeAlso: string }

export const RBD_PAGE: ManPageHead = {
  program: 'rbd',
  name: 'manage RBD images and their mirroring (rbdm)',
  description: [
    'rbdm re-implements the \\fBrbd mirror\\fR administration commands of Ceph over a pluggable backend:',
    'the embedded \\fIlocal\\fR backend keeps each cluster in \\fB$RBDM_HOME/<cluster>/cluster.db\\fR;',
    'the \\fIceph\\fR backend drives a real cluster through librbd. Exit status is the errno of a failure',
    '(2 ENOENT, 16 EBUSY, 22 EINVAL, ...), 1 for a usage error, 0 on success.',
    '.SH BACKEND SELECTION',
    esc(BACKEND_RULE),
  ],
  seeAlso: '\\fBrbd\\-mirror\\fR(8), \\fBceph\\fR(8)',
};

export const CEPH_PAGE: ManPageHead = {
  program: 'ceph',
  name: 'the monitor commands an rbd-mirror operator uses (rbdm addition)',
  description: [
    'rbdm adds this subset of Ceph\'s \\fBceph\\fR command so that the rbd-mirror set-up (users, pools,',
    'configuration, status) works on \\fIlocal\\fR clusters; on the \\fIceph\\fR backend the same',
    'subcommands go to the monitors as mon commands. Output, messages and exit status are Ceph\'s:',
    'failures print \\fBError E<name>: <reason>\\fR and exit with the errno (1 EPERM, 2 ENOENT, 22 EINVAL);',
    'a malformed command prints \\fBInvalid command\\fR and exits 22. \\fB\\-s\\fR is \\fBstatus\\fR.',
    'Keys and keyrings are printed only by the commands that are asked for them; \\fB\\-o\\fR writes them',
    'to a file created with mode 0600. Each local cluster has its own \\fB$RBDM_HOME/<cluster>/ceph.conf\\fR',
    '([global], [client], [client.<id>]), read by rbd, ceph and rbd-mirror after \\fB\\-c\\fR and \\fB$CEPH_CONF\\fR.',
    '\\fB\\-\\-admin\\-daemon\\fR \\fIsocket\\fR \\fIcommand...\\fR sends a command to a daemon\'s admin socket',
    '(\\fBceph daemon\\fR below; rbd\\-mirror(8) lists its commands), as Ceph\'s ceph does.',
  ],
  seeAlso: '\\fBrbd\\fR(8), \\fBrbd\\-mirror\\fR(8)',
};

export function manPage(commands: readonly AnyCommand[], version: string, head: ManPageHead = RBD_PAGE): string {
  const out: string[] = [
    `.TH ${head.program.toUpperCase()} 8 "" "rbdm ${version}" "rbdm manual"`,
    '.SH NAME',
    `${head.program} \\- ${esc(head.name)}`,
    '.SH SYNOPSIS',
    `\\fB${head.program}\\fR [\\fIglobal options\\fR] \\fIcommand\\fR ... [\\fIoptions\\fR] [\\fIarguments\\fR]`,
    '.SH DESCRIPTION',
    ...head.description,
    '.SH GLOBAL OPTIONS',
    ...Object.entries(GLOBAL_OPTIONS as Record<string, OptionDef>).filter(([, d]) => !d.hidden).map(([n, d]) => optionItem(n, d)),
    '.TP',
    '\\fB\\-\\-\\fR\\fIconfig\\-option\\fR \\fIvalue\\fR',
    'Any known Ceph config option, e.g. \\fB\\-\\-rbd\\-mirroring\\-max\\-mirroring\\-snapshots 10\\fR.',
    '.SH COMMANDS',
  ];
  for (const c of [...commands].sort((a, b) => a.path.join(' ').localeCompare(b.path.join(' ')))) {
    const usage = [
      ...Object.entries(c.options).filter(([, d]) => !d.hidden).map(([n, d]) => (d.type === 'string' ? `[\\-\\-${esc(n)} \\fI${esc(n)}\\fR]` : `[\\-\\-${esc(n)}]`)),
      ...c.positionals.map((p) => `\\fI<${esc(p.name)}>\\fR`),
    ].join(' ');
    out.push('.SS', `\\fB${esc(c.path.join(' '))}\\fR ${usage}`);
    if (c.aliases?.length) out.push(`Alias: \\fB${c.aliases.map((a) => esc(a.join(' '))).join(', ')}\\fR.`, '.br');
    out.push(esc(c.details ?? c.describe));
    if (c.positionals.length) {
      out.push('.RS');
      for (const p of c.positionals) out.push(`.TP\n\\fI<${esc(p.name)}>\\fR\n${esc(p.describe.replace(/\n/g, ' '))}`);
      out.push('.RE');
    }
    const opts = Object.entries(c.options).filter(([, d]) => !d.hidden);
    if (opts.length) {
      out.push('.RS');
      for (const [n, d] of opts) out.push(optionItem(n, d));
      out.push('.RE');
    }
  }
  out.push(
    '.SH ENVIRONMENT',
    '.TP\n\\fBRBDM_HOME\\fR\nWhere local clusters live (default: $XDG_DATA_HOME/rbdm or ~/.local/share/rbdm).',
    '.TP\n\\fBRBDM_BACKEND\\fR\n\\fIlocal\\fR or \\fIceph\\fR; overrides the automatic choice.',
    '.TP\n\\fBNO_COLOR\\fR, \\fBCI\\fR\nNo colour and no spinners.',
    '.TP\n\\fBRBDM_DEBUG\\fR\n1 prints stack traces of internal errors.',
    '.SH SEE ALSO',
    head.seeAlso,
  );
  return out.join('\n') + '\n';
}
