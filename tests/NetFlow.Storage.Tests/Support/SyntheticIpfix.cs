using System.Net;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Storage.Tests.Support;

/// <summary>
/// Synthetic IPFIX flows with chosen times, for store tests that need flows spread over hours
/// (the corpus's are all from one minute of 2019). Four templates, so stored rows have the NULLs
/// real traffic has: IPv4 with ports, IPv6 with ports, IPv4 without ports (ICMP), and IPv4
/// without packets or times (export time only). Encoded as IPFIX and decoded by the real session.
/// </summary>
internal sealed class SyntheticIpfix(string exporter, int seed)
{
    private static readonly (ushort Id, ushort[] Fields)[] Templates =
    [
        (256, [8, 12, 7, 11, 4, 1, 2, 152, 153]),
        (257, [27, 28, 7, 11, 4, 1, 2, 152, 153]),
        (258, [8, 12, 4, 1, 2, 152, 153]),
        (259, [8, 12, 7, 11, 4, 1]),
    ];

    private readonly ExporterSession _session = new(IPAddress.Parse(exporter));
    private readonly Random _random = new(seed);
    private uint _sequence;

    /// <summary>Decodes <paramref name="count"/> flows ending up to a minute before <paramref name="now"/> into a batch.</summary>
    public FlowRecordBatch Flows(DateTime now, int count, int hosts = 50)
    {
        var filler = new BatchFiller(new FlowRecordBatch());
        var message = new List<byte>();
        Header(message, now);
        TemplateSet(message);
        foreach (var (id, fields) in Templates)
        {
            int n = count / Templates.Length + (id == 256 ? count % Templates.Length : 0);
            var set = new List<byte>();
            for (int i = 0; i < n; i++)
                Record(set, fields, now, hosts);
            Set(message, id, set);
        }
        Finish(message);
        _session.Decode(message.ToArray(), now, ref filler);
        if (filler.Errors > 0 || filler.Batch.Count != count)
            throw new InvalidOperationException($"decoded {filler.Batch.Count} of {count} records, {filler.Errors} errors");
        _sequence += (uint)count;
        return filler.Batch;
    }

    private void Record(List<byte> set, ushort[] fields, DateTime now, int hosts)
    {
        var end = now.AddMilliseconds(-_random.Next(0, 60_000));
        var start = end.AddMilliseconds(-_random.Next(0, 30_000));
        foreach (ushort field in fields)
        {
            switch (field)
            {
                case 8 or 12: WireBytes.Put(set, 4, 0x0A000000u + (uint)_random.Next(hosts)); break;
                case 27 or 28:
                    WireBytes.Put(set, 8, 0x20010DB800000000UL);
                    WireBytes.Put(set, 8, (ulong)_random.Next(hosts));
                    break;
                case 7: WireBytes.Put(set, 2, (ulong)_random.Next(1024, 1100)); break;
                case 11: WireBytes.Put(set, 2, (ulong)(_random.Next(4) switch { 0 => 443, 1 => 80, 2 => 53, _ => _random.Next(1, 65536) })); break;
                case 4: WireBytes.Put(set, 1, (ulong)(fields.Contains((ushort)7) ? (_random.Next(2) == 0 ? 6 : 17) : 1)); break;
                case 1: WireBytes.Put(set, 8, (ulong)_random.Next(40, 1_500_000)); break;
                case 2: WireBytes.Put(set, 8, (ulong)_random.Next(1, 1000)); break;
                case 152: WireBytes.Put(set, 8, (ulong)new DateTimeOffset(start).ToUnixTimeMilliseconds()); break;
                case 153: WireBytes.Put(set, 8, (ulong)new DateTimeOffset(end).ToUnixTimeMilliseconds()); break;
            }
        }
    }

    private static int LengthOf(ushort field) => field switch
    {
        8 or 12 => 4,
        27 or 28 => 16,
        7 or 11 => 2,
        4 => 1,
        _ => 8,
    };

    private void Header(List<byte> m, DateTime now)
    {
        WireBytes.Put(m, 2, 10);
        WireBytes.Put(m, 2, 0); // length, set in Finish
        WireBytes.Put(m, 4, (ulong)new DateTimeOffset(now).ToUnixTimeSeconds());
        WireBytes.Put(m, 4, _sequence);
        WireBytes.Put(m, 4, 1);
    }

    private static void TemplateSet(List<byte> m)
    {
        var set = new List<byte>();
        foreach (var (id, fields) in Templates)
        {
            WireBytes.Put(set, 2, id);
            WireBytes.Put(set, 2, (ulong)fields.Length);
            foreach (ushort field in fields)
            {
                WireBytes.Put(set, 2, field);
                WireBytes.Put(set, 2, (ulong)LengthOf(field));
            }
        }
        Set(m, 2, set);
    }

    private static void Set(List<byte> m, ushort id, List<byte> body)
    {
        WireBytes.Put(m, 2, id);
        WireBytes.Put(m, 2, (ulong)(body.Count + 4));
        m.AddRange(body);
    }

    private static void Finish(List<byte> m)
    {
        m[2] = (byte)(m.Count >> 8);
        m[3] = (byte)m.Count;
    }
}
