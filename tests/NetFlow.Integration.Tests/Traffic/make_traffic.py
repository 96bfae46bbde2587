"""Writes the deterministic traffic capture that the differential tests feed to the exporters.

usage: /usr/bin/python3 make_traffic.py OUT.pcap MANIFEST.json

Every timestamp is an exact number of milliseconds after 2024-03-01T12:00:00Z. The manifest lists
every unidirectional flow (5-tuple, or ICMP type/code) with its packet count, its byte count as
NetFlow counts it (IP total length), the OR of its TCP flags and its first/last packet time in
milliseconds since the Unix epoch, so a test can check the exporters against the ground truth.
"""
import json
import sys
from decimal import Decimal

from scapy.all import (DNS, DNSQR, DNSRR, ICMP, IP, TCP, UDP, Ether, ICMPv6EchoReply,
                       ICMPv6EchoRequest, IPv6, Raw, wrpcap)

BASE = Decimal(1709294400)  # 2024-03-01T12:00:00Z
MAC_CLIENT_SIDE = "02:00:00:00:00:01"
MAC_SERVER_SIDE = "02:00:00:00:00:02"

packets = []


def emit(at_ms, l3):
    # Rebuilt from bytes so lengths and checksums are filled in before the manifest reads them.
    frame = Ether(bytes(Ether(src=MAC_CLIENT_SIDE, dst=MAC_SERVER_SIDE) / l3))
    # Decimal, not float: the pcap gets exactly this many microseconds.
    frame.time = BASE + Decimal(at_ms) / 1000
    packets.append(frame)


def ip(version, src, dst):
    return IP(src=src, dst=dst, ttl=64) if version == 4 else IPv6(src=src, dst=dst, hlim=64)


def tcp_session(version, client, server, cport, sport, start_ms, exchanges):
    """Handshake, request/response/ack per exchange (payload sizes given), then FIN both ways."""
    t = start_ms
    cseq, sseq = 1000, 5000

    def c2s(flags, payload=b""):
        packet = ip(version, client, server) / TCP(sport=cport, dport=sport, flags=flags, seq=cseq, ack=sseq if "A" in flags else 0)
        return packet / Raw(payload) if payload else packet

    def s2c(flags, payload=b""):
        packet = ip(version, server, client) / TCP(sport=sport, dport=cport, flags=flags, seq=sseq, ack=cseq)
        return packet / Raw(payload) if payload else packet

    emit(t, c2s("S")); t += 7
    cseq += 1
    emit(t, s2c("SA")); t += 5
    sseq += 1
    emit(t, c2s("A")); t += 11
    for request, response in exchanges:
        emit(t, c2s("PA", b"q" * request)); t += 13
        cseq += request
        emit(t, s2c("PA", b"r" * response)); t += 17
        sseq += response
        emit(t, c2s("A")); t += 19
    emit(t, c2s("FA")); t += 3
    cseq += 1
    emit(t, s2c("FA")); t += 2
    sseq += 1
    emit(t, c2s("A"))


def dns_exchange(version, client, server, cport, start_ms, names):
    t = start_ms
    for i, name in enumerate(names):
        query = DNS(id=0x1000 + i, rd=1, qd=DNSQR(qname=name, qtype="A"))
        emit(t, ip(version, client, server) / UDP(sport=cport, dport=53) / query); t += 23
        answer = DNS(id=0x1000 + i, qr=1, rd=1, ra=1, qd=DNSQR(qname=name, qtype="A"),
                     an=DNSRR(rrname=name, type="A", ttl=300, rdata="192.0.2.%d" % (10 + i)))
        emit(t, ip(version, server, client) / UDP(sport=53, dport=cport) / answer); t += 101


def ping(version, src, dst, start_ms, count, size):
    t = start_ms
    for seq in range(count):
        if version == 4:
            emit(t, IP(src=src, dst=dst, ttl=64) / ICMP(type=8, id=0x77, seq=seq) / Raw(b"p" * size)); t += 1
            emit(t, IP(src=dst, dst=src, ttl=64) / ICMP(type=0, id=0x77, seq=seq) / Raw(b"p" * size))
        else:
            emit(t, IPv6(src=src, dst=dst, hlim=64) / ICMPv6EchoRequest(id=0x77, seq=seq) / Raw(b"p" * size)); t += 1
            emit(t, IPv6(src=dst, dst=src, hlim=64) / ICMPv6EchoReply(id=0x77, seq=seq) / Raw(b"p" * size))
        t += 999


tcp_session(4, "10.1.0.1", "10.2.0.80", 40001, 80, 0, [(120, 1400), (80, 900)])
tcp_session(4, "10.1.0.2", "10.2.0.80", 40002, 80, 50, [(64, 300)])
tcp_session(4, "10.1.0.1", "10.2.0.22", 40003, 22, 130, [(40, 40), (52, 36), (48, 88)])
tcp_session(6, "2001:db8:1::1", "2001:db8:2::80", 50001, 443, 210, [(517, 1200), (100, 60)])
tcp_session(6, "2001:db8:1::2", "2001:db8:2::80", 50002, 8080, 300, [(33, 777)])
dns_exchange(4, "10.1.0.1", "10.2.0.53", 53001, 400, ["example.com.", "example.org."])
dns_exchange(4, "10.1.0.2", "10.2.0.53", 53002, 470, ["flows.example."])
dns_exchange(6, "2001:db8:1::1", "2001:db8:2::53", 53003, 520, ["v6.example.net."])
ping(4, "10.1.0.1", "10.2.0.1", 600, 3, 56)
ping(6, "2001:db8:1::1", "2001:db8:2::1", 650, 2, 32)

packets.sort(key=lambda p: p.time)
wrpcap(sys.argv[1], packets, linktype=1)

flows = {}
for p in packets:
    if IP in p:
        src, dst, proto, length = p[IP].src, p[IP].dst, p[IP].proto, p[IP].len
    else:
        src, dst, proto, length = p[IPv6].src, p[IPv6].dst, p[IPv6].nh, p[IPv6].plen + 40
    l4 = p[IP].payload if IP in p else p[IPv6].payload
    sport = dport = icmp_type = icmp_code = None
    if TCP in p or UDP in p:
        sport, dport = l4.sport, l4.dport
    else:
        icmp_type, icmp_code = l4.type, l4.code
    key = (src, dst, proto, sport, dport, icmp_type, icmp_code)
    ms = int(p.time * 1000)
    flow = flows.setdefault(key, {
        "source": src, "destination": dst, "protocol": proto, "sourcePort": sport,
        "destinationPort": dport, "icmpType": icmp_type, "icmpCode": icmp_code,
        "packets": 0, "octets": 0, "tcpFlags": 0, "firstMs": ms, "lastMs": ms})
    flow["packets"] += 1
    flow["octets"] += length
    if TCP in p:
        flow["tcpFlags"] |= int(p[TCP].flags)
    flow["firstMs"] = min(flow["firstMs"], ms)
    flow["lastMs"] = max(flow["lastMs"], ms)

with open(sys.argv[2], "w") as out:
    json.dump({"packets": len(packets), "flows": list(flows.values())}, out, indent=1)
