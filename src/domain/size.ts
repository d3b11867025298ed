// Sizes as rbd's option validators read them (common/strtol.cc strict_iecstrtoll, and the
// `--size` rule that a bare number means MiB). A value rbd's validator rejects is a boost
// parse error: `rbd: the argument for option '--size' is invalid`, exit 1.
import { UsageError } from '../errors.js';

const UNIT_SHIFT: Record<string, number> = { B: 0, K: 10, M: 20, G: 30, T: 40, P: 50, E: 60 };

/** strict_iecstrtoll: digits with an optional unit `B|K|M|G|T|P|E`, optionally followed by one
 *  more character (`Ki`, `MB`, ...). undefined when rbd would reject the text. */
export function parseIec(text: string): bigint | undefined {
  const m = /^([+-]?\d+)(.*)$/.exec(text);
  if (!m) return undefined;
  const unit = m[2]!;
  let shift = 0;
  if (unit !== '') {
    if (unit.length > 2 || (unit.endsWith('i') && unit.startsWith('B'))) return undefined;
    const s = UNIT_SHIFT[unit[0]!];
    if (s === undefined) return undefined;
    shift = s;
  }
  const n = BigInt(m[1]!);
  const max = (1n << 63n) - 1n;
  if (n > max >> BigInt(shift) || n < -(max >> BigInt(shift))) return undefined;
  return n << BigInt(shift);
}

/** `--size`: IEC units, a bare number is MiB. Negative sizes are refused here (rbd would wrap
 *  them into an absurd unsigned size; rbdm reports the option as invalid instead). */
export function parseImageSize(text: string, option = '--size'): number {
  const value = parseIec(text);
  if (value === undefined || value < 0n) throw invalidArgument(option);
  const bytes = /\d$/.test(text) ? value << 20n : value;
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidArgument(option);
  return Number(bytes);
}

/** `--object-size`, `--journal-object-size`: IEC units, a bare number is bytes. */
export function parseByteCount(text: string, option: string): number {
  const value = parseIec(text);
  if (value === undefined || value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidArgument(option);
  return Number(value);
}

/** `--order` (hidden, superseded by --object-size): 12 to 25. */
export function parseOrder(text: string): number {
  if (!/^\d+$/.test(text) || +text < 12 || +text > 25) throw invalidArgument('--order');
  return +text;
}

export function invalidArgument(option: string): UsageError {
  return new UsageError(`rbd: the argument for option '${option}' is invalid`);
}
