import dns from "node:dns";
import type { LookupFunction } from "node:net";
import net from "node:net";

/**
 * Where outbound requests (webhook deliveries) may go. A webhook URL is chosen by an API client, so
 * without a guard the service would POST wherever it is told: to its own admin ports, the database, a
 * cloud metadata endpoint (169.254.169.254). Every address a host name resolves to is checked, at
 * creation AND at each delivery (the check runs inside the connection's DNS lookup, so a name that
 * resolved to a public address yesterday and to 127.0.0.1 today is refused: no DNS rebinding).
 * Private, loopback, link-local, CGNAT, multicast, reserved and unspecified ranges are refused unless
 * the operator's allow-list (WEBHOOK_ALLOW_HOSTS) names the host or a range holding the address.
 * net.BlockList (Node's own) holds the ranges; nothing here parses addresses by hand.
 */

const BLOCKED = new net.BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(address, prefix, "ipv4");
}
for (const [address, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(address, prefix, "ipv6");
}

export interface AddressPolicy {
  /** Host names (exact, lower case) the operator allows whatever they resolve to. */
  hosts: Set<string>;
  /** Addresses and ranges the operator allows. */
  ranges: net.BlockList;
}

/** The policy of a comma-separated allow-list: host names, IP addresses and CIDR ranges. */
export function addressPolicy(list: string | undefined): AddressPolicy {
  const hosts = new Set<string>();
  const ranges = new net.BlockList();
  for (const raw of (list ?? "").split(",")) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const [address, bits] = entry.split("/");
    const family = net.isIP(address!);
    if (family === 0) hosts.add(entry);
    else if (bits === undefined) ranges.addAddress(address!, family === 4 ? "ipv4" : "ipv6");
    else ranges.addSubnet(address!, Number(bits), family === 4 ? "ipv4" : "ipv6");
  }
  return { hosts, ranges };
}

/** Why an address may not be reached, or null when it may. */
export function addressRefusal(address: string, host: string, policy: AddressPolicy): string | null {
  if (policy.hosts.has(host.toLowerCase())) return null;
  const family = net.isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (policy.ranges.check(address, type)) return null;
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return addressRefusal(mapped[1]!, host, policy);
  if (BLOCKED.check(address, type)) {
    return `${host} resolves to ${address}, a private, loopback, link-local or reserved address (an operator can allow it with WEBHOOK_ALLOW_HOSTS)`;
  }
  return null;
}

export class AddressRefused extends Error {
  readonly code = "ADDRESS_NOT_ALLOWED";
}

/**
 * Checks a webhook URL: http(s), no credentials, and every address its host resolves to allowed.
 * Resolves to null when it may be used, else the reason.
 */
export async function urlRefusal(url: string, policy: AddressPolicy): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "must be an http or https URL";
  if (parsed.username || parsed.password) return "must not carry credentials (sign with the secret instead)";
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return `its host ${host} does not resolve`;
  }
  for (const address of addresses) {
    const refusal = addressRefusal(address, host, policy);
    if (refusal) return refusal;
  }
  return null;
}

/** A `lookup` for http.request that refuses disallowed addresses as the connection is made. */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = addresses as dns.LookupAddress[];
      for (const entry of list) {
        const refusal = addressRefusal(entry.address, hostname, policy);
        if (refusal) return callback(new AddressRefused(refusal), "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), "", 0);
      callback(null, first.address, first.family);
    });
  };
}
