import { describe, expect, it } from "vitest";
import { findDebianMirrors, parseDeb822Sources, parseOneLineSources } from "./apt-sources.js";

const deb822 = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

describe("apt sources parsing", () => {
  it("reads deb822 stanzas, skipping comments and disabled ones", () => {
    const sources = parseDeb822Sources(
      `${deb822}\nEnabled: no\nTypes: deb\nURIs: http://x/debian\nSuites: sid\nComponents: main\n`,
    );
    expect(sources).toEqual([
      {
        types: ["deb"],
        uris: ["http://deb.debian.org/debian"],
        suites: ["bookworm", "bookworm-updates"],
        components: ["main"],
      },
      {
        types: ["deb"],
        uris: ["http://deb.debian.org/debian-security"],
        suites: ["bookworm-security"],
        components: ["main"],
      },
    ]);
  });

  it("reads one-line entries with options and comments", () => {
    expect(
      parseOneLineSources(
        "# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://ftp.de.debian.org/debian/ bookworm main contrib # x\n" +
          "deb-src http://ftp.de.debian.org/debian bookworm main\n\n",
      ),
    ).toEqual([
      {
        types: ["deb"],
        uris: ["http://ftp.de.debian.org/debian/"],
        suites: ["bookworm"],
        components: ["main", "contrib"],
      },
      {
        types: ["deb-src"],
        uris: ["http://ftp.de.debian.org/debian"],
        suites: ["bookworm"],
        components: ["main"],
      },
    ]);
  });
});

describe("findDebianMirrors", () => {
  it("finds this host's mirror and security mirror in debian.sources", () => {
    expect(
      findDebianMirrors(
        [{ path: "/etc/apt/sources.list.d/debian.sources", text: deb822 }],
        "bookworm",
      ),
    ).toEqual({
      mirror: "http://deb.debian.org/debian",
      securityMirror: "http://deb.debian.org/debian-security",
    });
  });

  it("ignores third-party suites that merely contain the suite name, and deb-src", () => {
    const files = [
      {
        path: "/etc/apt/sources.list.d/gcloud.list",
        text: "deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main\n",
      },
      {
        path: "/etc/apt/sources.list",
        text: "deb-src http://src.example/debian bookworm main\ndeb http://mirror.example/debian/ bookworm main\n",
      },
    ];
    expect(findDebianMirrors(files, "bookworm")).toEqual({
      mirror: "http://mirror.example/debian",
      securityMirror: null,
    });
  });

  it("uses a Debian archive listed for another suite (a trixie host builds bookworm)", () => {
    const text =
      "deb http://mirror.example/debian trixie main\ndeb http://mirror.example/debian-security trixie-security main\n";
    expect(findDebianMirrors([{ path: "/etc/apt/sources.list", text }], "bookworm")).toEqual({
      mirror: "http://mirror.example/debian",
      securityMirror: "http://mirror.example/debian-security",
    });
  });

  it("finds nothing without Debian sources", () => {
    expect(findDebianMirrors([], "bookworm")).toEqual({ mirror: null, securityMirror: null });
    expect(
      findDebianMirrors(
        [{ path: "/etc/apt/sources.list", text: "deb cdrom:[Debian]/ bookworm main\n" }],
        "bookworm",
      ),
    ).toEqual({ mirror: null, securityMirror: null });
  });
});
