import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { basename, dirname } from "node:path";
import { gunzipSync } from "node:zlib";
import type { FakeContext } from "./fake-context.js";
import type { FakeGitRequest } from "./fake-state.js";
import { isActive } from "./authenticate-job.js";
import { readBody, send } from "./fake-http.js";

/**
 * Git's smart HTTP for the repositories a test serves (`options.repositories`: project path
 * -> bare repository): `git http-backend` run as a CGI, as GitLab's Workhorse fronts Gitaly.
 * Like GitLab for CI clones, it wants Basic auth `gitlab-ci-token:<job token>` of a running
 * job; anything else is 401. Returns false when the path is no served repository.
 */
export async function routeGit(
  context: FakeContext,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  query: string,
): Promise<boolean> {
  const match = /^\/(.+)\.git(\/.*)$/.exec(path);
  const repository =
    match?.[1] === undefined ? undefined : context.options.repositories?.[match[1]];
  if (match === null || repository === undefined) return false;
  const body = await readBody(request);
  const auth = request.headers.authorization ?? "";
  const [user, password] = Buffer.from(auth.replace(/^Basic /, ""), "base64")
    .toString("utf8")
    .split(":");
  const allowed =
    user === "gitlab-ci-token" && context.jobs.some((j) => j.token === password && isActive(j));
  context.gitRequests.push({
    path,
    authorized: allowed,
    command: gitCommandOf(request, path, body),
  });
  if (!allowed) {
    send(response, 401, "HTTP Basic: Access denied\n", {
      "WWW-Authenticate": 'Basic realm="GitLab"',
    });
    return true;
  }
  const cgi = spawn("git", ["http-backend"], {
    env: {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      GIT_PROJECT_ROOT: dirname(repository),
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: `/${basename(repository)}${match[2] ?? ""}`,
      REQUEST_METHOD: request.method ?? "GET",
      QUERY_STRING: query,
      CONTENT_TYPE: request.headers["content-type"] ?? "",
      HTTP_CONTENT_ENCODING: request.headers["content-encoding"] ?? "",
      CONTENT_LENGTH: String(body.length),
      REMOTE_USER: "gitlab-ci-token",
      GIT_CONFIG_NOSYSTEM: "1",
      HOME: dirname(repository),
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  // http-backend may exit without reading the whole body (a request it answers at once):
  // its stdin then breaks, which is no error of the fake's.
  cgi.stdin.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  cgi.stdin.end(body);
  const chunks: Buffer[] = [];
  for await (const chunk of cgi.stdout) chunks.push(chunk as Buffer);
  const output = Buffer.concat(chunks);
  const split = output.indexOf("\r\n\r\n");
  const head = output.subarray(0, split).toString("latin1");
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number(value.split(" ")[0]);
    else if (name !== "") headers[name] = value;
  }
  send(response, status, output.subarray(split + 4), headers);
  return true;
}

/** What a smart-HTTP request asks for: its path and, for a POST, its pkt-lines. */
function gitCommandOf(
  request: IncomingMessage,
  path: string,
  body: Buffer,
): FakeGitRequest["command"] {
  if (path.endsWith("/info/refs")) return "advertise";
  if (path.endsWith("/git-receive-pack")) return "push";
  if (!path.endsWith("/git-upload-pack")) return "other";
  const text = (request.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body).toString(
    "latin1",
  );
  if (text.includes("command=ls-refs")) return "ls-refs";
  if (text.includes("command=fetch") || /^[0-9a-f]{4}want /m.test(text)) return "fetch";
  return "other";
}
