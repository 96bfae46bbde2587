using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NetFlow.Integration.Tests.Collect;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// Known flow records as NetFlow v9 datagrams, for tests that must know exactly which records were
/// sent when: each record is unique (its source address and port say which batch and which record
/// it is), each datagram carries its template (so any datagram decodes on its own), and up to
/// <see cref="RecordsPerDatagram"/> records of 29 bytes each (about 29 KB), so a burst of a hundred
/// thousand records is a hundred datagrams, not thousands.
/// </summary>
public static class SyntheticExport
{
    public const int RecordsPerDatagram = 1000;
    private const ushort TemplateId = 256;

    /// <summary>IPV4_SRC_ADDR, IPV4_DST_ADDR, L4_SRC_PORT, L4_DST_PORT, PROTOCOL, IN_PKTS, IN_BYTES, FIRST_SWITCHED, LAST_SWITCHED (RFC 3954 §8).</summary>
    private static readonly (ushort Type, ushort Length)[] Fields = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (2, 4), (1, 4), (22, 4), (21, 4)];
    private static readonly int RecordLength = Fields.Sum(f => f.Length);

    /// <summary>
    /// <paramref name="count"/> UDP flows of batch <paramref name="batch"/> (1..250), all different:
    /// flow i is from 10.BATCH.(a / 250).(a % 250 + 1) port 1024 + i / 62500 (a = i % 62500) to
    /// 192.0.2.(i % 200 + 1) port 53, with packets and bytes that follow from i.
    /// </summary>
    public static IReadOnlyList<ListedFlow> Flows(int batch, int count) =>
        Enumerable.Range(0, count).Select(i => new ListedFlow(
            $"10.{batch}.{i % 62500 / 250}.{i % 250 + 1}", 1024 + i / 62500, $"192.0.2.{i % 200 + 1}", 53, 17,
            (ulong)(1 + i % 17), (ulong)(64 + i % 17 * 100 + i % 7))).ToList();

    /// <summary>The flows as datagrams of up to <paramref name="perDatagram"/> records, sequence numbers counting on from <paramref name="sequence"/>.</summary>
    public static List<byte[]> Datagrams(IReadOnlyList<ListedFlow> flows, ref uint sequence, int perDatagram = RecordsPerDatagram)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perDatagram, RecordsPerDatagram);
        var datagrams = new List<byte[]>();
        var now = DateTime.UtcNow;
        uint unixSeconds = (uint)(now - DateTime.UnixEpoch).TotalSeconds;
        const uint upMilliseconds = 3_600_000; // an hour of uptime; the flows lasted the last 2 s of it
        foreach (var chunk in flows.Chunk(perDatagram))
        {
            int templateSet = 4 + 4 + Fields.Length * 4;
            int dataSet = 4 + chunk.Length * RecordLength;
            int padding = (4 - dataSet % 4) % 4;
            var datagram = new byte[20 + templateSet + dataSet + padding];
            var span = datagram.AsSpan();
            BinaryPrimitives.WriteUInt16BigEndian(span, 9);
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)(1 + chunk.Length));
            BinaryPrimitives.WriteUInt32BigEndian(span[4..], upMilliseconds);
            BinaryPrimitives.WriteUInt32BigEndian(span[8..], unixSeconds);
            BinaryPrimitives.WriteUInt32BigEndian(span[12..], sequence++);
            BinaryPrimitives.WriteUInt32BigEndian(span[16..], 1); // source id
            var template = span[20..];
            BinaryPrimitives.WriteUInt16BigEndian(template, 0);
            BinaryPrimitives.WriteUInt16BigEndian(template[2..], (ushort)templateSet);
            BinaryPrimitives.WriteUInt16BigEndian(template[4..], TemplateId);
            BinaryPrimitives.WriteUInt16BigEndian(template[6..], (ushort)Fields.Length);
            for (int f = 0; f < Fields.Length; f++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(template[(8 + f * 4)..], Fields[f].Type);
                BinaryPrimitives.WriteUInt16BigEndian(template[(10 + f * 4)..], Fields[f].Length);
            }
            var data = span[(20 + templateSet)..];
            BinaryPrimitives.WriteUInt16BigEndian(data, TemplateId);
            BinaryPrimitives.WriteUInt16BigEndian(data[2..], (ushort)(dataSet + padding));
            var record = data[4..];
            foreach (var flow in chunk)
            {
                IPAddress.Parse(flow.Source).TryWriteBytes(record, out _);
                IPAddress.Parse(flow.Destination).TryWriteBytes(record[4..], out _);
                BinaryPrimitives.WriteUInt16BigEndian(record[8..], (ushort)flow.SourcePort!.Value);
                BinaryPrimitives.WriteUInt16BigEndian(record[10..], (ushort)flow.DestinationPort!.Value);
                record[12] = (byte)flow.Protocol;
                BinaryPrimitives.WriteUInt32BigEndian(record[13..], (uint)flow.Packets);
                BinaryPrimitives.WriteUInt32BigEndian(record[17..], (uint)flow.Bytes);
                BinaryPrimitives.WriteUInt32BigEndian(record[21..], upMilliseconds - 2_000);
                BinaryPrimitives.WriteUInt32BigEndian(record[25..], upMilliseconds - 1_000);
                record = record[RecordLength..];
            }
            datagrams.Add(datagram);
        }
        return datagrams;
    }

    /// <summary>
    /// Sends the datagrams to the collector from one socket, waiting whenever more than 2 MB wait
    /// in its kernel queues, so a burst is not dropped by the kernel before the collector reads it.
    /// </summary>
    public static void Send(IEnumerable<byte[]> datagrams, CollectorProcess collector)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = 4 << 20 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var clock = Stopwatch.StartNew();
        foreach (var datagram in datagrams)
        {
            while (KernelUdpSockets.Of(collector.Port).QueuedBytes > 2 << 20)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(10))
                    throw new TimeoutException($"the collector's sockets stayed full for 10 s.\nstderr:\n{collector.StandardErrorSoFar}");
                Thread.Sleep(1);
            }
            socket.SendTo(datagram, collector.EndPoint);
        }
    }
}
