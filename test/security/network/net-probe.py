#!/usr/bin/env python3
"""In-sandbox side of the network probes: one JSON line per probe.

argv: one probe per argument, `id,kind,host,port` (kind: tcp, resolve, udp-dns or udp-echo).
Prints `{"id": ..., "ok": ..., "detail": ...}` per probe (by hand: the image's
python3-minimal has no json module). Every attempt is bounded (2 s). Sends only to
the addresses it is given, which the test picks from its own namespaces.
"""
import socket
import struct
import sys
import threading


def tcp(host, port):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(2)
        s.connect((host, port))
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        return s.recv(200).decode("utf8", "replace").splitlines()[-1][:80]


def resolve(host, _port):
    infos = socket.getaddrinfo(host, None, socket.AF_INET)
    return sorted({i[4][0] for i in infos})[0]


def udp_dns(server, port):
    query = struct.pack(">HHHHHH", 0x4242, 0x0100, 1, 0, 0, 0)
    query += b"".join(bytes([len(p)]) + p.encode() for p in "internet.test".split(".")) + b"\0"
    query += struct.pack(">HH", 1, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(query, (server, port))
        data, _ = s.recvfrom(512)
        return "answer of %d bytes" % len(data)


def udp_echo(host, port):
    """A datagram to a UDP service that answers every datagram; ok when it answers."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(b"ping", (host, port))
        data, _ = s.recvfrom(200)
        return data.decode("utf8", "replace")[:80]


KINDS = {"tcp": tcp, "resolve": resolve, "udp-dns": udp_dns, "udp-echo": udp_echo}

def line(probe_id, ok, detail):
    safe = "".join(c if c.isalnum() or c in " .:-_/()" else "?" for c in str(detail))[:120]
    return '{"id": "%s", "ok": %s, "detail": "%s"}' % (probe_id, "true" if ok else "false", safe)


def serve(port):
    """`--serve PORT`: a peer sandbox's service, answering every connection with a line."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
        s.listen(16)
        print("serving", flush=True)
        while True:
            conn, _ = s.accept()
            with conn:
                conn.sendall(b"peer service\n")


def checksum(data):
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xFFFF)
    return ~(total + (total >> 16)) & 0xFFFF


def send_raw(source, destination, port, count):
    """`--raw SRC DST PORT COUNT`: UDP packets with a hand-made IPv4 header (IP_HDRINCL),
    so SRC may be forged. Needs CAP_NET_RAW in the sandbox's own network namespace."""
    payload = b"airlock spoof probe"
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW) as s:
        for _ in range(count):
            udp = struct.pack("!HHHH", 40000, port, 8 + len(payload), 0) + payload
            header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0x4242, 0, 64, 17, 0,
                                 socket.inet_aton(source), socket.inet_aton(destination))
            header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
            s.sendto(header + udp, (destination, 0))
    print("sent %d" % count, flush=True)


def send_udp(targets):
    """`--udp HOST ...`: one UDP datagram to port 9 of each (broadcast and multicast
    allowed), to see where the host's rules drop them. Prints nothing; errors are ignored."""
    for host in targets:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_DGRAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            try:
                s.sendto(b"airlock probe", (host, 9, 0, socket.if_nametoindex("eth0")) if family == socket.AF_INET6 else (host, 9))
            except OSError:
                pass


def gateway_mac(gateway):
    """The host side's MAC, learnt by ARP after one datagram to the gateway."""
    import time
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"x", (gateway, 9))
    for _ in range(50):  # ARP resolution is asynchronous: wait for a complete entry
        for line in open("/proc/net/arp").read().splitlines()[1:]:
            fields = line.split()
            if fields[0] == gateway and fields[2] == "0x2":
                return bytes.fromhex(fields[3].replace(":", ""))
        time.sleep(0.02)
    raise RuntimeError("no ARP entry for the gateway")


def send_frames(source_mac, gateway, source, destination, port, count):
    """`--frames SRCMAC GATEWAY SRC DST PORT COUNT`: UDP in Ethernet frames written on an
    AF_PACKET socket, so the source MAC may be forged (SRCMAC `own` = eth0's). Needs
    CAP_NET_RAW in the sandbox's own network namespace."""
    own = bytes.fromhex(open("/sys/class/net/eth0/address").read().strip().replace(":", ""))
    mac = own if source_mac == "own" else bytes.fromhex(source_mac.replace(":", ""))
    payload = b"airlock mac probe"
    udp = struct.pack("!HHHH", 40001, port, 8 + len(payload), 0) + payload
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0x4343, 0, 64, 17, 0,
                         socket.inet_aton(source), socket.inet_aton(destination))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    frame = gateway_mac(gateway) + mac + b"\x08\x00" + header + udp
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
        s.bind(("eth0", 0))
        for _ in range(count):
            s.send(frame)
    print("sent %d" % count, flush=True)


if len(sys.argv) == 8 and sys.argv[1] == "--frames":
    send_frames(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), int(sys.argv[7]))
    sys.exit(0)
def send_arp(sender_ip, sender_mac, count):
    """`--arp SENDERIP SENDERMAC COUNT`: gratuitous ARP replies claiming SENDERIP at
    SENDERMAC (`own` = eth0's address or MAC), broadcast on eth0. Needs CAP_NET_RAW."""
    own_mac = bytes.fromhex(open("/sys/class/net/eth0/address").read().strip().replace(":", ""))
    mac = own_mac if sender_mac == "own" else bytes.fromhex(sender_mac.replace(":", ""))
    ip = socket.inet_aton(sender_ip)
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 2, mac, ip, b"\xff" * 6, ip)
    frame = b"\xff" * 6 + own_mac + b"\x08\x06" + arp
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
        s.bind(("eth0", 0))
        for _ in range(count):
            s.send(frame)


if len(sys.argv) == 5 and sys.argv[1] == "--arp":
    send_arp(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    sys.exit(0)
if len(sys.argv) >= 3 and sys.argv[1] == "--udp":
    send_udp(sys.argv[2:])
    sys.exit(0)
if len(sys.argv) == 3 and sys.argv[1] == "--serve":
    serve(int(sys.argv[2]))
if len(sys.argv) == 6 and sys.argv[1] == "--raw":
    send_raw(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    sys.exit(0)

def run(argument):
    probe_id, kind, host, port = argument.split(",")
    try:
        return line(probe_id, True, KINDS[kind](host, int(port or 0)))
    except Exception as error:  # any failure is the answer: blocked, refused, timed out
        return line(probe_id, False, repr(error))


# Name lookups first and in order (an allowlisted name is pinned when it resolves), then the
# connection probes at once: each waits up to 2 s for a drop, and they are independent.
lookups = [a for a in sys.argv[1:] if a.split(",")[1] != "tcp" and a.split(",")[1] != "udp-echo"]
connects = [a for a in sys.argv[1:] if a not in lookups]
for argument in lookups:
    print(run(argument), flush=True)
results = [None] * len(connects)


def work(index):
    results[index] = run(connects[index])


threads = [threading.Thread(target=work, args=(i,)) for i in range(len(connects))]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
for result in results:
    print(result, flush=True)
