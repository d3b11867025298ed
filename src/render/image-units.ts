// How rbd prints sizes (byte_u_t: `64 MiB`, `1.5 GiB`) and times (ctime(3): `Wed Nov 25 11:56:55 2026`).

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

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** ctime(3) without its newline, in local time; '' for 0 (rbd omits unset timestamps). */
export function ctime(ms: number): string {
  if (!ms) return '';
  const d = new Date(ms);
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
}
