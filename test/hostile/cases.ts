/**
 * Hostile inputs for `gpc audit`, as a table: each case builds its input in a fresh folder and
 * says how the real CLI must take it. The harness (./hostile.test.ts) runs every case beside a
 * privileged pod ("victim") and checks, for all of them: no stack trace, exit in {0,1,2} (and in
 * the case's `exit`), under 30 s and 1 GiB peak RSS, the victim reported, and the case's own
 * `denied` / `allowed` pods decided as Kubernetes decides them.
 *
 * Add a case: append `{ name, setup, exit, … }` to CASES. Generate big inputs in `dir` on the
 * fly; never commit them.
 */
import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** How one case is run. */
export interface Setup {
  /** Paths (or `-`) given to `gpc audit` after the victim's file. */
  readonly paths: string[];
  /** Extra flags, e.g. `--follow-symlinks`. */
  readonly flags?: string[];
  /** A file fed to standard input. */
  readonly stdin?: string;
  /** A shell command started before the audit (e.g. a FIFO writer); killed afterwards. */
  readonly background?: string;
}

export interface HostileCase {
  readonly name: string;
  readonly setup: (dir: string) => Setup;
  /** Allowed exit codes. */
  readonly exit: readonly (0 | 1 | 2)[];
  /** Pod names that must have a `deny` finding. */
  readonly denied?: readonly string[];
  /** Pod names that must have no finding at all. */
  readonly allowed?: readonly string[];
  /** Patterns stderr must match. */
  readonly stderr?: readonly RegExp[];
  /** Patterns stdout (the JSON report) must match. */
  readonly stdout?: readonly RegExp[];
}

const pod = (name: string, container: string, spec = "") => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: hostile\nspec:\n${spec}  containers:\n  - name: c\n    image: nginx\n    securityContext:\n${container}`;
const docs = (...xs: string[]) => xs.join("---\n");

/** Writes a file from parts without building one big string. */
function writeParts(path: string, parts: Iterable<string>): void {
  const fd = openSync(path, "w");
  try { for (const p of parts) writeSync(fd, p); } finally { closeSync(fd); }
}

function* repeat(n: number, f: (i: number) => string): Generator<string> {
  for (let i = 0; i < n; i++) yield f(i);
}

export const CASES: readonly HostileCase[] = [
  {
    name: "YAML 1.1 booleans are true where Kubernetes reads true",
    setup: (d) => {
      const t = ["yes", "Yes", "YES", "on", "On", "ON", "y", "Y"].map((v, i) => pod(`priv-${i}`, `      privileged: ${v}\n`));
      writeFileSync(join(d, "true.yaml"), docs(...t,
        pod("hostnet", "      privileged: false\n", "  hostNetwork: on\n"),
        pod("hostpid", "      privileged: false\n", "  hostPID: Yes\n"),
        pod("hostipc", "      privileged: false\n", "  hostIPC: ON\n")));
      return { paths: [join(d, "true.yaml")] };
    },
    exit: [1],
    denied: ["priv-0", "priv-1", "priv-2", "priv-3", "priv-4", "priv-5", "priv-6", "priv-7", "hostnet", "hostpid", "hostipc"],
  },
  {
    name: "YAML 1.1 booleans are false where Kubernetes reads false",
    setup: (d) => {
      writeFileSync(join(d, "false.yaml"), docs(...["off", "Off", "no", "No", "n", "N", "false"].map((v, i) => pod(`off-${i}`, `      privileged: ${v}\n`, "  hostNetwork: off\n  hostPID: no\n"))));
      return { paths: [join(d, "false.yaml")] };
    },
    exit: [1],
    allowed: ["off-0", "off-1", "off-2", "off-3", "off-4", "off-5", "off-6"],
  },
  {
    name: "a %YAML 1.1 directive before a privileged: yes pod",
    setup: (d) => { writeFileSync(join(d, "directive.yaml"), `%YAML 1.1\n---\n${pod("directive", "      privileged: yes\n")}`); return { paths: [join(d, "directive.yaml")] }; },
    exit: [1],
    denied: ["directive"],
  },
  {
    name: "ill-typed objects are input errors naming the field",
    setup: (d) => {
      writeFileSync(join(d, "typed.yaml"), docs(
        pod("str-true", "      privileged: \"true\"\n"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: cstr}\nspec:\n  containers: x\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: cnull}\nspec:\n  containers: [null]\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: specstr}\nspec: x\n",
        pod("capstr", "      capabilities:\n        add: SYS_ADMIN\n"),
        "apiVersion: v1\nkind: List\nitems: x\n",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {a: 1}\nspec: {}\n",
      ));
      return { paths: [join(d, "typed.yaml")] };
    },
    exit: [2],
    stderr: [/securityContext\.privileged: expected a boolean, got string "true"/, /spec\.containers: expected a list, got string "x"/, /spec\.containers\[0\]: expected a mapping, got null/, /spec: expected a mapping, got string "x"/, /capabilities\.add: expected a list, got string "SYS_ADMIN"/, /List: items: expected a list/, /metadata\.name: expected a string, got a mapping/],
  },
  {
    name: "JSON nested 5,000 deep",
    setup: (d) => { writeFileSync(join(d, "deep.json"), `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep"},"spec":${"[".repeat(5000)}${"]".repeat(5000)}}`); return { paths: [join(d, "deep.json")] }; },
    exit: [2],
    stderr: [/nesting deeper than 500 levels/],
  },
  {
    name: "a List nested 5,000 deep",
    setup: (d) => {
      writeParts(join(d, "deeplist.json"), [...repeat(5000, () => '{"apiVersion":"v1","kind":"List","items":['), '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"inner"}}', ...repeat(5000, () => "]}")]);
      return { paths: [join(d, "deeplist.json")] };
    },
    exit: [2],
    stderr: [/nesting deeper than 500 levels/],
  },
  {
    name: "YAML nested 1,500 deep (block) and 5,000 deep (flow)",
    setup: (d) => {
      writeParts(join(d, "block.yaml"), ["apiVersion: v1\nkind: Pod\nmetadata: {name: block}\nspec:\n", ...repeat(1500, (i) => `${" ".repeat(i + 1)}k:\n`)]);
      writeFileSync(join(d, "flow.yaml"), `apiVersion: v1\nkind: Pod\nmetadata: {name: flow}\nspec: ${"[".repeat(5000)}${"]".repeat(5000)}\n`);
      return { paths: [join(d, "block.yaml"), join(d, "flow.yaml")] };
    },
    exit: [2],
    stderr: [/block\.yaml: document 1 \(line \d+\): nesting deeper than 500 levels/, /flow\.yaml: document 1 \(line \d+\): nesting deeper than 500 levels/],
  },
  {
    name: "a pod with 100,000 containers (3 MB)",
    setup: (d) => { writeParts(join(d, "c100k.yaml"), ["apiVersion: v1\nkind: Pod\nmetadata: {name: c100k}\nspec:\n  containers:\n", ...repeat(100000, (i) => `  - {name: c${i}, image: i}\n`)]); return { paths: [join(d, "c100k.yaml")] }; },
    exit: [2],
    stderr: [/100,000 containers, over the limit of 1,000 per pod/],
  },
  {
    name: "a pod with 1,000,000 containers (30 MB)",
    setup: (d) => { writeParts(join(d, "c1m.yaml"), ["apiVersion: v1\nkind: Pod\nmetadata: {name: c1m}\nspec:\n  containers:\n", ...repeat(1000000, (i) => `  - {name: c${i}, image: i}\n`)]); return { paths: [join(d, "c1m.yaml")] }; },
    exit: [2],
    stderr: [/document is over the 3\.0 MiB limit per object/],
  },
  {
    name: "a YAML alias bomb under any alias-count cap (8 levels x 10)",
    setup: (d) => {
      let b = "apiVersion: v1\nkind: Pod\nmetadata: {name: bomb}\nx0: &a0 [x,x,x,x,x,x,x,x,x,x]\n";
      for (let l = 1; l < 9; l++) b += `x${l}: &a${l} [${Array(10).fill(`*a${l - 1}`).join(",")}]\n`;
      writeFileSync(join(d, "bomb.yaml"), b);
      return { paths: [join(d, "bomb.yaml")] };
    },
    exit: [2],
    stderr: [/more than 1,000,000 values \(YAML aliases expanded\)/],
  },
  {
    name: "/dev/zero as a path",
    setup: () => ({ paths: ["/dev/zero"] }),
    exit: [2],
    stderr: [/\/dev\/zero: binary input \(a NUL byte\)/],
  },
  {
    name: "standard input from /dev/zero",
    setup: () => ({ paths: ["-"], stdin: "/dev/zero" }),
    exit: [2],
    stderr: [/-: binary input \(a NUL byte\)/],
  },
  {
    name: "a FIFO given explicitly, fed from /dev/zero",
    setup: (d) => { execFileSync("mkfifo", [join(d, "zero.fifo")]); return { paths: [join(d, "zero.fifo")], background: `cat /dev/zero > '${join(d, "zero.fifo")}'` }; },
    exit: [2],
    stderr: [/zero\.fifo: binary input \(a NUL byte\)/],
  },
  {
    name: "a FIFO given explicitly, fed a privileged pod",
    setup: (d) => {
      execFileSync("mkfifo", [join(d, "pod.fifo")]);
      writeFileSync(join(d, "fifo-src.yaml"), pod("via-fifo", "      privileged: on\n"));
      return { paths: [join(d, "pod.fifo")], background: `cat '${join(d, "fifo-src.yaml")}' > '${join(d, "pod.fifo")}'` };
    },
    exit: [1],
    denied: ["via-fifo"],
  },
  {
    name: "a folder with a symlink, a dangling link, a FIFO, node_modules and .git: each reported",
    setup: (d) => {
      mkdirSync(join(d, "real"));
      mkdirSync(join(d, "tree/node_modules"), { recursive: true });
      mkdirSync(join(d, "tree/.git"));
      writeFileSync(join(d, "real/linked.yaml"), pod("linked", "      privileged: true\n"));
      writeFileSync(join(d, "tree/node_modules/x.yaml"), pod("in-node-modules", "      privileged: true\n"));
      symlinkSync(join(d, "real/linked.yaml"), join(d, "tree/link.yaml"));
      symlinkSync(join(d, "missing.yaml"), join(d, "tree/dangling.yaml"));
      execFileSync("mkfifo", [join(d, "tree/f.yaml")]);
      return { paths: [join(d, "tree")] };
    },
    exit: [2],
    stderr: [/link\.yaml: not read: symbolic link/, /dangling\.yaml: not read: dangling symbolic link/, /f\.yaml: not read: a FIFO/, /node_modules: warning: skipped: ignored folder/, /\.git: warning: skipped: ignored folder/],
  },
  {
    name: "--follow-symlinks reads linked files and folders",
    setup: (d) => {
      mkdirSync(join(d, "real"));
      mkdirSync(join(d, "tree"));
      writeFileSync(join(d, "real/linked.yaml"), pod("linked", "      privileged: true\n"));
      symlinkSync(join(d, "real/linked.yaml"), join(d, "tree/link.yaml"));
      symlinkSync(join(d, "real"), join(d, "tree/dir"));
      symlinkSync(join(d, "tree"), join(d, "tree/loop"));
      return { paths: [join(d, "tree")], flags: ["--follow-symlinks"] };
    },
    exit: [1],
    denied: ["linked"],
  },
  {
    name: "privileged workloads in apiVersions no ExpansionTemplate expands are not checked (never passed)",
    setup: (d) => {
      const tpl = "  template:\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        securityContext: {privileged: true}\n";
      writeFileSync(join(d, "old.yaml"), docs(
        `apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata: {name: ds-a, namespace: hostile}\nspec:\n${tpl}`,
        `apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata: {name: ds-b, namespace: hostile}\nspec:\n${tpl}`,
        `apiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: dep, namespace: hostile}\nspec:\n${tpl}`,
        `apiVersion: example.com/v1\nkind: Rollout\nmetadata: {name: ro, namespace: hostile}\nspec:\n${tpl}`,
      ));
      return { paths: [join(d, "old.yaml")] };
    },
    exit: [2],
    stdout: [/"name": "ds-a"[\s\S]*"enforcementAction": "not-checked"/, /no ExpansionTemplate expands extensions\/v1beta1 DaemonSet/, /no ExpansionTemplate expands apps\/v1beta2 Deployment/, /no ExpansionTemplate expands example\.com\/v1 Rollout/],
    stderr: [/4 object\(s\) not checked/],
  },
  {
    name: "duplicate keys: the last one wins with a warning, the same from a file, stdin and JSON",
    setup: (d) => {
      writeFileSync(join(d, "dup.yaml"), pod("dup-yaml", "      privileged: false\n      privileged: true\n"));
      writeFileSync(join(d, "dup.json"), '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"dup-json","namespace":"hostile"},"spec":{"containers":[{"name":"c","image":"i","securityContext":{"privileged":false,"privileged":true}}]}}');
      writeFileSync(join(d, "dup-stdin.yaml"), pod("dup-stdin", "      privileged: false\n      privileged: true\n"));
      return { paths: [join(d, "dup.yaml"), join(d, "dup.json"), "-"], stdin: join(d, "dup-stdin.yaml") };
    },
    exit: [1],
    denied: ["dup-yaml", "dup-json", "dup-stdin"],
    stderr: [/dup\.yaml: document 1 \(line 12\): warning: duplicate key "privileged"/, /dup\.json: document 1 \(line 1\): warning: duplicate key "privileged"/, /-: document 1 \(line 12\): warning: duplicate key "privileged"/],
  },
  {
    name: "binary and huge files",
    setup: (d) => {
      writeFileSync(join(d, "elf.yaml"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]));
      writeFileSync(join(d, "huge.yaml"), Buffer.alloc(50 * 1024 * 1024, "a"));
      writeParts(join(d, "lines.yaml"), repeat(2_000_000, (i) => `k${i}: v\n`));
      return { paths: [join(d, "elf.yaml"), join(d, "huge.yaml"), join(d, "lines.yaml")] };
    },
    exit: [2],
    stderr: [/elf\.yaml: binary input/, /huge\.yaml: document 1 \(line 1\): document is over the 3\.0 MiB limit per object/, /lines\.yaml: document 1 \(line 1\): document is over the 3\.0 MiB limit per object/],
  },
  {
    name: "what kubectl reads and js-yaml rejects: flow and quoted scalars closed at the key's column, a repeated selector",
    setup: (d) => {
      writeFileSync(join(d, "lenient.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lenient\n  namespace: hostile\n  annotations:\n    description: \"a multi-line\n    description\"\nspec:\n  selector:\n    matchLabels: {app: x}\n  selector:\n    matchLabels: {app: x}\n  template:\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        args: [\"--a\",\n        \"--b\"]\n        securityContext:\n          privileged: true\n");
      return { paths: [join(d, "lenient.yaml")] };
    },
    exit: [1],
    denied: ["lenient"],
    stderr: [/warning: duplicate key "selector"/],
  },
  {
    name: "values JSON cannot carry and YAML versions Kubernetes refuses",
    setup: (d) => {
      writeFileSync(join(d, "inf.yaml"), docs(pod("inf", "      runAsUser: .inf\n"), `%YAML 1.2\n---\n${pod("v12", "      privileged: true\n")}`));
      return { paths: [join(d, "inf.yaml")] };
    },
    exit: [2],
    stderr: [/\.inf is a non-finite float/, /incompatible YAML document \(%YAML 1\.2/],
  },
  {
    name: "the same limits and messages with worker threads (--jobs 2)",
    setup: (d) => {
      writeFileSync(join(d, "deep.json"), `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep"},"spec":${"[".repeat(2000)}${"]".repeat(2000)}}`);
      writeFileSync(join(d, "dup.json"), '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"dup-j2","namespace":"hostile"},"spec":{"containers":[{"name":"c","image":"i","securityContext":{"privileged":false,"privileged":true}}]}}');
      writeFileSync(join(d, "on.yaml"), pod("on-j2", "      privileged: on\n"));
      return { paths: [join(d, "deep.json"), join(d, "dup.json"), join(d, "on.yaml")], flags: ["--jobs", "2"] };
    },
    exit: [2],
    denied: ["dup-j2", "on-j2"],
    stderr: [/deep\.json: document 1 \(line 1\): nesting deeper than 500 levels/, /dup\.json: document 1 \(line 1\): warning: duplicate key "privileged"/],
  },
  {
    name: "a 9,000-pod List over the per-object limit is streamed item by item",
    setup: (d) => {
      writeParts(join(d, "list.yaml"), ["apiVersion: v1\nitems:\n", ...repeat(9000, (i) => `- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: lp-${i}\n    namespace: hostile\n  spec:\n    containers:\n    - name: c\n      image: nginx\n      securityContext:\n        privileged: ${i % 3000 === 7 ? "yes" : "false"}\n`), "kind: List\nmetadata:\n  resourceVersion: \"\"\n"]);
      return { paths: [join(d, "list.yaml")] };
    },
    exit: [1],
    denied: ["lp-7", "lp-3007", "lp-6007"],
    allowed: ["lp-0", "lp-8999"],
  },
];
