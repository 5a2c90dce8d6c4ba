import { BlockList, isIP } from 'node:net';

/** A range of addresses a webhook may not reach, and what such an address is, in words. */
interface BlockedRange {
  network: string;
  prefix: number;
  kind: string;
}

/**
 * IPv4 ranges that are not on the public internet (IANA's special-purpose registry, RFC 6890): the ones a request
 * could use to reach the api's own host or network, and the ones no real receiver lives in (documentation,
 * benchmarking, reserved), which are refused rather than guessed about. Broadcast comes before 240/4, which holds it.
 */
const BLOCKED_IPV4: readonly BlockedRange[] = [
  { network: '0.0.0.0', prefix: 8, kind: 'an unspecified ("this network") address' },
  { network: '10.0.0.0', prefix: 8, kind: 'a private address' },
  { network: '100.64.0.0', prefix: 10, kind: 'a carrier-grade NAT address' },
  { network: '127.0.0.0', prefix: 8, kind: 'a loopback address' },
  { network: '169.254.0.0', prefix: 16, kind: 'a link-local address' },
  { network: '172.16.0.0', prefix: 12, kind: 'a private address' },
  { network: '192.0.0.0', prefix: 24, kind: 'an IETF protocol address' },
  { network: '192.0.2.0', prefix: 24, kind: 'a documentation address' },
  { network: '192.168.0.0', prefix: 16, kind: 'a private address' },
  { network: '198.18.0.0', prefix: 15, kind: 'a benchmarking address' },
  { network: '198.51.100.0', prefix: 24, kind: 'a documentation address' },
  { network: '203.0.113.0', prefix: 24, kind: 'a documentation address' },
  { network: '224.0.0.0', prefix: 4, kind: 'a multicast address' },
  { network: '255.255.255.255', prefix: 32, kind: 'the broadcast address' },
  { network: '240.0.0.0', prefix: 4, kind: 'a reserved address' },
];

/** IPv6 ranges inside or beside the global unicast range that are refused whole; everything outside 2000::/3 is too. */
const BLOCKED_IPV6: readonly BlockedRange[] = [
  { network: '::', prefix: 128, kind: 'the unspecified address' },
  { network: '::1', prefix: 128, kind: 'a loopback address' },
  { network: 'fe80::', prefix: 10, kind: 'a link-local address' },
  { network: 'fc00::', prefix: 7, kind: 'a unique-local address' },
  { network: 'ff00::', prefix: 8, kind: 'a multicast address' },
  { network: '64:ff9b:1::', prefix: 48, kind: 'a local-use NAT64 address' },
  { network: '2001:db8::', prefix: 32, kind: 'a documentation address' },
  // Tunnels whose addresses carry an IPv4 address a relay would reach for us; nothing needs them for a webhook.
  { network: '2001::', prefix: 32, kind: 'a Teredo tunnel address' },
  { network: '2002::', prefix: 16, kind: 'a 6to4 tunnel address' },
];

/**
 * IPv6 prefixes whose last 32 bits are an IPv4 address that the connection may end up at: such an address is as
 * blocked as the IPv4 address it carries (and as public, so NAT64 under DNS64 keeps working).
 */
const IPV4_CARRIERS = [
  { prefix: '::ffff:', form: 'IPv4-mapped' },
  { prefix: '64:ff9b::', form: 'NAT64' },
  { prefix: '::', form: 'IPv4-compatible' },
] as const;

/** One blocked range as a `BlockList` (which also matches an IPv4 rule against the IPv4-mapped IPv6 form). */
interface Rule {
  list: BlockList;
  kind: string;
}

function rule(network: string, prefix: number, family: 'ipv4' | 'ipv6', kind: string): Rule {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, kind };
}

const IPV4_RULES = BLOCKED_IPV4.map((range) => rule(range.network, range.prefix, 'ipv4', range.kind));
const IPV6_RULES = [
  ...BLOCKED_IPV6.map((range) => rule(range.network, range.prefix, 'ipv6', range.kind)),
  ...IPV4_CARRIERS.flatMap((carrier) =>
    BLOCKED_IPV4.map((range) => rule(`${carrier.prefix}${range.network}`, 96 + range.prefix, 'ipv6', `${range.kind} in ${carrier.form} form`)),
  ),
];

/** The IPv6 addresses that may be public: global unicast, and the IPv4 carriers (their IPv4 is checked above). */
const MAYBE_PUBLIC_IPV6 = new BlockList();
MAYBE_PUBLIC_IPV6.addSubnet('2000::', 3, 'ipv6');
for (const carrier of IPV4_CARRIERS) MAYBE_PUBLIC_IPV6.addSubnet(`${carrier.prefix}0.0.0.0`, 96, 'ipv6');

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/**
 * What kind of address a webhook may not reach this is, in words, or null for a public unicast address. A zone
 * (`fe80::1%eth0`) is ignored; anything that is not an IP address is refused.
 * @example blockedAddressKind('::ffff:7f00:1') // → 'a loopback address in IPv4-mapped form'
 */
export function blockedAddressKind(address: string): string | null {
  const bare = address.replace(/%.*$/, '');
  const first = (rules: readonly Rule[], family: 'ipv4' | 'ipv6') => rules.find((each) => each.list.check(bare, family))?.kind ?? null;
  switch (isIP(bare)) {
    case 4:
      return first(IPV4_RULES, 'ipv4');
    case 6:
      return first(IPV6_RULES, 'ipv6') ?? (MAYBE_PUBLIC_IPV6.check(bare, 'ipv6') ? null : 'outside the global unicast range 2000::/3');
    default:
      return 'not an IP address';
  }
}

/**
 * Why a webhook may not be sent to this address, in words, or null for a public unicast address: loopback, private,
 * link-local, unique-local, unspecified, carrier-grade NAT, multicast, broadcast, documentation and reserved ranges
 * are refused, in IPv4, IPv6, and the IPv4-mapped, NAT64 and IPv4-compatible IPv6 forms of a refused IPv4 address.
 * @example blockedAddressReason('127.0.0.1') // → '127.0.0.1 is a loopback address'; blockedAddressReason('8.8.8.8') // → null
 */
export function blockedAddressReason(address: string): string | null {
  const kind = blockedAddressKind(address);
  return kind === null ? null : `${address} is ${kind}`;
}

/**
 * A URL's host as a socket takes it: an IPv6 literal without its brackets.
 * @example bareHostname(new URL('http://[::1]:8080/')) // → '::1'
 */
export function bareHostname(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Whether an entry of the allow list names this URL's host: `host` (on the scheme's default port) or `host:port`,
 * compared with the URL's hostname as WHATWG parsing wrote it (lower case; `[::1]` for IPv6).
 * @example isAllowedHost(new URL('http://localhost:4010/hook'), ['localhost:4010']) // → true
 */
export function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const names = [`${url.hostname}:${url.port || DEFAULT_PORTS[url.protocol]}`, ...(url.port ? [] : [url.hostname])];
  return allowedHosts.some((entry) => names.includes(entry.toLowerCase()));
}

/**
 * Whether an admin may save this as a webhook endpoint's URL: http or https, no user name or password, a host, and
 * a literal IP host (`http://2130706433/` and `http://0x7f.1/` are 127.0.0.1 by then) that is not blocked, unless
 * the allow list names the host. A name is checked when a request resolves it (`guardedLookup`).
 * @example checkWebhookUrl('http://[::ffff:127.0.0.1]/', []) // → { ok: false, message: '::ffff:7f00:1 is a loopback address in IPv4-mapped form' }
 */
export function checkWebhookUrl(url: string, allowedHosts: readonly string[]): { ok: true; url: URL } | { ok: false; message: string } {
  if (!URL.canParse(url)) return { ok: false, message: `"${url}" is not a URL` };
  const parsed = new URL(url);
  if (!Object.hasOwn(DEFAULT_PORTS, parsed.protocol)) return { ok: false, message: `${parsed.href} is not an http or https URL` };
  if (parsed.username || parsed.password) return { ok: false, message: `${parsed.host}: a webhook URL may not carry a user name or password` };
  if (!parsed.hostname) return { ok: false, message: `${parsed.href} has no host` };
  if (isAllowedHost(parsed, allowedHosts)) return { ok: true, url: parsed };
  const host = bareHostname(parsed);
  const reason = isIP(host) ? blockedAddressReason(host) : null;
  return reason === null ? { ok: true, url: parsed } : { ok: false, message: reason };
}
