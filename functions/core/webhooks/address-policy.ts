/**
 * Which webhook targets we are willing to connect to (SSRF defence).
 *
 * Checked twice: on the URL when a subscription is created (so the admin gets a
 * clear 400) and on every resolved address at connect time (so DNS answers and
 * rebinding cannot smuggle an internal address past the first check). The
 * ranges below are the IANA special-purpose registries; IPv6 forms that embed
 * an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address.
 */
import { formatIpv4, parseIp, type IpAddress } from './ip-address.ts';

export interface AddressPolicy {
  /** Loopback targets (and plain http to them) are allowed: the local runtime only. */
  allowLoopback: boolean;
}

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

interface Range4 { base: number; bits: number; kind: string }
interface Range6 { base: bigint; bits: number; kind: string }

const v4 = (text: string, kind: string): Range4 => {
  const [addr, bits] = text.split('/');
  return { base: parseIp(addr!)!.value as number, bits: Number(bits), kind };
};
const v6 = (text: string, kind: string): Range6 => {
  const [addr, bits] = text.split('/');
  return { base: parseIp(addr!)!.value as bigint, bits: Number(bits), kind };
};

const METADATA_V4 = new Set(['169.254.169.254', '169.254.170.2', '169.254.170.23', '100.100.100.200', '192.0.0.192']);
const METADATA_V6 = [parseIp('fd00:ec2::254')!.value as bigint, parseIp('fd00:ec2::23')!.value as bigint];
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

/** Most specific first, so the reason names the narrowest range. */
const RANGES_V4: Range4[] = [
  v4('127.0.0.0/8', 'loopback'),
  v4('0.0.0.0/8', '"this network" (unspecified)'),
  v4('10.0.0.0/8', 'private'),
  v4('172.16.0.0/12', 'private'),
  v4('192.168.0.0/16', 'private'),
  v4('100.64.0.0/10', 'carrier-grade NAT (shared)'),
  v4('169.254.0.0/16', 'link-local'),
  v4('192.0.0.0/24', 'IETF protocol assignment (reserved)'),
  v4('192.0.2.0/24', 'documentation (TEST-NET-1, reserved)'),
  v4('198.51.100.0/24', 'documentation (TEST-NET-2, reserved)'),
  v4('203.0.113.0/24', 'documentation (TEST-NET-3, reserved)'),
  v4('192.88.99.0/24', '6to4 relay anycast (reserved)'),
  v4('198.18.0.0/15', 'benchmarking (reserved)'),
  v4('224.0.0.0/4', 'multicast'),
  v4('255.255.255.255/32', 'broadcast (reserved)'),
  v4('240.0.0.0/4', 'reserved'),
];

const RANGES_V6: Range6[] = [
  v6('::1/128', 'loopback'),
  v6('::/128', 'unspecified'),
  v6('100::/64', 'discard-only (reserved)'),
  v6('64:ff9b:1::/48', 'local-use NAT64'),
  v6('2001:db8::/32', 'documentation (reserved)'),
  v6('2001::/23', 'IETF protocol assignment (Teredo, benchmarking, ORCHID; reserved)'),
  v6('3fff::/20', 'documentation (reserved)'),
  v6('fc00::/7', 'unique local (private)'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'site-local (deprecated, private)'),
  v6('ff00::/8', 'multicast'),
];

const a = (kind: string) => (/^[aeiou"]/i.test(kind) && !kind.startsWith('"') ? `an ${kind}` : `a ${kind}`);

const inRange4 = (value: number, r: Range4) => Math.floor(value / 2 ** (32 - r.bits)) === Math.floor(r.base / 2 ** (32 - r.bits));
const inRange6 = (value: bigint, r: Range6) => value >> BigInt(128 - r.bits) === r.base >> BigInt(128 - r.bits);

/** IPv6 forms that carry an IPv4 address the packet really goes to (or is translated to). */
function embeddedIpv4(value: bigint): { v4: number; form: string } | undefined {
  const low32 = Number(value & 0xffffffffn);
  if (value >> 32n === 0xffffn) return { v4: low32, form: 'IPv4-mapped' };
  if (value >> 32n === 0n && value > 1n) return { v4: low32, form: 'IPv4-compatible' };
  if (value >> 32n === 0x64ff9b0000000000000000n) return { v4: low32, form: 'NAT64' };
  if (value >> 112n === 0x2002n) return { v4: Number((value >> 80n) & 0xffffffffn), form: '6to4' };
  return undefined;
}

function judgeIpv4(value: number, policy: AddressPolicy, shown: string, via = ''): AddressVerdict {
  const dotted = formatIpv4(value);
  const where = via ? `${shown} (${via} form of ${dotted})` : shown === dotted ? dotted : `${shown} (= ${dotted})`;
  if (METADATA_V4.has(dotted)) return { allowed: false, reason: `${where} is a cloud metadata address` };
  const range = RANGES_V4.find((r) => inRange4(value, r));
  if (!range) return { allowed: true };
  if (range.kind === 'loopback' && policy.allowLoopback && !via) return { allowed: true };
  return { allowed: false, reason: `${where} is ${a(range.kind)} address` };
}

function judgeIpv6(value: bigint, policy: AddressPolicy, shown: string): AddressVerdict {
  if (METADATA_V6.includes(value)) return { allowed: false, reason: `${shown} is a cloud metadata address` };
  const embedded = embeddedIpv4(value);
  if (embedded) {
    const verdict = judgeIpv4(embedded.v4, policy, shown, embedded.form);
    // A mapped public address is still an odd thing to subscribe; we allow it like its IPv4 twin.
    return verdict;
  }
  const range = RANGES_V6.find((r) => inRange6(value, r));
  if (range) {
    if (range.kind === 'loopback' && policy.allowLoopback) return { allowed: true };
    return { allowed: false, reason: `${shown} is ${a(range.kind)} address` };
  }
  if (value >> 125n !== 1n) return { allowed: false, reason: `${shown} is outside global unicast space (reserved)` };
  return { allowed: true };
}

/** Judges one IP address (a literal from a URL or an answer from DNS). */
export function judgeAddress(address: IpAddress, policy: AddressPolicy, shown: string): AddressVerdict {
  return address.family === 4 ? judgeIpv4(address.value, policy, shown) : judgeIpv6(address.value, policy, shown);
}

export function isLoopbackHostname(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** Judges a host as written in a URL: an IP literal in any spelling, or a name. */
export function judgeHost(host: string, policy: AddressPolicy): AddressVerdict {
  const ip = parseIp(host);
  if (ip) return judgeAddress(ip, policy, host);
  const name = host.toLowerCase().replace(/\.$/, '');
  if (isLoopbackHostname(name)) {
    return policy.allowLoopback ? { allowed: true } : { allowed: false, reason: `${host} names the loopback interface` };
  }
  if (METADATA_NAMES.has(name)) return { allowed: false, reason: `${host} is a cloud metadata host name` };
  if (!name.includes('.')) return { allowed: false, reason: `${host} is not a fully qualified public host name` };
  if (/\.(internal|local|localdomain|home\.arpa|intranet|lan)$/.test(name)) {
    return { allowed: false, reason: `${host} is a private-use host name` };
  }
  return { allowed: true };
}

/**
 * Judges a target URL at subscribe time:
 * 1. absolute URL with scheme https (or http to loopback when loopback is allowed);
 * 2. no credentials in the URL (they would be sent to every redirect-free retry and logged by proxies);
 * 3. the host (IP literal in any spelling, or name) is not internal.
 */
export function judgeTargetUrl(url: string, policy: AddressPolicy): AddressVerdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { allowed: false, reason: `"${url}" is not an absolute URL` };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { allowed: false, reason: `scheme ${parsed.protocol} is not allowed: webhook targets must be https` };
  }
  if (parsed.username || parsed.password) return { allowed: false, reason: 'credentials in the URL are not allowed' };
  const host = parsed.hostname;
  const hostVerdict = judgeHost(host, policy);
  if (!hostVerdict.allowed) return hostVerdict;
  if (parsed.protocol === 'http:') {
    const loopback = isLoopbackHostname(host) || isLoopbackIp(host);
    if (!(policy.allowLoopback && loopback)) return { allowed: false, reason: 'webhook targets must use https' };
  }
  return { allowed: true };
}

function isLoopbackIp(host: string): boolean {
  const ip = parseIp(host);
  if (!ip) return false;
  return ip.family === 4 ? Math.floor(ip.value / 2 ** 24) === 127 : ip.value === 1n;
}
