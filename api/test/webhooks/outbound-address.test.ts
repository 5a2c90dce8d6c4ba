import { describe, expect, it } from 'vitest';
import { blockedAddressReason, checkWebhookUrl, isAllowedHost } from '../../src/webhooks/outbound-address';

describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['169.254.169.254', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['fc00::1', 'a unique-local address'],
    ['fd12:3456::1', 'a unique-local address'],
    ['0.0.0.0', 'an unspecified ("this network") address'],
    ['::', 'the unspecified address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['100.127.255.255', 'a carrier-grade NAT address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['255.255.255.255', 'the broadcast address'],
    ['240.0.0.1', 'a reserved address'],
    ['203.0.113.5', 'a documentation address'],
    ['2001:db8::1', 'a documentation address'],
    ['198.18.0.1', 'a benchmarking address'],
    ['::ffff:127.0.0.1', 'a loopback address in IPv4-mapped form'],
    ['::ffff:7f00:1', 'a loopback address in IPv4-mapped form'],
    ['::ffff:a9fe:a9fe', 'a link-local address in IPv4-mapped form'],
    ['::ffff:10.1.2.3', 'a private address in IPv4-mapped form'],
    ['64:ff9b::7f00:1', 'a loopback address in NAT64 form'],
    ['64:ff9b::192.168.0.1', 'a private address in NAT64 form'],
    ['::7f00:1', 'a loopback address in IPv4-compatible form'],
    ['::10.0.0.1', 'a private address in IPv4-compatible form'],
    ['64:ff9b:1::1', 'a local-use NAT64 address'],
    ['2002:7f00:1::1', 'a 6to4 tunnel address'],
    ['2001::1', 'a Teredo tunnel address'],
    ['100::1', 'outside the global unicast range 2000::/3'],
    ['::ffff:0:7f00:1', 'outside the global unicast range 2000::/3'],
    ['localhost', 'not an IP address'],
    ['127.1', 'not an IP address'],
  ])('refuses %s as %s', (address, kind) => {
    expect(blockedAddressReason(address)).toBe(`${address} is ${kind}`);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2001:4860:4860::8888',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '::8.8.8.8',
  ])('lets the public address %s through', (address) => {
    expect(blockedAddressReason(address)).toBeNull();
  });
});

describe('checkWebhookUrl', () => {
  it('accepts http and https URLs with a public or named host', () => {
    expect(checkWebhookUrl('https://hooks.example.com/in?x=1', [])).toMatchObject({ ok: true, url: new URL('https://hooks.example.com/in?x=1') });
    expect(checkWebhookUrl('http://8.8.8.8:8080/', [])).toMatchObject({ ok: true });
    expect(checkWebhookUrl('http://[2001:4860:4860::8888]/', [])).toMatchObject({ ok: true });
  });

  it.each([
    ['not a url', '"not a url" is not a URL'],
    ['ftp://hooks.example.com/', 'ftp://hooks.example.com/ is not an http or https URL'],
    ['file:///etc/passwd', 'file:///etc/passwd is not an http or https URL'],
    ['https://user:secret@hooks.example.com/', 'hooks.example.com: a webhook URL may not carry a user name or password'],
    ['http://127.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://2130706433/', '127.0.0.1 is a loopback address'],
    ['http://0x7f.1/', '127.0.0.1 is a loopback address'],
    ['http://0177.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 is a loopback address in IPv4-mapped form'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
    ['http://10.0.0.1/', '10.0.0.1 is a private address'],
  ])('refuses %s: %s', (url, message) => {
    expect(checkWebhookUrl(url, [])).toEqual({ ok: false, message });
  });

  it('lets an allowed host through whatever its address, and only on the port the entry names', () => {
    expect(checkWebhookUrl('http://127.0.0.1:4010/hook', ['127.0.0.1:4010'])).toMatchObject({ ok: true });
    expect(checkWebhookUrl('http://127.0.0.1:4011/hook', ['127.0.0.1:4010'])).toEqual({ ok: false, message: '127.0.0.1 is a loopback address' });
  });
});

describe('isAllowedHost', () => {
  const allowed = (url: string, entries: string[]) => isAllowedHost(new URL(url), entries);

  it('matches host:port exactly, with the scheme default port where the URL names none', () => {
    expect(allowed('http://localhost:4010/', ['localhost:4010'])).toBe(true);
    expect(allowed('http://LOCALHOST:4010/', ['localhost:4010'])).toBe(true);
    expect(allowed('http://localhost:4011/', ['localhost:4010'])).toBe(false);
    expect(allowed('http://localhost/', ['localhost:80'])).toBe(true);
    expect(allowed('https://localhost/', ['localhost:80'])).toBe(false);
    expect(allowed('http://[::1]:4010/', ['[::1]:4010'])).toBe(true);
    expect(allowed('http://localhost.evil.example:4010/', ['localhost:4010'])).toBe(false);
  });

  it('reads an entry without a port as the scheme default port only', () => {
    expect(allowed('https://hooks.internal/', ['hooks.internal'])).toBe(true);
    expect(allowed('http://hooks.internal/', ['hooks.internal'])).toBe(true);
    expect(allowed('http://hooks.internal:8080/', ['hooks.internal'])).toBe(false);
  });

  it('compares with the hostname as parsed, so another spelling of an allowed address is allowed too', () => {
    expect(allowed('http://2130706433:4010/', ['127.0.0.1:4010'])).toBe(true);
  });
});
