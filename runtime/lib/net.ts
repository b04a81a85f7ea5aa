// net.cidr_* with the semantics of Go's net package as OPA uses it: ParseCIDR / ParseIP
// (IPv4 dotted quad without leading zeros, IPv6 with "::" and an embedded IPv4 tail, no zones)
// and IPNet.Contains (an IPv4 address never matches an IPv6 network and vice versa; IPv4-mapped
// IPv6 addresses count as IPv4).

/** A parsed address: 16 bytes (IPv4 as ::ffff:a.b.c.d). */
export class IPAddr {
  b: Uint8Array = new Uint8Array(16);
  is4: bool = false;
}

/** A parsed CIDR: network address (masked), mask (16 bytes), and Go's IPv4-ness of the network. */
export class IPNetwork {
  ip: IPAddr = new IPAddr();
  mask: Uint8Array = new Uint8Array(16);
  bits: i32 = 0;
}

function parseIPv4Into(s: string, start: i32, end: i32, out: Uint8Array, at: i32): bool {
  let field = 0;
  let i = start;
  while (field < 4) {
    if (i >= end) return false;
    let v = 0;
    let nd = 0;
    const fs = i;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      nd++;
      i++;
      if (nd > 3 || v > 255) return false;
    }
    if (nd == 0) return false;
    if (nd > 1 && s.charCodeAt(fs) == 0x30) return false; // leading zero
    out[at + field] = <u8>v;
    field++;
    if (field < 4) {
      if (i >= end || s.charCodeAt(i) != 0x2e) return false;
      i++;
    }
  }
  return i == end;
}

function hexv(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function parseIPv6(s: string, out: Uint8Array): bool {
  const n = s.length;
  let i = 0;
  let ellipsis = -1;
  let j = 0; // bytes written
  if (n >= 2 && s.charCodeAt(0) == 0x3a && s.charCodeAt(1) == 0x3a) {
    ellipsis = 0;
    i = 2;
    if (i == n) {
      for (let k = 0; k < 16; k++) out[k] = 0;
      return true;
    }
  }
  while (j < 16) {
    // hex group, or an IPv4 tail
    let k = i;
    let v = 0;
    while (k < n && hexv(s.charCodeAt(k)) >= 0) {
      v = v * 16 + hexv(s.charCodeAt(k));
      k++;
      if (k - i > 4) return false;
    }
    if (k == i) return false;
    if (k < n && s.charCodeAt(k) == 0x2e) {
      // IPv4 tail
      if (ellipsis < 0 && j != 12) return false;
      if (j + 4 > 16) return false;
      if (!parseIPv4Into(s, i, n, out, j)) return false;
      j += 4;
      i = n;
      break;
    }
    out[j] = <u8>(v >> 8);
    out[j + 1] = <u8>(v & 0xff);
    j += 2;
    i = k;
    if (i == n) break;
    if (s.charCodeAt(i) != 0x3a) return false;
    i++;
    if (i == n) return false;
    if (s.charCodeAt(i) == 0x3a) {
      if (ellipsis >= 0) return false;
      ellipsis = j;
      i++;
      if (i == n) break;
    }
  }
  if (i != n) return false;
  if (j < 16) {
    if (ellipsis < 0) return false;
    const nn = 16 - j;
    for (let k = j - 1; k >= ellipsis; k--) out[k + nn] = out[k];
    for (let k = ellipsis + nn - 1; k >= ellipsis; k--) out[k] = 0;
  } else if (ellipsis >= 0) {
    return false; // "::" must stand for at least one group
  }
  return true;
}

/** Go net.ParseIP; null when invalid. */
export function parseIP(s: string): IPAddr | null {
  const a = new IPAddr();
  let isV6 = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x3a) { isV6 = true; break; }
    if (c == 0x2e) break;
  }
  if (!isV6) {
    if (!parseIPv4Into(s, 0, s.length, a.b, 12)) return null;
    a.b[10] = 0xff;
    a.b[11] = 0xff;
    a.is4 = true;
    return a;
  }
  if (!parseIPv6(s, a.b)) return null;
  a.is4 = isMapped4(a.b);
  return a;
}

function isMapped4(b: Uint8Array): bool {
  for (let i = 0; i < 10; i++) if (b[i] != 0) return false;
  return b[10] == 0xff && b[11] == 0xff;
}

/** Go net.ParseCIDR; null when invalid. */
export function parseCIDR(s: string): IPNetwork | null {
  const slash = s.indexOf("/");
  if (slash < 0) return null;
  const addrText = s.substring(0, slash);
  const maskText = s.substring(slash + 1);
  let v4Syntax = true;
  for (let i = 0; i < addrText.length; i++) if (addrText.charCodeAt(i) == 0x3a) v4Syntax = false;
  const ip = parseIP(addrText);
  if (ip == null) return null;
  const bitLen = v4Syntax ? 32 : 128;
  // dtoi
  let nbits = 0;
  if (maskText.length == 0) return null;
  for (let i = 0; i < maskText.length; i++) {
    const c = maskText.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
    nbits = nbits * 10 + (c - 0x30);
    if (nbits > 0xffffff) return null;
  }
  if (nbits > bitLen) return null;
  const net = new IPNetwork();
  // mask over the 16-byte form
  const total = v4Syntax ? 96 + nbits : nbits;
  for (let i = 0; i < 16; i++) {
    const bitsHere = min(max(total - i * 8, 0), 8);
    net.mask[i] = <u8>((0xff00 >> bitsHere) & 0xff);
  }
  for (let i = 0; i < 16; i++) net.ip.b[i] = ip.b[i] & net.mask[i];
  if (v4Syntax) {
    net.ip.b[10] = 0xff;
    net.ip.b[11] = 0xff;
  }
  net.ip.is4 = v4Syntax || isMapped4(net.ip.b);
  net.bits = nbits;
  return net;
}

/** IPNet.Contains. */
export function netContains(n: IPNetwork, ip: IPAddr): bool {
  if (n.ip.is4 != ip.is4) return false;
  const from = n.ip.is4 ? 12 : 0;
  for (let i = from; i < 16; i++) if ((n.ip.b[i] & n.mask[i]) != (ip.b[i] & n.mask[i])) return false;
  return true;
}

/** Last address of a network (network | ^mask). */
export function lastIP(n: IPNetwork): IPAddr {
  const a = new IPAddr();
  const from = n.ip.is4 ? 12 : 0;
  for (let i = 0; i < 16; i++) a.b[i] = i >= from ? n.ip.b[i] | ~n.mask[i] : n.ip.b[i];
  a.is4 = n.ip.is4;
  return a;
}

/** net.cidr_contains(cidr, cidr_or_ip): -1 on error, else 0/1. */
export function cidrContains(cidr: string, other: string): i32 {
  const n = parseCIDR(cidr);
  if (n == null) return -1;
  const ip = parseIP(other);
  if (ip != null) return netContains(n, ip) ? 1 : 0;
  const m = parseCIDR(other);
  if (m == null) return -1;
  return netContains(n, m.ip) && netContains(n, lastIP(m)) ? 1 : 0;
}

/** net.cidr_intersects: -1 on error. */
export function cidrIntersects(a: string, b: string): i32 {
  const na = parseCIDR(a), nb = parseCIDR(b);
  if (na == null || nb == null) return -1;
  return netContains(na, nb.ip) || netContains(nb, na.ip) ? 1 : 0;
}
