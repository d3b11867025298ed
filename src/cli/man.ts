// man/rbd.8, generated from the command definitions (`npm run man`); a test keeps it current.
import type { AnyCommand, OptionDef } from './define.js';
import { GLOBAL_OPTIONS } from './shared-options.js';

const esc = (s: string) => s.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/^\./gm, '\\&.');

function optionItem(name: string, def: OptionDef): string {
  const flag = def.alias ? `\\fB\\-${def.alias}\\fR, \\fB\\-\\-${esc(name)}\\fR` : `\\fB\\-\\-${esc(name)}\\fR`;
  const arg = def.type === 'string' ? ` \\fI${esc(name)}\\fR` : '';
  const choices = def.choices ? ` (${def.choices.join(', ')})` : '';
  const addition = def.rbdm ? ' (rbdm addition)' : '';
  return `.TP\n${flag}${arg}\n${esc(def.describe.replace(/\n/g, ' '))}${esc(choices)}${addition}`;
}

export function manPage(commands: readonly AnyCommand[], version: string): string {
  const out: string[] = [
    `.TH RBD 8 "" "rbdm ${version}" "rbdm manual"`,
    '.SH NAME',
    'rbd \\- manage RBD images and their mirroring (rbdm)',
    '.SH SYNOPSIS',
    '\\fBrbd\\fR [\\fIglobal options\\fR] \\fIcommand\\fR ... [\\fIoptions\\fR] [\\fIarguments\\fR]',
    '.SH DESCRIPTION',
    'rbdm re-implements the \\fBrbd mirror\\fR administration commands of Ceph over a pluggable backend:',
    'the embedded \\fIlocal\\fR backend keeps each cluster in \\fB$RBDM_HOME/<cluster>/cluster.db\\fR;',
    'the \\fIceph\\fR backend drives a real cluster through librbd. Exit status is the errno of a failure',
    '(2 ENOENT, 16 EBUSY, 22 EINVAL, ...), 1 for a usage error, 0 on success.',
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
    '\\fBrbd\\-mirror\\fR(8), \\fBceph\\fR(8)',
  );
  return out.join('\n') + '\n';
}
