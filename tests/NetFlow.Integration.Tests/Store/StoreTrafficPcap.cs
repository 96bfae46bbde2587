using System.Buffers.Binary;
using System.Net;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// A deterministic capture of many small conversations for the exporters to read, so that a
/// top-N over the store has enough distinct groups to be meaningful: 40 IPv4 clients in
/// 10.10.1.0/24 and 10.10.2.0/24 and 8 IPv6 clients in 2001:db8:10::/64, each holding 2 to 7
/// TCP sessions (handshake, data, FIN) or UDP exchanges with servers in 10.20.0.0/24 and
/// 2001:db8:20::/64 (80, 443, 22, 25, 8080, 3306 over TCP; 53, 123 over UDP), and some ICMP and
/// ICMPv6 echo. Packet sizes come from a seeded <see cref="Random"/>, so most flows differ in
/// bytes. Every packet is at a fixed time from 2024-03-01T12:00:00Z on. Written as classic pcap
/// (Ethernet) in C#, so this capture needs no scapy; checksums stay 0 (softflowd ignores them).
/// </summary>
public static class StoreTrafficPcap
{
    private const byte Tcp = 6;
    private const byte Udp = 17;
    private const byte Icmp = 1;
    private const byte IcmpV6 = 58;
    private const byte Syn = 0x02, Fin = 0x01, Ack = 0x10, Psh = 0x08;
    private static readonly DateTime Base = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static readonly (string Server, int Port, byte Protocol)[] V4Services =
    [
        ("10.20.0.80", 80, Tcp), ("10.20.0.80", 443, Tcp), ("10.20.0.22", 22, Tcp), ("10.20.0.25", 25, Tcp),
        ("10.20.0.88", 8080, Tcp), ("10.20.0.33", 3306, Tcp), ("10.20.0.53", 53, Udp), ("10.20.0.123", 123, Udp),
    ];

    private static readonly (string Server, int Port, byte Protocol)[] V6Services =
    [
        ("2001:db8:20::80", 443, Tcp), ("2001:db8:20::80", 80, Tcp), ("2001:db8:20::53", 53, Udp),
    ];

    /// <summary>Writes the capture to <paramref name="path"/>; returns the number of packets.</summary>
    public static int Write(string path)
    {
        var random = new Random(20240301);
        var packets = new List<(long AtMicroseconds, byte[] Frame)>();
        long session = 0;
        var clients = Enumerable.Range(0, 40).Select(i => $"10.10.{1 + i / 20}.{10 + i % 20}")
            .Concat(Enumerable.Range(0, 8).Select(i => $"2001:db8:10::{(0x100 + i).ToString("x", System.Globalization.CultureInfo.InvariantCulture)}"))
            .ToList();
        for (int c = 0; c < clients.Count; c++)
        {
            var client = IPAddress.Parse(clients[c]);
            var services = client.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? V6Services : V4Services;
            int sessions = 2 + random.Next(6);
            for (int s = 0; s < sessions; s++)
            {
                var (server, port, protocol) = services[random.Next(services.Length)];
                long start = session++ * 7_000; // 7 ms apart
                int clientPort = 30000 + c * 100 + s;
                if (protocol == Tcp)
                    TcpSession(packets, start, client, IPAddress.Parse(server), clientPort, port, 1 + random.Next(4), random);
                else
                    UdpExchange(packets, start, client, IPAddress.Parse(server), clientPort, port, 1 + random.Next(3), random);
            }
            if (c % 6 == 0)
            {
                var target = client.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "2001:db8:20::1" : "10.20.0.1";
                Ping(packets, session++ * 7_000, client, IPAddress.Parse(target), 1 + random.Next(3), 16 + random.Next(200));
            }
        }

        packets.Sort((a, b) => a.AtMicroseconds.CompareTo(b.AtMicroseconds));
        using var file = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1); // Ethernet
        file.Write(header);
        var epoch = (long)(Base - DateTime.UnixEpoch).TotalSeconds;
        Span<byte> record = stackalloc byte[16];
        foreach (var (at, frame) in packets)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(epoch + at / 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(at % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
            file.Write(record);
            file.Write(frame);
        }
        return packets.Count;
    }

    private static void TcpSession(List<(long, byte[])> packets, long t, IPAddress client, IPAddress server, int clientPort, int serverPort,
        int exchanges, Random random)
    {
        byte[] Segment(bool fromClient, byte flags, int payload) => fromClient
            ? Frame(client, server, Tcp, Transport(clientPort, serverPort, flags, payload))
            : Frame(server, client, Tcp, Transport(serverPort, clientPort, flags, payload));

        packets.Add((t, Segment(true, Syn, 0))); t += 1_000;
        packets.Add((t, Segment(false, Syn | Ack, 0))); t += 1_000;
        packets.Add((t, Segment(true, Ack, 0))); t += 1_000;
        for (int i = 0; i < exchanges; i++)
        {
            packets.Add((t, Segment(true, Psh | Ack, 20 + random.Next(600)))); t += 1_500;
            packets.Add((t, Segment(false, Psh | Ack, 100 + random.Next(1300)))); t += 1_500;
            packets.Add((t, Segment(true, Ack, 0))); t += 500;
        }
        packets.Add((t, Segment(true, Fin | Ack, 0))); t += 500;
        packets.Add((t, Segment(false, Fin | Ack, 0))); t += 500;
        packets.Add((t, Segment(true, Ack, 0)));
    }

    private static void UdpExchange(List<(long, byte[])> packets, long t, IPAddress client, IPAddress server, int clientPort, int serverPort,
        int exchanges, Random random)
    {
        for (int i = 0; i < exchanges; i++)
        {
            packets.Add((t, Frame(client, server, Udp, Datagram(clientPort, serverPort, 20 + random.Next(80))))); t += 2_000;
            packets.Add((t, Frame(server, client, Udp, Datagram(serverPort, clientPort, 40 + random.Next(400))))); t += 3_000;
        }
    }

    private static void Ping(List<(long, byte[])> packets, long t, IPAddress client, IPAddress target, int count, int size)
    {
        bool v6 = client.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        byte protocol = v6 ? IcmpV6 : Icmp;
        for (int i = 0; i < count; i++)
        {
            packets.Add((t, Frame(client, target, protocol, Echo(v6 ? (byte)128 : (byte)8, i, size)))); t += 1_000;
            packets.Add((t, Frame(target, client, protocol, Echo(v6 ? (byte)129 : (byte)0, i, size)))); t += 9_000;
        }
    }

    private static byte[] Transport(int sourcePort, int destinationPort, byte flags, int payload)
    {
        var segment = new byte[20 + payload];
        BinaryPrimitives.WriteUInt16BigEndian(segment, (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(4), 1000);
        segment[12] = 0x50; // data offset: 5 words
        segment[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(14), 65535);
        segment.AsSpan(20).Fill((byte)'d');
        return segment;
    }

    private static byte[] Datagram(int sourcePort, int destinationPort, int payload)
    {
        var datagram = new byte[8 + payload];
        BinaryPrimitives.WriteUInt16BigEndian(datagram, (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), (ushort)datagram.Length);
        datagram.AsSpan(8).Fill((byte)'u');
        return datagram;
    }

    private static byte[] Echo(byte type, int sequence, int size)
    {
        var echo = new byte[8 + size];
        echo[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(4), 0x77);
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(6), (ushort)sequence);
        echo.AsSpan(8).Fill((byte)'p');
        return echo;
    }

    private static byte[] Frame(IPAddress source, IPAddress destination, byte protocol, byte[] payload)
    {
        bool v6 = source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        int ipHeader = v6 ? 40 : 20;
        var frame = new byte[14 + ipHeader + payload.Length];
        frame[5] = 1; // destination MAC 00:00:00:00:00:01
        frame[11] = 2; // source MAC 00:00:00:00:00:02
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), v6 ? (ushort)0x86dd : (ushort)0x0800);
        var ip = frame.AsSpan(14);
        if (v6)
        {
            ip[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)payload.Length);
            ip[6] = protocol;
            ip[7] = 64;
            source.TryWriteBytes(ip[8..], out _);
            destination.TryWriteBytes(ip[24..], out _);
        }
        else
        {
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + payload.Length));
            ip[8] = 64;
            ip[9] = protocol;
            source.TryWriteBytes(ip[12..], out _);
            destination.TryWriteBytes(ip[16..], out _);
            uint sum = 0;
            for (int i = 0; i < 20; i += 2)
                sum += BinaryPrimitives.ReadUInt16BigEndian(ip[i..]);
            while (sum > 0xffff)
                sum = (sum & 0xffff) + (sum >> 16);
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], (ushort)~sum);
        }
        payload.CopyTo(ip[ipHeader..]);
        return frame;
    }
}
