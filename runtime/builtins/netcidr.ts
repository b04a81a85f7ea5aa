// net.cidr_merge, net.cidr_expand, net.cidr_contains_matches with the semantics of OPA's
// evaluator (topdown/cidr.go over Go's net package); parsing is runtime/lib/net.ts's. Errors
// make the call undefined (0).
import {
  Value, V, P, T_ARRAY, T_OBJECT, T_SET, T_STRING, ArrayValue, ObjectValue, SetValue, StringValue,
  newSet, newString, newInt, arrayOf, setAdd,
} from "../value";
import { abortWith } from "../env";
import { parseCIDR, parseIP, cidrContains, IPNetwork } from "../lib/net";

/** An address as a 128-bit integer (`hi`, `lo`) in a space of `bits` (32 or 128). */
class Addr {
  hi: u64 = 0;
  lo: u64 = 0;
  constructor(hi: u64, lo: u64) { this.hi = hi; this.lo = lo; }
}

function cmpAddr(a: Addr, b: Addr): i32 {
  if (a.hi != b.hi) return a.hi < b.hi ? -1 : 1;
  if (a.lo != b.lo) return a.lo < b.lo ? -1 : 1;
  return 0;
}

function addrOf(b: Uint8Array, is4: bool): Addr {
  if (is4) return new Addr(0, (<u64>b[12] << 24) | (<u64>b[13] << 16) | (<u64>b[14] << 8) | <u64>b[15]);
  let hi: u64 = 0, lo: u64 = 0;
  for (let i = 0; i < 8; i++) hi = (hi << 8) | <u64>b[i];
  for (let i = 8; i < 16; i++) lo = (lo << 8) | <u64>b[i];
  return new Addr(hi, lo);
}

/** a + 2^k - 1 (saturating at the top of the space) . */
function addLow(a: Addr, k: i32): Addr {
  if (k == 0) return new Addr(a.hi, a.lo);
  if (k >= 128) return new Addr(u64.MAX_VALUE, u64.MAX_VALUE);
  if (k >= 64) {
    let addHi: u64 = k == 64 ? 0 : (<u64>1 << <u64>(k - 64)) - 1;
    return new Addr(a.hi + addHi, u64.MAX_VALUE); // a is aligned: its low 64 bits are 0
  }
  let add: u64 = (<u64>1 << <u64>k) - 1;
  let lo = a.lo + add;
  let hi = a.hi + (lo < a.lo ? 1 : 0);
  return new Addr(hi, lo);
}

function inc(a: Addr): Addr {
  let lo = a.lo + 1;
  return new Addr(a.hi + (lo == 0 ? 1 : 0), lo);
}

function dec(a: Addr): Addr {
  if (a.hi == 0 && a.lo == 0) return a; // Go's GetPreviousIP stops at the zero address
  return new Addr(a.hi - (a.lo == 0 ? 1 : 0), a.lo - 1);
}

function trailingZeros(a: Addr, bits: i32): i32 {
  if (a.lo != 0) return min(<i32>ctz(a.lo), bits);
  if (a.hi != 0) return min(64 + <i32>ctz(a.hi), bits);
  return bits;
}

function isMax(a: Addr, bits: i32): bool {
  return bits == 32 ? a.lo == 0xffffffff : a.hi == u64.MAX_VALUE && a.lo == u64.MAX_VALUE;
}

/** Go's IP.String for an address of the space. */
function formatAddr(a: Addr, bits: i32): string {
  if (bits == 32) {
    let x = a.lo;
    return ((x >> 24) & 255).toString() + "." + ((x >> 16) & 255).toString() + "." + ((x >> 8) & 255).toString() + "." + (x & 255).toString();
  }
  let groups = new Array<i32>(8);
  for (let i = 0; i < 4; i++) unchecked(groups[i] = <i32>((a.hi >> <u64>(48 - 16 * i)) & 0xffff));
  for (let i = 0; i < 4; i++) unchecked(groups[4 + i] = <i32>((a.lo >> <u64>(48 - 16 * i)) & 0xffff));
  // IPv4-mapped addresses print as IPv4
  if (a.hi == 0 && (a.lo >> 32) == 0xffff) return formatAddr(new Addr(0, a.lo & 0xffffffff), 32);
  // longest run of two or more zero groups becomes "::"
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (unchecked(groups[i]) != 0) { i++; continue; }
    let j = i;
    while (j < 8 && unchecked(groups[j]) == 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  let s = "";
  for (let i = 0; i < 8; i++) {
    if (i == bestStart) {
      s += "::";
      i += bestLen - 1;
      continue;
    }
    if (s.length > 0 && !s.endsWith(":")) s += ":";
    s += unchecked(groups[i]).toString(16);
  }
  return s;
}

class Range {
  first: Addr;
  last: Addr;
  /** The network's own text when the range is one input network (Go keeps the IPNet). */
  text: string | null;
  constructor(first: Addr, last: Addr, text: string | null) { this.first = first; this.last = last; this.text = text; }
}

function mergeRanges(rs: Array<Range>, bits: i32, out: SetValue): void {
  // sort by last, then first (insertion sort: small inputs)
  for (let i = 1; i < rs.length; i++) {
    let x = unchecked(rs[i]);
    let j = i - 1;
    while (j >= 0) {
      let y = unchecked(rs[j]);
      let c = cmpAddr(y.last, x.last);
      if (c == 0) c = cmpAddr(y.first, x.first);
      if (c <= 0) break;
      unchecked(rs[j + 1] = y);
      j--;
    }
    unchecked(rs[j + 1] = x);
  }
  for (let i = rs.length - 1; i > 0; i--) {
    let cur = unchecked(rs[i]), prev = unchecked(rs[i - 1]);
    if (cmpAddr(dec(cur.first), prev.last) <= 0) {
      let first = cmpAddr(prev.first, cur.first) < 0 ? prev.first : cur.first;
      unchecked(rs[i - 1] = new Range(first, cur.last, null));
      rs.splice(i, 1);
    }
  }
  for (let i = 0; i < rs.length; i++) {
    let r = unchecked(rs[i]);
    if (r.text !== null) { setAdd(out, newString(r.text!)); continue; }
    let first = r.first;
    while (cmpAddr(first, r.last) <= 0) {
      let k = trailingZeros(first, bits);
      while (k > 0 && cmpAddr(addLow(first, k), r.last) > 0) k--;
      setAdd(out, newString(formatAddr(first, bits) + "/" + (bits - k).toString()));
      let end = addLow(first, k);
      if (isMax(end, bits)) break;
      first = inc(end);
    }
  }
}

function networkRange(n: IPNetwork, is4: bool, text: string | null): Range {
  let first = addrOf(n.ip.b, is4);
  let bits = is4 ? 32 : 128;
  let hostBits = bits - n.bits;
  let last = addLow(first, hostBits);
  return new Range(first, last, text);
}

/** net.cidr_merge(addrs): the smallest set of CIDRs covering the given networks and IPv4 addresses. */
export function bi_net$cidr_merge(a: usize): usize {
  if (a == 0) return 0;
  let v = V(a);
  let items: Array<Value>;
  if (v.tag == T_ARRAY) items = changetype<ArrayValue>(v).items;
  else if (v.tag == T_SET) items = changetype<SetValue>(v).items;
  else return 0;
  let v4 = new Array<Range>(0), v6 = new Array<Range>(0);
  for (let i = 0, n = items.length; i < n; i++) {
    let x = unchecked(items[i]);
    if (x.tag != T_STRING) return 0;
    let s = changetype<StringValue>(x).s;
    let ip = parseIP(s);
    if (ip !== null) {
      if (!ip.is4) return 0; // IPv6 invalid: needs prefix length
      // Go's IP.DefaultMask: the classful mask; the address itself is kept unmasked.
      let b0 = <i32>ip.b[12];
      let ones = b0 < 0x80 ? 8 : b0 < 0xC0 ? 16 : 24;
      let first = addrOf(ip.b, true);
      let mask: u64 = (0xffffffff << <u64>(32 - ones)) & 0xffffffff;
      let net = new Addr(0, first.lo & mask);
      v4.push(new Range(net, addLow(net, 32 - ones), s + "/" + ones.toString()));
      continue;
    }
    let n6 = parseCIDR(s);
    if (n6 === null) return 0;
    let is4 = n6.ip.is4 && s.indexOf(":") < 0;
    let bits = is4 ? 32 : 128;
    let r = networkRange(n6, is4, formatAddr(addrOf(n6.ip.b, is4), bits) + "/" + n6.bits.toString());
    if (is4) v4.push(r); else v6.push(r);
  }
  let out = newSet();
  mergeRanges(v4, 32, out);
  mergeRanges(v6, 128, out);
  return P(out);
}

/** net.cidr_expand(cidr): every address of the network (aborts beyond 65,536 addresses). */
export function bi_net$cidr_expand(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_STRING) return 0;
  let s = changetype<StringValue>(V(a)).s;
  let n = parseCIDR(s);
  if (n === null) return 0;
  let is4 = n.ip.is4 && s.indexOf(":") < 0;
  let bits = is4 ? 32 : 128;
  let host = bits - n.bits;
  if (host > 16) abortWith("net.cidr_expand: " + s + " has more than 65536 addresses (gpc's limit)");
  let r = networkRange(n, is4, null);
  let out = newSet();
  let cur = r.first;
  for (;;) {
    setAdd(out, newString(formatAddr(cur, bits)));
    if (cmpAddr(cur, r.last) >= 0) break;
    cur = inc(cur);
  }
  return P(out);
}

/** The CIDRs of an operand with their index: a string (itself), array (index), set (element), object (key). */
function matchOperand(v: Value, cidrs: Array<string>, idx: Array<Value>): bool {
  if (v.tag == T_STRING) { cidrs.push(changetype<StringValue>(v).s); idx.push(v); return true; }
  if (v.tag == T_ARRAY) {
    let items = changetype<ArrayValue>(v).items;
    for (let i = 0; i < items.length; i++) {
      let c = matchTerm(unchecked(items[i]));
      if (c === null) return false;
      cidrs.push(c); idx.push(newInt(i));
    }
    return true;
  }
  if (v.tag == T_SET) {
    let items = changetype<SetValue>(v).items;
    for (let i = 0; i < items.length; i++) {
      let c = matchTerm(unchecked(items[i]));
      if (c === null) return false;
      cidrs.push(c); idx.push(unchecked(items[i]));
    }
    return true;
  }
  if (v.tag == T_OBJECT) {
    let o = changetype<ObjectValue>(v);
    for (let i = 0; i < o.keys.length; i++) {
      let c = matchTerm(unchecked(o.vals[i]));
      if (c === null) return false;
      cidrs.push(c); idx.push(unchecked(o.keys[i]));
    }
    return true;
  }
  return true;
}

/** A string, or the first element of a non-empty array (which must be a string for the lookup). */
function matchTerm(v: Value): string | null {
  if (v.tag == T_STRING) return changetype<StringValue>(v).s;
  if (v.tag == T_ARRAY) {
    let items = changetype<ArrayValue>(v).items;
    if (items.length == 0) return null;
    let f = unchecked(items[0]);
    return f.tag == T_STRING ? changetype<StringValue>(f).s : "\u0000";
  }
  return null;
}

/** net.cidr_contains_matches(cidrs, cidrs_or_ips): the set of [index1, index2] pairs that contain. */
export function bi_net$cidr_contains_matches(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  let c1 = new Array<string>(0), i1 = new Array<Value>(0);
  let c2 = new Array<string>(0), i2 = new Array<Value>(0);
  if (!matchOperand(V(a), c1, i1) || !matchOperand(V(b), c2, i2)) return 0;
  let out = newSet();
  for (let i = 0; i < c1.length; i++) {
    for (let j = 0; j < c2.length; j++) {
      let r = cidrContains(unchecked(c1[i]), unchecked(c2[j]));
      if (r < 0) return 0;
      if (r == 1) setAdd(out, arrayOf([unchecked(i1[i]), unchecked(i2[j])]));
    }
  }
  return P(out);
}
