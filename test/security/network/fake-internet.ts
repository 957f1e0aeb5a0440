/**
 * The test's fake internet, run inside its own network namespace (never on the host): an
 * HTTP server on port 80 of every address of the namespace that answers with the address
 * it was reached on, and a DNS server on `dnsAddress`:53 answering A queries from `names`.
 * Prints "ready" once both listen; exits when its stdin closes.
 */
import { createSocket } from "node:dgram";
import { createServer } from "node:http";
import { buildDnsReply, parseDnsQuery } from "../../../src/sandbox/network/dns/dns-message.js";

const [dnsAddress, namesJson] = process.argv.slice(2);
const names = new Map(Object.entries(JSON.parse(namesJson ?? "{}") as Record<string, string>));

const http = createServer((request, response) => {
  response.end(`reached ${request.socket.localAddress ?? "?"}\n`);
});
http.listen(80, "::"); // both families

const dns = createSocket("udp4");
dns.on("message", (message, peer) => {
  const query = parseDnsQuery(message);
  if (query === undefined) return;
  // No OPT record in the reply: the answer appended below must be the last section.
  const plain = { ...query, edns: undefined };
  const address = names.get(query.question.name.join(".").toLowerCase());
  const reply =
    address === undefined
      ? buildDnsReply(plain, { rcode: 3 })
      : answerA(buildDnsReply(plain, { rcode: 0 }), address);
  dns.send(reply, peer.port, peer.address);
});
dns.bind(53, dnsAddress, () => process.stdout.write("ready\n"));
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));

/** Appends one A record (name by pointer to the question) to a NOERROR reply. */
function answerA(reply: Buffer, address: string): Buffer {
  const record = Buffer.alloc(16);
  record.writeUInt16BE(0xc00c, 0);
  record.writeUInt16BE(1, 2);
  record.writeUInt16BE(1, 4);
  record.writeUInt32BE(60, 6);
  record.writeUInt16BE(4, 10);
  address.split(".").forEach((octet, i) => record.writeUInt8(Number(octet), 12 + i));
  const out = Buffer.concat([reply, record]);
  out.writeUInt16BE(1, 6);
  return out;
}
