// Builtins over whole documents: walk, object.subset, array.flatten, json.filter, json.remove,
// json.patch, json.marshal_with_options; and graph.reachable, graph.reachable_paths. Semantics
// of OPA's evaluator (topdown/walk.go, subset.go, array.go, json.go, encoding.go, reachable.go);
// any operand error makes the call undefined (0), as with non-strict builtin errors.
import {
  Value, BoolValue, V, P, T_ARRAY, T_OBJECT, T_SET, T_STRING, T_NULL, T_BOOL, T_NUMBER, ArrayValue, ObjectValue, SetValue,
  StringValue, NumberValue, newObject, newSet, newString, newBool, newInt, arrayOf, equal, compare,
  objectGet, objectGetStr, objectInsert, setAdd, setContains, searchSorted, insertAt, toJSONString, NULL,
  valueToRegoString,
} from "../value";
import { abortWith } from "../env";

// ─── walk ─────────────────────────────────────────────────────────────────────────────────────

/**
 * walk(x): every [path, value] pair of x, pre-order (a node before its children), children in
 * OPA's order (array index, sorted object keys, sorted set elements). The planner iterates the
 * returned array, so `walk(x, [p, v])` enumerates like the evaluator's relation.
 */
export function bi_walk(a: usize): usize {
  if (a == 0) return 0;
  let out = new Array<Value>(0);
  walkInto(out, new Array<Value>(0), V(a));
  return P(arrayOf(out));
}

function walkInto(out: Array<Value>, path: Array<Value>, v: Value): void {
  let pair = new Array<Value>(2);
  unchecked(pair[0] = arrayOf(path.slice(0)));
  unchecked(pair[1] = v);
  out.push(arrayOf(pair));
  if (v.tag == T_ARRAY) {
    let items = changetype<ArrayValue>(v).items;
    for (let i = 0, n = items.length; i < n; i++) {
      path.push(newInt(i));
      walkInto(out, path, unchecked(items[i]));
      path.pop();
    }
  } else if (v.tag == T_OBJECT) {
    let o = changetype<ObjectValue>(v);
    for (let i = 0, n = o.keys.length; i < n; i++) {
      path.push(unchecked(o.keys[i]));
      walkInto(out, path, unchecked(o.vals[i]));
      path.pop();
    }
  } else if (v.tag == T_SET) {
    let items = changetype<SetValue>(v).items;
    for (let i = 0, n = items.length; i < n; i++) {
      let e = unchecked(items[i]);
      path.push(e);
      walkInto(out, path, e);
      path.pop();
    }
  }
}

// ─── object.subset ────────────────────────────────────────────────────────────────────────────

/** object.subset(super, sub): objects recursively, sets, arrays (contiguous sub-slice), array ⊇ set. */
export function bi_object$subset(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  let sup = V(a), sub = V(b);
  if (sup.tag == T_OBJECT && sub.tag == T_OBJECT) return P(newBool(objectSubset(changetype<ObjectValue>(sup), changetype<ObjectValue>(sub))));
  if (sup.tag == T_SET && sub.tag == T_SET) return P(newBool(setSubset(changetype<SetValue>(sup), changetype<SetValue>(sub))));
  if (sup.tag == T_ARRAY && sub.tag == T_ARRAY) return P(newBool(arraySubset(changetype<ArrayValue>(sup).items, changetype<ArrayValue>(sub).items)));
  if (sup.tag == T_ARRAY && sub.tag == T_SET) return P(newBool(arraySetSubset(changetype<ArrayValue>(sup).items, changetype<SetValue>(sub))));
  return 0;
}

function objectSubset(sup: ObjectValue, sub: ObjectValue): bool {
  for (let i = 0, n = sub.keys.length; i < n; i++) {
    let s = objectGet(sup, unchecked(sub.keys[i]));
    if (s === null) return false;
    let t = unchecked(sub.vals[i]);
    if (equal(t, s)) continue;
    if (s.tag == T_OBJECT && t.tag == T_OBJECT) { if (!objectSubset(changetype<ObjectValue>(s), changetype<ObjectValue>(t))) return false; continue; }
    if (s.tag == T_SET && t.tag == T_SET) { if (!setSubset(changetype<SetValue>(s), changetype<SetValue>(t))) return false; continue; }
    if (s.tag == T_ARRAY && t.tag == T_ARRAY) { if (!arraySubset(changetype<ArrayValue>(s).items, changetype<ArrayValue>(t).items)) return false; continue; }
    return false;
  }
  return true;
}

function setSubset(sup: SetValue, sub: SetValue): bool {
  for (let i = 0, n = sub.items.length; i < n; i++) if (!setContains(sup, unchecked(sub.items[i]))) return false;
  return true;
}

/** OPA's arraySubset: `sub` occurs as a contiguous run in `sup`. */
function arraySubset(sup: Array<Value>, sub: Array<Value>): bool {
  let m = sub.length, n = sup.length;
  if (m > n) return false;
  if (m == 0) return true;
  for (let start = 0; start + m <= n; start++) {
    let ok = true;
    for (let j = 0; j < m; j++) {
      if (!equal(unchecked(sup[start + j]), unchecked(sub[j]))) { ok = false; break; }
    }
    if (ok) return true;
  }
  return false;
}

function arraySetSubset(sup: Array<Value>, sub: SetValue): bool {
  let unmatched = sub.items.length;
  if (unmatched == 0) return true;
  let seen = newSet();
  for (let i = 0, n = sup.length; i < n; i++) {
    let x = unchecked(sup[i]);
    if (setContains(sub, x) && !setContains(seen, x)) {
      setAdd(seen, x);
      unmatched--;
      if (unmatched == 0) return true;
    }
  }
  return false;
}

// ─── array.flatten ────────────────────────────────────────────────────────────────────────────

/** array.flatten(arr): one level of nested arrays spliced in. */
export function bi_array$flatten(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_ARRAY) return 0;
  let items = changetype<ArrayValue>(a).items;
  let out = new Array<Value>(0);
  for (let i = 0, n = items.length; i < n; i++) {
    let x = unchecked(items[i]);
    if (x.tag == T_ARRAY) {
      let inner = changetype<ArrayValue>(x).items;
      for (let j = 0, m = inner.length; j < m; j++) out.push(unchecked(inner[j]));
    } else out.push(x);
  }
  return P(arrayOf(out));
}

// ─── JSON paths (json.filter, json.remove, json.patch) ───────────────────────────────────────

/** A path operand: "a/b/c" (JSON-pointer escapes ~0 ~1, leading slashes ignored) or an array of segments. */
function parsePath(p: Value): Array<Value> | null {
  if (p.tag == T_STRING) {
    let s = changetype<StringValue>(p).s;
    let out = new Array<Value>(0);
    if (s.length == 0) return out;
    let i = 0;
    while (i < s.length && s.charCodeAt(i) == 0x2F) i++;
    s = s.substring(i);
    let parts = s.split("/");
    for (let k = 0; k < parts.length; k++) out.push(newString(unchecked(parts[k]).replaceAll("~1", "/").replaceAll("~0", "~")));
    return out;
  }
  if (p.tag == T_ARRAY) return changetype<ArrayValue>(p).items.slice(0);
  return null;
}

function pathList(p: usize): Array<Array<Value>> | null {
  if (p == 0) return null;
  let v = V(p);
  let items: Array<Value>;
  if (v.tag == T_ARRAY) items = changetype<ArrayValue>(v).items;
  else if (v.tag == T_SET) items = changetype<SetValue>(v).items;
  else return null;
  let out = new Array<Array<Value>>(0);
  for (let i = 0, n = items.length; i < n; i++) {
    let path = parsePath(unchecked(items[i]));
    if (path === null) return null;
    out.push(path);
  }
  return out;
}

/** OPA's pathsToObject: a trie of the paths whose leaves are null (a shorter path wins). */
function pathsToObject(paths: Array<Array<Value>>): ObjectValue {
  let root = newObject();
  for (let i = 0, n = paths.length; i < n; i++) {
    let path = unchecked(paths[i]);
    if (path.length == 0) continue;
    let node = root;
    let done = false;
    for (let j = 0; j < path.length - 1; j++) {
      let k = unchecked(path[j]);
      let child = objectGet(node, k);
      if (child === null) {
        let o = newObject();
        objectInsert(node, k, o);
        node = o;
        continue;
      }
      if (child.tag == T_NULL) { done = true; break; }
      node = changetype<ObjectValue>(child);
    }
    if (!done) objectInsert(node, unchecked(path[path.length - 1]), NULL);
  }
  return root;
}

/** json.filter(obj, paths): only the given paths. */
export function bi_json$filter(a: usize, b: usize): usize {
  if (a == 0 || load<i32>(a) != T_OBJECT) return 0;
  let paths = pathList(b);
  if (paths === null) return 0;
  let r = filterValue(V(a), pathsToObject(paths));
  return r === null ? 0 : P(r);
}

function filterValue(v: Value, filter: Value): Value | null {
  if (filter.tag == T_NULL) return v;
  if (filter.tag != T_OBJECT) return null;
  let f = changetype<ObjectValue>(filter);
  switch (v.tag) {
    case T_ARRAY: {
      let items = changetype<ArrayValue>(v).items;
      let out = new Array<Value>(0);
      for (let i = 0, n = items.length; i < n; i++) {
        let sub = objectGetStr(f, i.toString());
        if (sub === null) continue;
        let r = filterValue(unchecked(items[i]), sub);
        if (r === null) return null;
        out.push(r);
      }
      return arrayOf(out);
    }
    case T_SET: {
      let items = changetype<SetValue>(v).items;
      let out = newSet();
      for (let i = 0, n = items.length; i < n; i++) {
        let x = unchecked(items[i]);
        let sub = objectGet(f, x);
        if (sub === null) continue;
        let r = filterValue(x, sub);
        if (r === null) return null;
        setAdd(out, r);
      }
      return out;
    }
    case T_OBJECT: {
      let o = changetype<ObjectValue>(v);
      let out = newObject();
      for (let i = 0, n = o.keys.length; i < n; i++) {
        let k = unchecked(o.keys[i]);
        let sub = objectGet(f, k);
        if (sub === null) continue;
        let r = filterValue(unchecked(o.vals[i]), sub);
        if (r === null) return null;
        objectInsert(out, k, r);
      }
      return out;
    }
    default:
      return v;
  }
}

/** json.remove(obj, paths): everything but the given paths. */
export function bi_json$remove(a: usize, b: usize): usize {
  if (a == 0 || load<i32>(a) != T_OBJECT) return 0;
  let paths = pathList(b);
  if (paths === null) return 0;
  let r = removeValue(V(a), pathsToObject(paths));
  return r === null ? 0 : P(r);
}

/** OPA's jsonRemove: null (AS) when the value itself is removed. */
function removeValue(v: Value, b: Value | null): Value | null {
  if (b === null) return v;
  if (b.tag == T_NULL) return null;
  if (b.tag != T_OBJECT) return v;
  let f = changetype<ObjectValue>(b);
  switch (v.tag) {
    case T_OBJECT: {
      let o = changetype<ObjectValue>(v);
      let out = newObject();
      for (let i = 0, n = o.keys.length; i < n; i++) {
        let k = unchecked(o.keys[i]);
        let r = removeValue(unchecked(o.vals[i]), objectGet(f, k));
        if (r !== null) objectInsert(out, k, r);
      }
      return out;
    }
    case T_SET: {
      let items = changetype<SetValue>(v).items;
      let out = newSet();
      for (let i = 0, n = items.length; i < n; i++) {
        let x = unchecked(items[i]);
        let r = removeValue(x, objectGet(f, x));
        if (r !== null) setAdd(out, r);
      }
      return out;
    }
    case T_ARRAY: {
      let items = changetype<ArrayValue>(v).items;
      let out = new Array<Value>(0);
      for (let i = 0, n = items.length; i < n; i++) {
        let r = removeValue(unchecked(items[i]), objectGetStr(f, i.toString()));
        if (r !== null) out.push(r);
      }
      return arrayOf(out);
    }
    default:
      return v;
  }
}

// ─── json.patch ───────────────────────────────────────────────────────────────────────────────

/** An array index segment: a number or a decimal string; -1 when not an index. */
function indexOf(seg: Value, n: i32, allowEnd: bool): i32 {
  let i: i32 = -1;
  if (seg.tag == T_NUMBER) {
    let f = changetype<NumberValue>(seg).n;
    if (f != Math.floor(f) || f < 0 || f > 2147483647) return -1;
    i = <i32>f;
  } else if (seg.tag == T_STRING) {
    let s = changetype<StringValue>(seg).s;
    if (s == "-") return allowEnd ? n : -1;
    if (s.length == 0 || s.length > 9) return -1;
    if (s.length > 1 && s.charCodeAt(0) == 0x30) return -1;
    i = 0;
    for (let k = 0; k < s.length; k++) {
      let c = <i32>s.charCodeAt(k);
      if (c < 0x30 || c > 0x39) return -1;
      i = i * 10 + (c - 0x30);
    }
  } else return -1;
  if (i > n || (!allowEnd && i == n)) return -1;
  return i;
}

/** Copy-on-write update of the container at `path[depth]`; null on an invalid path. */
function patchAt(v: Value, path: Array<Value>, depth: i32, op: i32, value: Value | null): Value | null {
  let seg = unchecked(path[depth]);
  let last = depth == path.length - 1;
  if (v.tag == T_OBJECT) {
    let o = changetype<ObjectValue>(v);
    let out = new ObjectValue(o.keys.slice(0), o.vals.slice(0));
    let i = searchSorted(out.keys, seg);
    if (last) {
      if (op == OP_ADD) { objectInsert(out, seg, value!); return out; }
      if (i < 0) return null; // remove
      out.keys.splice(i, 1);
      out.vals.splice(i, 1);
      return out;
    }
    if (i < 0) return null;
    let r = patchAt(unchecked(out.vals[i]), path, depth + 1, op, value);
    if (r === null) return null;
    unchecked(out.vals[i] = r);
    return out;
  }
  if (v.tag == T_ARRAY) {
    let items = changetype<ArrayValue>(v).items.slice(0);
    let i = indexOf(seg, items.length, last && op == OP_ADD);
    if (i < 0) return null;
    if (last) {
      if (op == OP_ADD) insertAt(items, i, value!);
      else items.splice(i, 1);
      return arrayOf(items);
    }
    let r = patchAt(unchecked(items[i]), path, depth + 1, op, value);
    if (r === null) return null;
    unchecked(items[i] = r);
    return arrayOf(items);
  }
  if (v.tag == T_SET) {
    let s = changetype<SetValue>(v);
    let out = new SetValue(s.items.slice(0));
    if (!last) {
      let j = searchSorted(out.items, seg);
      if (j < 0) return null;
      let r = patchAt(seg, path, depth + 1, op, value);
      if (r === null) return null;
      out.items.splice(j, 1);
      setAdd(out, r);
      return out;
    }
    // a set's element is its own key: OPA's edit tree refuses to add a value under another key
    if (op == OP_ADD) { if (!equal(seg, value!)) return null; setAdd(out, value!); return out; }
    let i = searchSorted(out.items, seg);
    if (i < 0) return null;
    out.items.splice(i, 1);
    return out;
  }
  return null;
}

const OP_ADD: i32 = 1;
const OP_REMOVE: i32 = 2;

function lookupPath(v: Value, path: Array<Value>): Value | null {
  let cur = v;
  for (let i = 0, n = path.length; i < n; i++) {
    let seg = unchecked(path[i]);
    if (cur.tag == T_OBJECT) {
      let r = objectGet(changetype<ObjectValue>(cur), seg);
      if (r === null) return null;
      cur = r;
    } else if (cur.tag == T_ARRAY) {
      let items = changetype<ArrayValue>(cur).items;
      let k = indexOf(seg, items.length, false);
      if (k < 0) return null;
      cur = unchecked(items[k]);
    } else if (cur.tag == T_SET) {
      if (!setContains(changetype<SetValue>(cur), seg)) return null;
      cur = seg;
    } else return null;
  }
  return cur;
}

function applyOp(doc: Value, op: i32, path: Array<Value>, value: Value | null): Value | null {
  if (path.length == 0) return op == OP_ADD ? value : null;
  return patchAt(doc, path, 0, op, value);
}

/** json.patch(doc, ops): RFC 6902 add, remove, replace, move, copy, test; sets take element paths. */
export function bi_json$patch(a: usize, b: usize): usize {
  if (a == 0 || b == 0 || load<i32>(b) != T_ARRAY) return 0;
  let doc: Value = V(a);
  let ops = changetype<ArrayValue>(b).items;
  for (let i = 0, n = ops.length; i < n; i++) {
    let x = unchecked(ops[i]);
    if (x.tag != T_OBJECT) return 0;
    let o = changetype<ObjectValue>(x);
    let opv = objectGetStr(o, "op");
    let pathv = objectGetStr(o, "path");
    if (opv === null || pathv === null || opv.tag != T_STRING) return 0;
    let path = parsePath(pathv);
    if (path === null) return 0;
    let op = changetype<StringValue>(opv).s;
    let value = objectGetStr(o, "value");
    let r: Value | null = null;
    if (op == "add") {
      if (value === null) return 0;
      r = applyOp(doc, OP_ADD, path, value);
    } else if (op == "remove") {
      r = applyOp(doc, OP_REMOVE, path, null);
    } else if (op == "replace") {
      if (value === null || lookupPath(doc, path) === null) return 0;
      let removed = applyOp(doc, OP_REMOVE, path, null);
      r = path.length == 0 ? value : (removed === null ? null : applyOp(removed, OP_ADD, path, value));
    } else if (op == "move" || op == "copy") {
      let fromv = objectGetStr(o, "from");
      if (fromv === null) return 0;
      let from = parsePath(fromv);
      if (from === null) return 0;
      let chunk = lookupPath(doc, from);
      if (chunk === null) return 0;
      let base: Value | null = doc;
      if (op == "move") base = from.length == 0 ? null : applyOp(doc, OP_REMOVE, from, null);
      if (base === null) return 0;
      r = applyOp(base, OP_ADD, path, chunk);
    } else if (op == "test") {
      if (value === null) return 0;
      let cur = lookupPath(doc, path);
      if (cur === null || !equal(cur, value)) return 0;
      r = doc;
    } else return 0;
    if (r === null) return 0;
    doc = r;
  }
  return P(doc);
}

// ─── json.marshal_with_options ────────────────────────────────────────────────────────────────

/** json.marshal_with_options(x, {pretty, indent, prefix}): Go's json.Marshal / MarshalIndent. */
export function bi_json$marshal_with_options(a: usize, b: usize): usize {
  if (a == 0 || b == 0 || load<i32>(b) != T_OBJECT) return 0;
  let opts = changetype<ObjectValue>(b);
  let indent = "\t", prefix = "";
  let implicit = false, explicitSet = false, pretty = false;
  for (let i = 0, n = opts.keys.length; i < n; i++) {
    let k = unchecked(opts.keys[i]), v = unchecked(opts.vals[i]);
    if (k.tag != T_STRING) return 0;
    let key = changetype<StringValue>(k).s;
    if (key == "prefix") {
      if (v.tag != T_STRING) return 0;
      prefix = changetype<StringValue>(v).s;
      implicit = true;
    } else if (key == "indent") {
      if (v.tag != T_STRING) return 0;
      indent = changetype<StringValue>(v).s;
      implicit = true;
    } else if (key == "pretty") {
      if (v.tag != T_BOOL) return 0;
      explicitSet = true;
      pretty = changetype<BoolValue>(v).b;
    } else return 0;
  }
  if (!explicitSet) pretty = implicit;
  let compact = toJSONString(V(a));
  // Go's MarshalIndent does not prefix the first line; OPA adds the prefix there.
  return P(newString(pretty ? prefix + indentJSON(compact, prefix, indent) : compact));
}

/** Go's json.Indent over compact JSON: newline + prefix + indent×depth; empty [] and {} stay. */
function indentJSON(s: string, prefix: string, indent: string): string {
  let out = new Array<string>(0);
  let depth = 0;
  let inString = false;
  let start = 0;
  let n = s.length;
  for (let i = 0; i < n; i++) {
    let c = <i32>s.charCodeAt(i);
    if (inString) {
      if (c == 0x5C) { i++; continue; }
      if (c == 0x22) inString = false;
      continue;
    }
    if (c == 0x22) { inString = true; continue; }
    if (c == 0x7B || c == 0x5B) {
      let close = c == 0x7B ? 0x7D : 0x5D;
      if (i + 1 < n && <i32>s.charCodeAt(i + 1) == close) { i++; continue; }
      out.push(s.substring(start, i + 1));
      depth++;
      out.push(newline(prefix, indent, depth));
      start = i + 1;
    } else if (c == 0x7D || c == 0x5D) {
      out.push(s.substring(start, i));
      depth--;
      out.push(newline(prefix, indent, depth));
      start = i;
    } else if (c == 0x2C) {
      out.push(s.substring(start, i + 1));
      out.push(newline(prefix, indent, depth));
      start = i + 1;
    } else if (c == 0x3A) {
      out.push(s.substring(start, i + 1));
      out.push(" ");
      start = i + 1;
    }
  }
  out.push(s.substring(start));
  return out.join("");
}

function newline(prefix: string, indent: string, depth: i32): string {
  return "\n" + prefix + indent.repeat(depth);
}

// ─── graph.reachable, graph.reachable_paths ───────────────────────────────────────────────────

function vertices(v: Value | null): Array<Value> | null {
  if (v === null) return null;
  if (v.tag == T_ARRAY) return changetype<ArrayValue>(v).items;
  if (v.tag == T_SET) return changetype<SetValue>(v).items;
  return new Array<Value>(0);
}

/** graph.reachable(graph, initial): every vertex reachable from `initial` that the graph has. */
export function bi_graph$reachable(a: usize, b: usize): usize {
  if (a == 0 || b == 0 || load<i32>(a) != T_OBJECT) return 0;
  let g = changetype<ObjectValue>(a);
  let init = V(b);
  if (init.tag != T_ARRAY && init.tag != T_SET) return 0;
  let queue = vertices(init)!.slice(0);
  let reached = newSet();
  let head = 0;
  while (head < queue.length) {
    let node = unchecked(queue[head++]);
    let edges = objectGet(g, node);
    if (edges === null) continue;
    let ns = vertices(edges)!;
    for (let i = 0, n = ns.length; i < n; i++) {
      let nb = unchecked(ns[i]);
      if (!setContains(reached, nb)) queue.push(nb);
    }
    setAdd(reached, node);
  }
  return P(reached);
}

/** graph.reachable_paths(graph, initial): every maximal acyclic path from each initial vertex. */
export function bi_graph$reachable_paths(a: usize, b: usize): usize {
  if (a == 0 || b == 0 || load<i32>(a) != T_OBJECT) return 0;
  let g = changetype<ObjectValue>(a);
  let init = V(b);
  if (init.tag != T_ARRAY && init.tag != T_SET) return 0;
  let roots = vertices(init)!;
  let result = newSet();
  for (let i = 0, n = roots.length; i < n; i++) {
    let node = unchecked(roots[i]);
    let edges = objectGet(g, node);
    if (edges === null) continue;
    let ns = vertices(edges)!;
    if (ns.length == 0) { setAdd(result, arrayOf([node])); continue; }
    for (let j = 0, m = ns.length; j < m; j++) {
      let reached = newSet();
      setAdd(reached, node);
      buildPaths(g, unchecked(ns[j]), [node], result, reached);
    }
  }
  return P(result);
}

function buildPaths(g: ObjectValue, root: Value, path: Array<Value>, result: SetValue, reached0: SetValue): void {
  let edges = objectGet(g, root);
  if (edges === null) { setAdd(result, arrayOf(path.slice(0))); return; }
  let p = path.slice(0);
  p.push(root);
  let ns = vertices(edges)!;
  if (ns.length == 0) { setAdd(result, arrayOf(p)); return; }
  let reached = new SetValue(reached0.items.slice(0));
  setAdd(reached, root);
  for (let i = 0, n = ns.length; i < n; i++) {
    let nb = unchecked(ns[i]);
    if (setContains(reached, nb)) setAdd(result, arrayOf(p.slice(0)));
    else buildPaths(g, nb, p, result, reached);
  }
}

// ─── internal.template_string ─────────────────────────────────────────────────────────────────

/**
 * internal.template_string(parts): what `$"…{e}…"` compiles to. Strings print raw, numbers,
 * booleans and null as text; every expression arrives as the set of its values: empty prints
 * `<undefined>`, one element prints as sprintf's %v does, more than one aborts (OPA: "template-strings
 * must not produce multiple outputs").
 */
export function bi_internal$template_string(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_ARRAY) return 0;
  let items = changetype<ArrayValue>(a).items;
  let out = new Array<string>(0);
  for (let i = 0, n = items.length; i < n; i++) {
    let x = unchecked(items[i]);
    if (x.tag == T_SET) {
      let xs = changetype<SetValue>(x).items;
      if (xs.length == 0) { out.push("<undefined>"); continue; }
      if (xs.length > 1) abortWith("template-strings must not produce multiple outputs");
      out.push(valueToRegoString(unchecked(xs[0])));
      continue;
    }
    if (x.tag == T_ARRAY || x.tag == T_OBJECT) return 0;
    out.push(valueToRegoString(x));
  }
  return P(newString(out.join("")));
}
