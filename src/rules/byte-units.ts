// How rbd prints sizes (include/types.h byte_u_t: `64 MiB`, `1.5 GiB`), in its output and in its
// error messages alike.

const UNITS = [' B', ' KiB', ' MiB', ' GiB', ' TiB', ' PiB', ' EiB'];

/** include/types.h byte_u_t → format_u: whole multiples without decimals, otherwise the most
 *  precise of 2, 1, 0 decimals that fits in 7 characters with the unit. */
export function bytesHuman(v: number): string {
  let n = v;
  let index = 0;
  while (n >= 1024 && index < 6) {
    n = Math.floor(n / 1024);
    index++;
  }
  const u = UNITS[index]!;
  const mult = 2 ** (10 * index);
  if (index === 0 || v % mult === 0) return `${n}${u}`;
  let text = '';
  for (let i = 2; i >= 0; i--) {
    text = `${(v / mult).toFixed(i)}${u}`;
    if (text.length <= 7) break;
  }
  return text;
}
