// rbd's utils::timestr: unix seconds as local `YYYY-MM-DD HH:MM:SS`, '' for 0 (never).
const pad = (n: number) => (n < 10 ? '0' + n : String(n));

export function localTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function timestr(unixSeconds: number): string {
  return unixSeconds === 0 ? '' : localTimestamp(unixSeconds * 1000);
}
