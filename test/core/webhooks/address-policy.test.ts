import { describe, expect, it } from 'vitest';
import { readSharedJson } from '../../support/shared.ts';
import { judgeAddress, judgeHost, judgeTargetUrl } from '#core/webhooks/address-policy.ts';
import { parseIp } from '#core/webhooks/ip-address.ts';

interface SsrfCases { must_refuse: string[]; must_refuse_scheme: string[]; must_accept: string[] }
const cases = readSharedJson<SsrfCases>('webhooks', 'ssrf-cases.json');
const production = { allowLoopback: false };
const local = { allowLoopback: true };

const refusal = (url: string, policy = production) => {
  const verdict = judgeTargetUrl(url, policy);
  return verdict.allowed ? undefined : verdict.reason;
};

describe('webhook target policy (SSRF)', () => {
  it.each(cases.must_refuse)('refuses %s with a reason naming the address class', (url) => {
    expect(refusal(url)).toMatch(/loopback|private|link-local|metadata|carrier-grade|multicast|reserved|unspecified|this network|broadcast/);
  });

  it.each(cases.must_refuse_scheme)('refuses %s (scheme or credentials)', (url) => {
    expect(refusal(url)).toMatch(/scheme|credentials|not an absolute URL/);
  });

  it.each(cases.must_accept)('accepts %s', (url) => {
    expect(judgeTargetUrl(url, production)).toEqual({ allowed: true });
  });

  it('names metadata endpoints as such, whatever the spelling or IPv6 wrapping', () => {
    for (const url of ['http://169.254.169.254/', 'http://2852039166/', 'http://0xa9.0xfe.0xa9.0xfe/', 'http://[::ffff:169.254.169.254]/', 'http://[64:ff9b::a9fe:a9fe]/', 'http://[2002:a9fe:a9fe::]/', 'http://[fd00:ec2::254]/', 'http://metadata.google.internal/']) {
      expect(refusal(url)).toMatch(/metadata/);
    }
  });

  it('requires https in production even for public hosts', () => {
    expect(refusal('http://example.com/hook')).toBe('webhook targets must use https');
  });

  it('allows loopback (and plain http to it) only when configured, and nothing else internal', () => {
    for (const url of ['http://127.0.0.1:8080/', 'http://localhost:3000/hook', 'http://[::1]:9000/', 'http://127.1/']) {
      expect(refusal(url)).toMatch(/loopback/);
      expect(judgeTargetUrl(url, local)).toEqual({ allowed: true });
    }
    for (const url of ['http://10.0.0.1/', 'http://169.254.169.254/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/', 'http://example.com/']) {
      expect(refusal(url, local)).toBeDefined();
    }
  });

  it('refuses single-label and private-use host names', () => {
    expect(refusal('https://intranet/')).toMatch(/fully qualified/);
    expect(refusal('https://db.internal/')).toMatch(/private-use/);
    expect(refusal('https://printer.local/')).toMatch(/private-use/);
    expect(refusal('https://api.localhost/')).toMatch(/loopback/);
  });

  it('judges resolved addresses at connect time (the DNS half of the defence)', () => {
    const judge = (ip: string) => judgeAddress(parseIp(ip)!, production, ip);
    expect(judge('169.254.169.254')).toMatchObject({ allowed: false });
    expect(judge('127.0.0.1')).toMatchObject({ allowed: false });
    expect(judge('::ffff:10.1.2.3')).toMatchObject({ allowed: false });
    expect(judge('93.184.215.14')).toEqual({ allowed: true });
    expect(judge('2606:2800:21f:cb07:6820:80da:af6b:8b2c')).toEqual({ allowed: true });
    expect(judge('2001:db8::1')).toMatchObject({ allowed: false });
    expect(judge('2001:0:4136:e378::1')).toMatchObject({ allowed: false });
    expect(judge('ff02::1')).toMatchObject({ allowed: false });
    expect(judge('4000::1')).toMatchObject({ allowed: false });
    expect(judgeHost('8.8.8.8', production)).toEqual({ allowed: true });
  });
});

describe('IP literal parsing', () => {
  it('reads every IPv4 spelling inet_aton accepts', () => {
    const loopback = 0x7f000001;
    for (const text of ['127.0.0.1', '127.1', '127.0.1', '2130706433', '0x7f000001', '0177.0.0.1', '0x7f.1', '127.0.0.1.']) {
      expect(parseIp(text)).toEqual({ family: 4, value: loopback });
    }
    for (const text of ['256.1.1.1', '1.2.3.4.5', '08.1.1.1', '0x', 'example.com', '4294967296', '']) {
      expect(parseIp(text)?.value === loopback).toBe(false);
    }
    expect(parseIp('256.1.1.1')).toBeUndefined();
    expect(parseIp('4294967296')).toBeUndefined();
  });

  it('reads IPv6 with compression, brackets, zones and dotted tails', () => {
    expect(parseIp('::1')).toEqual({ family: 6, value: 1n });
    expect(parseIp('[::]')).toEqual({ family: 6, value: 0n });
    expect(parseIp('::ffff:169.254.169.254')).toEqual(parseIp('::ffff:a9fe:a9fe'));
    expect(parseIp('fe80::1%eth0')).toEqual(parseIp('fe80:0:0:0:0:0:0:1'));
    expect(parseIp('1:2:3:4:5:6:7:8')?.value).toBe(0x00010002000300040005000600070008n);
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', ':::', '::ffff:1.2.3']) expect(parseIp(bad)).toBeUndefined();
  });
});
