import { lookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { blockedAddressKind } from './outbound-address';

/**
 * A host name that resolves to an address a webhook may not reach; the message says which name, address and kind.
 * @example new OutboundAddressRefused('localhost resolves to 127.0.0.1, a loopback address')
 */
export class OutboundAddressRefused extends Error {
  override readonly name = 'OutboundAddressRefused';
}

/**
 * The `lookup` of an outbound webhook request: `dns.lookup` (every address), refused when any address is blocked,
 * so the socket only ever connects to an address this function has checked: no second resolution happens between
 * the check and the connect for DNS rebinding to slip into. A name with a public and a private address is refused
 * whole, as a sign of rebinding. Node skips `lookup` for a literal IP host: the caller checks those before connecting.
 * @example http.request({ hostname: 'hooks.example', lookup: guardedLookup, … })
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    for (const { address } of addresses) {
      const kind = blockedAddressKind(address);
      if (kind !== null) return callback(new OutboundAddressRefused(`${hostname} resolves to ${address}, ${kind}`), '', 0);
    }
    const first = addresses[0];
    if (options.all) return callback(null, addresses);
    if (!first) return callback(Object.assign(new Error(`${hostname} resolves to no address`), { code: 'ENOTFOUND' }), '', 0);
    callback(null, first.address, first.family);
  });
};
