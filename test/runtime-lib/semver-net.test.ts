// semver.* (OPA's coreos/go-semver fork) and net.cidr_* (Go's net package).
import { test } from "uvu";
import { checkTable } from "./util.ts";

test("semver.compare: SemVer 2.0 precedence", () => {
  const order = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0"];
  const rows: [unknown[], unknown][] = [];
  for (let i = 0; i < order.length; i++) {
    for (let j = 0; j < order.length; j++) rows.push([[order[i], order[j]], Math.sign(i - j)]);
  }
  checkTable("semver.compare", rows);
  checkTable("semver.compare", [
    [["1.2.3", "1.10.0"], -1],
    [["2.0.0", "2.0.0"], 0],
    [["1.0.0+build.1", "1.0.0+build.2"], 0],
    [["1.0.0-1", "1.0.0-a"], -1],
    [["1.0.0-01", "1.0.0-1"], -1],
    [["1.2.3", "v1.2.3"], undefined],
    [["1.2", "1.2.0"], undefined],
    [[1, "1.0.0"], undefined],
  ]);
});

test("semver.is_valid", () => {
  checkTable("semver.is_valid", [
    [["1.2.3"], true],
    [["0.0.0"], true],
    [["1.2.3-alpha.1+build.5"], true],
    [["1.2.3+build"], true],
    [["1.2"], false],
    [["1.2.3.4"], false],
    [["v1.2.3"], false],
    [["1.2.3-alpha_1"], false],
    [["1.2.3-alpha..1"], false],
    [["1.2.x"], false],
    [[""], false],
    [["01.2.3"], true],
    [[1], false],
    [[null], false],
  ]);
});

test("net.cidr_contains: IPv4, IPv6, CIDR in CIDR", () => {
  checkTable("net.cidr_contains", [
    [["10.0.0.0/8", "10.1.2.3"], true],
    [["10.0.0.0/8", "192.168.0.1"], false],
    [["127.0.0.0/8", "127.0.0.1"], true],
    [["127.0.0.0/8", "127.0.0.0/24"], true],
    [["10.0.0.0/8", "10.1.0.0/16"], true],
    [["10.0.0.0/8", "9.0.0.0/7"], false],
    [["10.0.0.0/8", "10.0.0.0/7"], false],
    [["10.1.2.3/8", "10.200.0.1"], true],
    [["0.0.0.0/0", "255.255.255.255"], true],
    [["192.168.1.0/24", "192.168.1.255"], true],
    [["192.168.1.0/24", "192.168.2.0"], false],
    [["2001:db8::/32", "2001:db8::1"], true],
    [["2001:db8::/32", "2001:db9::1"], false],
    [["fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddc:1111::/72"], true],
    [["::/0", "10.0.0.1"], false],
    [["10.0.0.0/8", "::ffff:10.1.2.3"], true],
    [["::ffff:10.0.0.0/104", "10.1.2.3"], true],
    [["10.0.0.0/8", "2001:db8::1"], false],
    [["10.0.0.0", "10.0.0.1"], undefined],
    [["10.0.0.0/33", "10.0.0.1"], undefined],
    [["10.0.0.0/8", "abc"], undefined],
    [["10.0.0.0/8", "010.0.0.1"], undefined],
    [["10.0.0.0/8", 1], undefined],
  ]);
});

test("net.cidr_overlap is the deprecated alias of net.cidr_contains", () => {
  checkTable("net.cidr_overlap", [
    [["10.0.0.0/8", "10.1.2.3"], true],
    [["10.0.0.0/8", "11.0.0.0/24"], false],
    [["x", "10.1.2.3"], undefined],
  ]);
});

test("net.cidr_intersects and net.cidr_is_valid", () => {
  checkTable("net.cidr_intersects", [
    [["192.168.0.0/16", "192.168.1.0/24"], true],
    [["192.168.1.0/24", "192.168.0.0/16"], true],
    [["10.0.0.0/8", "192.168.0.0/16"], false],
    [["fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddc:1111::/72"], true],
    [["10.0.0.0/8", "::/0"], false],
    [["10.0.0.0/8", "10.0.0.1"], undefined],
  ]);
  checkTable("net.cidr_is_valid", [
    [["10.0.0.0/8"], true],
    [["10.0.0.1/32"], true],
    [["::/0"], true],
    [["2001:db8::/128"], true],
    [["::ffff:1.2.3.4/120"], true],
    [["1:2:3:4:5:6:7:8/64"], true],
    [["1:2:3:4:5:6:7:8:9/64"], false],
    [["1::2::3/64"], false],
    [["10.0.0.0/33"], false],
    [["10.0.0.0/-1"], false],
    [["10.0.0.0/"], false],
    [["10.0.0.1"], false],
    [["010.0.0.0/8"], false],
    [["256.0.0.0/8"], false],
    [["fe80::1%eth0/64"], false],
    [[1], false],
  ]);
});

test.run();
