/**
 * IP literals as numbers, parsed without the network stack so the SSRF policy
 * stays pure. IPv4 accepts every spelling `inet_aton` does (decimal, hex,
 * octal, 1–4 parts: `127.1`, `2130706433`, `0x7f000001`, `0177.0.0.1`),
 * because that is what a resolver or HTTP client may end up connecting to.
 */

export type IpAddress = { family: 4; value: number } | { family: 6; value: bigint };

const IPV4_PART = /^(0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$/i;

function parseIpv4Part(part: string): number | undefined {
  if (!IPV4_PART.test(part)) return undefined;
  if (/^0x/i.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
  if (part.length > 1 && part.startsWith('0')) return parseInt(part.slice(1), 8);
  return parseInt(part, 10);
}

/** `inet_aton` semantics: the last part fills the remaining bytes. */
export function parseIpv4(text: string): number | undefined {
  const trimmed = text.endsWith('.') ? text.slice(0, -1) : text;
  const parts = trimmed.split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const numbers = parts.map(parseIpv4Part);
  if (numbers.some((n) => n === undefined || !Number.isFinite(n))) return undefined;
  const values = numbers as number[];
  const last = values.pop()!;
  if (values.some((n) => n > 255)) return undefined;
  const lastBytes = 4 - values.length;
  if (last >= 2 ** (8 * lastBytes)) return undefined;
  let result = 0;
  for (const n of values) result = result * 256 + n;
  return result * 2 ** (8 * lastBytes) + last;
}

/** RFC 4291 text forms, including `::` compression and a trailing dotted IPv4. */
export function parseIpv6(text: string): bigint | undefined {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!/^[0-9a-f:.]+$/i.test(s) || !s.includes(':')) return undefined;
  const lastColon = s.lastIndexOf(':');
  const dotted = s.slice(lastColon + 1);
  if (dotted.includes('.')) {
    // `::ffff:1.2.3.4` is `::ffff:102:304`: rewrite the dotted tail as two groups.
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(dotted)) return undefined;
    const b = dotted.split('.').map(Number);
    if (b.some((n) => n > 255)) return undefined;
    const hex = (hi: number, lo: number) => (hi * 256 + lo).toString(16);
    s = `${s.slice(0, lastColon + 1)}${hex(b[0]!, b[1]!)}:${hex(b[2]!, b[3]!)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const words = [...head, ...rest];
  if (words.some((w) => !/^[0-9a-f]{1,4}$/i.test(w))) return undefined;
  if (halves.length === 1 ? words.length !== 8 : words.length > 7) return undefined;
  const filler = Array<string>(8 - words.length).fill('0');
  return [...head, ...(halves.length === 2 ? filler : []), ...rest].reduce((acc, w) => (acc << 16n) | BigInt(parseInt(w, 16)), 0n);
}

export function parseIp(text: string): IpAddress | undefined {
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  if (v6 !== undefined) return { family: 6, value: v6 };
  const v4 = text.includes(':') ? undefined : parseIpv4(text);
  return v4 === undefined ? undefined : { family: 4, value: v4 };
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
