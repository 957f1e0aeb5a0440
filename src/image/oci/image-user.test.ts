import { describe, expect, it } from "vitest";
import { execUser, resolveImageUser } from "./image-user.js";

const passwd = "root:x:0:0:root:/root:/bin/sh\n# comment\napp:x:1000:1001::/home/app:/bin/sh\n";
const group = "root:x:0:\nstaff:x:50:app\napp:x:1001:\n";

describe("resolveImageUser", () => {
  it("finds a name's uid and gid in passwd", () => {
    expect(resolveImageUser("app", passwd, group)).toEqual({
      uid: 1000,
      gid: 1001,
      groups: [50],
      home: "/home/app",
    });
  });

  it("takes a numeric uid as it is, with its passwd gid or 0", () => {
    expect(resolveImageUser("1000", passwd, group)).toEqual({
      uid: 1000,
      gid: 1001,
      groups: [50],
      home: "/home/app",
    });
    expect(resolveImageUser("4242", undefined, undefined)).toEqual({
      uid: 4242,
      gid: 0,
      groups: [],
      home: "/",
    });
  });

  it("gives the groups listing the user as supplementary groups, as Docker does", () => {
    const many = "root:x:0:\nstaff:x:50:app\ndocker:x:998:bob,app\napp:x:1001:\nother:x:7:bob\n";
    expect(resolveImageUser("app", passwd, many)).toMatchObject({ groups: [50, 998] });
    expect(resolveImageUser("1000", passwd, many)).toMatchObject({ groups: [50, 998] });
    // a member list names users, so "apple" or a gid field never counts
    expect(resolveImageUser("app", passwd, "x:x:60:apple\ny:x:61:\n")).toMatchObject({
      groups: [],
    });
  });

  it("gives no supplementary groups with an explicit group or an unknown uid", () => {
    expect(resolveImageUser("app:staff", passwd, group)).toMatchObject({ groups: [] });
    expect(resolveImageUser("1000:7", passwd, group)).toMatchObject({ groups: [] });
    expect(resolveImageUser("4242", passwd, "g:x:5:4242\n")).toMatchObject({ groups: [] });
  });

  it("takes the group by name or number", () => {
    expect(resolveImageUser("app:staff", passwd, group)).toMatchObject({ uid: 1000, gid: 50 });
    expect(resolveImageUser("1000:7", passwd, group)).toMatchObject({ uid: 1000, gid: 7 });
  });

  it("says why when a name is unknown or the form is wrong", () => {
    expect(resolveImageUser("nobody", passwd, group)).toBe(
      `the user "nobody" is not in the image's /etc/passwd`,
    );
    expect(resolveImageUser("app:wheel", passwd, group)).toBe(
      `the group "wheel" is not in the image's /etc/group`,
    );
    expect(resolveImageUser("app", undefined, undefined)).toContain("not in the image's");
    for (const bad of ["", ":1", "1:", "1:2:3"]) {
      expect(resolveImageUser(bad, passwd, group)).toContain("is not of the form");
    }
    expect(resolveImageUser("4294967296", passwd, group)).toBe(
      "the uid 4294967296 is out of range",
    );
  });

  it("hands groups to exec only when there are some", () => {
    expect(execUser({ uid: 1, gid: 2, groups: [], home: "/" })).toEqual({ uid: 1, gid: 2 });
    expect(execUser({ uid: 1, gid: 2, groups: [5], home: "/" })).toEqual({
      uid: 1,
      gid: 2,
      groups: [5],
    });
  });
});
