using System.Buffers.Binary;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>A kind of bad input and the datagrams of that kind.</summary>
public sealed record HostileKind(string Name, IReadOnlyList<byte[]> Datagrams)
{
    public long Bytes => Datagrams.Sum(d => (long)d.Length);

    public override string ToString() => $"{Name}: {Datagrams.Count} datagrams, {Bytes / 1024} KiB";
}

/// <summary>
/// Datagrams no sane exporter sends, built from a fixed seed so every run sends the same: random
/// bytes, random bytes behind a plausible header of every version, every truncation and random
/// corruptions of real exports, a template flood, zero-length fields, impossible and huge field
/// counts, lying header lengths, and datagrams of the largest UDP payload IPv4 carries.
/// </summary>
public static class HostileDatagrams
{
    /// <summary>65535 - 20 (IPv4 header) - 8 (UDP header).</summary>
    public const int LargestUdpPayload = 65_507;

    private const ushort Ipfix = 10;
    private const ushort V9 = 9;

    /// <summary>
    /// The kinds sent from every source address but the real exporter's; <paramref name="realExports"/>
    /// are genuine export datagrams to truncate and corrupt.
    /// </summary>
    public static IReadOnlyList<HostileKind> All(IEnumerable<ReadOnlyMemory<byte>> realExports, int seed = 20240301)
    {
        var random = new Random(seed);
        var real = realExports.Select(d => d.ToArray()).ToList();
        return
        [
            new("random bytes", RandomBytes(random, 3000)),
            new("random bytes behind a v1/v5/v7/v9/IPFIX header", RandomBehindHeaders(random, 3000)),
            new("every truncation of real export datagrams", Truncations(real)),
            new("real export datagrams with corrupted bytes", Corruptions(random, real, 3000)),
            new("zero-length fields", ZeroLengthFields()),
            new("huge and impossible field counts", HugeFieldCounts()),
            new("lying header lengths and counts", LyingHeaders(real)),
            new("oversized datagrams (65507 bytes)", Oversized(random)),
        ];
    }

    /// <summary>
    /// IPFIX templates <paramref name="firstId"/>.. (<paramref name="count"/> of them, 12 fields
    /// each, 28 to a datagram), and as many v9 templates under <paramref name="v9Domains"/> source
    /// ids, each template followed by a data set so the store is really used.
    /// </summary>
    public static List<byte[]> TemplateFlood(int count, int v9Domains, ushort firstId = 256)
    {
        var datagrams = new List<byte[]>();
        const int perDatagram = 28;
        for (int start = 0; start < count; start += perDatagram)
        {
            var message = new MessageWriter(Ipfix, domain: 1);
            var set = message.BeginSet(2);
            for (int i = start; i < Math.Min(count, start + perDatagram); i++)
                WriteIpfixTemplate(message, (ushort)(firstId + i % (65536 - firstId)), FloodFields);
            message.EndSet(set);
            // One data record for the last template of the datagram: 12 fields, 44 bytes.
            var data = message.BeginSet((ushort)(firstId + (Math.Min(count, start + perDatagram) - 1) % (65536 - firstId)));
            message.Bytes(FloodRecord);
            message.EndSet(data);
            datagrams.Add(message.Finish());
        }
        for (int domain = 0; domain < v9Domains; domain++)
        {
            var message = new MessageWriter(V9, domain: (uint)domain);
            var set = message.BeginSet(0);
            for (int i = 0; i < 8; i++)
                WriteV9Template(message, (ushort)(256 + domain % 4000 + i), FloodFields);
            message.EndSet(set);
            message.Records = 8;
            datagrams.Add(message.Finish());
        }
        return datagrams;
    }

    /// <summary>
    /// IPFIX templates <paramref name="firstId"/>.. (<paramref name="count"/> of them) of
    /// <paramref name="fields"/> one-byte fields each, as many to a datagram as fit in 65507 bytes.
    /// </summary>
    public static List<byte[]> LargeTemplateFlood(int count, int fields, ushort firstId = 256)
    {
        var specifiers = Enumerable.Range(0, fields).Select(i => ((ushort)(1 + i % 100), (ushort)1)).ToArray();
        int perDatagram = (LargestUdpPayload - 16 - 4) / (4 + 4 * fields);
        var datagrams = new List<byte[]>();
        for (int start = 0; start < count; start += perDatagram)
        {
            var message = new MessageWriter(Ipfix, domain: 1);
            var set = message.BeginSet(2);
            for (int i = start; i < Math.Min(count, start + perDatagram); i++)
                WriteIpfixTemplate(message, (ushort)(firstId + i), specifiers);
            message.EndSet(set);
            datagrams.Add(message.Finish());
        }
        return datagrams;
    }

    /// <summary>12 plausible fields (addresses, ports, protocol, counters, times): a template as real exporters send.</summary>
    private static readonly (ushort Id, ushort Length)[] FloodFields =
        [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (6, 1), (5, 1), (10, 4), (14, 4), (1, 8), (2, 8), (150, 4)];

    private static readonly byte[] FloodRecord = [.. Enumerable.Range(0, FloodFields.Sum(f => f.Length)).Select(i => (byte)(i * 7))];

    private static List<byte[]> RandomBytes(Random random, int count)
    {
        List<byte[]> datagrams = [[], [0], [0, 10], [0, 9], [0, 5]];
        for (int i = 0; i < count; i++)
        {
            var datagram = new byte[random.Next(0, 1500)];
            random.NextBytes(datagram);
            datagrams.Add(datagram);
        }
        return datagrams;
    }

    private static List<byte[]> RandomBehindHeaders(Random random, int count)
    {
        ushort[] versions = [1, 5, 7, 9, 10];
        var datagrams = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            var version = versions[i % versions.Length];
            var datagram = new byte[random.Next(4, 1500)];
            random.NextBytes(datagram);
            BinaryPrimitives.WriteUInt16BigEndian(datagram, version);
            if (version == Ipfix && random.Next(2) == 0)
                BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)datagram.Length); // a consistent length: the sets get parsed
            else if (version is 1 or 5 or 7 && random.Next(2) == 0)
                BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)random.Next(0, 31));
            datagrams.Add(datagram);
        }
        return datagrams;
    }

    private static List<byte[]> Truncations(List<byte[]> real)
    {
        var datagrams = new List<byte[]>();
        foreach (var datagram in real)
        {
            for (int length = 0; length < datagram.Length; length++)
                datagrams.Add(datagram[..length]);
        }
        return datagrams;
    }

    private static List<byte[]> Corruptions(Random random, List<byte[]> real, int count)
    {
        var datagrams = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            var copy = real[i % real.Count].ToArray();
            // Keep the version (so the message reaches a decoder), corrupt 1 to 8 other bytes.
            for (int flips = random.Next(1, 9); flips > 0; flips--)
                copy[random.Next(2, copy.Length)] = (byte)random.Next(256);
            datagrams.Add(copy);
        }
        return datagrams;
    }

    /// <summary>Templates whose fields are 0 bytes long, with data sets for them (a record of 0 bytes must not loop forever).</summary>
    private static List<byte[]> ZeroLengthFields()
    {
        var datagrams = new List<byte[]>();
        for (int variant = 0; variant < 4; variant++)
        {
            (ushort, ushort)[] fields = variant switch
            {
                0 => [(8, 0), (12, 0), (1, 0)], // every field 0 bytes: a 0-byte record
                1 => [(8, 4), (12, 0), (1, 0)], // some fields 0 bytes
                2 => [(210, 0)], // padding only, 0 bytes
                _ => [(82, 65535), (83, 65535)], // variable length (IPFIX), each present with length 0
            };
            var message = new MessageWriter(Ipfix, domain: 7);
            var set = message.BeginSet(2);
            WriteIpfixTemplate(message, (ushort)(300 + variant), fields);
            message.EndSet(set);
            var data = message.BeginSet((ushort)(300 + variant));
            message.Bytes(variant == 3 ? [0, 0, 0, 0, 0, 0, 0, 0] : new byte[1000]);
            message.EndSet(data);
            datagrams.Add(message.Finish());

            var v9 = new MessageWriter(V9, domain: 7);
            var v9Set = v9.BeginSet(0);
            WriteV9Template(v9, (ushort)(300 + variant), variant == 3 ? [(8, 0)] : fields);
            v9.EndSet(v9Set);
            var v9Data = v9.BeginSet((ushort)(300 + variant));
            v9.Bytes(new byte[1000]);
            v9.EndSet(v9Data);
            v9.Records = 2;
            datagrams.Add(v9.Finish());
        }
        // An options template whose scope is 0 bytes long, and its data.
        var options = new MessageWriter(Ipfix, domain: 7);
        var optionsSet = options.BeginSet(3);
        options.UInt16(310).UInt16(2).UInt16(1).UInt16(149).UInt16(0).UInt16(34).UInt16(0);
        options.EndSet(optionsSet);
        var optionsData = options.BeginSet(310);
        options.Bytes(new byte[64]);
        options.EndSet(optionsData);
        datagrams.Add(options.Finish());
        return datagrams;
    }

    /// <summary>Field counts that do not fit the set, that exceed any limit, and one template at the 512-field limit with its data.</summary>
    private static List<byte[]> HugeFieldCounts()
    {
        var datagrams = new List<byte[]>();
        foreach (var fieldCount in new ushort[] { 65535, 32768, 16384, 4096, 513 })
        {
            // The count says N fields; the set holds 3.
            var lying = new MessageWriter(Ipfix, domain: 9);
            var set = lying.BeginSet(2);
            lying.UInt16(400).UInt16(fieldCount).UInt16(8).UInt16(4).UInt16(12).UInt16(4).UInt16(1).UInt16(8);
            lying.EndSet(set);
            datagrams.Add(lying.Finish());

            var v9 = new MessageWriter(V9, domain: 9);
            var v9Set = v9.BeginSet(0);
            v9.UInt16(400).UInt16(fieldCount).UInt16(8).UInt16(4).UInt16(12).UInt16(4);
            v9.EndSet(v9Set);
            v9.Records = 1;
            datagrams.Add(v9.Finish());

            // Options templates: scope field count above the field count, scope length in bytes past the set (v9).
            var options = new MessageWriter(Ipfix, domain: 9);
            var optionsSet = options.BeginSet(3);
            options.UInt16(401).UInt16(2).UInt16(fieldCount).UInt16(149).UInt16(4).UInt16(34).UInt16(4);
            options.EndSet(optionsSet);
            datagrams.Add(options.Finish());

            var v9Options = new MessageWriter(V9, domain: 9);
            var v9OptionsSet = v9Options.BeginSet(1);
            v9Options.UInt16(401).UInt16(fieldCount).UInt16(fieldCount).UInt16(1).UInt16(4).UInt16(34).UInt16(4);
            v9Options.EndSet(v9OptionsSet);
            v9Options.Records = 1;
            datagrams.Add(v9Options.Finish());
        }

        // Real templates with as many fields as a datagram holds (16,000 enterprise-less specifiers),
        // and at the decoder's 512-field limit, each with one data record.
        foreach (var fields in new[] { 16_000, 4_000, 512 })
        {
            var message = new MessageWriter(Ipfix, domain: 9);
            var set = message.BeginSet(2);
            var specifiers = Enumerable.Range(0, fields).Select(i => ((ushort)(1 + i % 100), (ushort)1)).ToArray();
            WriteIpfixTemplate(message, (ushort)(402 + fields % 7), specifiers);
            message.EndSet(set);
            if (message.Length + 4 + fields <= LargestUdpPayload)
            {
                var data = message.BeginSet((ushort)(402 + fields % 7));
                message.Bytes(new byte[fields]);
                message.EndSet(data);
            }
            datagrams.Add(message.Finish());
        }
        return datagrams;
    }

    /// <summary>Real datagrams whose IPFIX length or v9/v5 count says more (or less) than what arrives.</summary>
    private static List<byte[]> LyingHeaders(List<byte[]> real)
    {
        var datagrams = new List<byte[]>();
        foreach (var datagram in real)
        {
            var version = BinaryPrimitives.ReadUInt16BigEndian(datagram);
            foreach (ushort value in new ushort[] { 0, 1, 15, 16, 17, 65535, (ushort)(datagram.Length + 1), (ushort)(datagram.Length - 1) })
            {
                var copy = datagram.ToArray();
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(2), version is 9 or 10 or 5 or 1 or 7 ? value : (ushort)0);
                datagrams.Add(copy);
            }
            // Every set length in turn set to 0, 1, 3 and 65535.
            if (version is 9 or 10)
            {
                int offset = version == 9 ? 20 : 16;
                while (offset + 4 <= datagram.Length)
                {
                    int length = BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(offset + 2));
                    foreach (ushort value in new ushort[] { 0, 1, 3, 65535 })
                    {
                        var copy = datagram.ToArray();
                        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(offset + 2), value);
                        datagrams.Add(copy);
                    }
                    if (length < 4)
                        break;
                    offset += length;
                }
            }
        }
        return datagrams;
    }

    /// <summary>
    /// The largest datagrams: IPFIX data sets for a template never sent (they wait in the pending
    /// buffer), random bytes behind v9 and IPFIX headers, and one set of 16,000 4-byte records.
    /// </summary>
    private static List<byte[]> Oversized(Random random)
    {
        var datagrams = new List<byte[]>();
        for (int i = 0; i < 64; i++)
        {
            var message = new MessageWriter(Ipfix, domain: (uint)(100 + i % 8));
            // Sets of 4,000 bytes for templates that never come: the pending buffer must stay bounded.
            while (message.Length + 4004 <= LargestUdpPayload)
            {
                var set = message.BeginSet((ushort)(5000 + random.Next(1000)));
                var body = new byte[4000];
                random.NextBytes(body);
                message.Bytes(body);
                message.EndSet(set);
            }
            var padded = message.Finish();
            datagrams.Add(padded);

            var noise = new byte[LargestUdpPayload];
            random.NextBytes(noise);
            BinaryPrimitives.WriteUInt16BigEndian(noise, i % 2 == 0 ? V9 : Ipfix);
            if (i % 2 == 1)
                BinaryPrimitives.WriteUInt16BigEndian(noise.AsSpan(2), LargestUdpPayload);
            datagrams.Add(noise);
        }

        var records = new MessageWriter(Ipfix, domain: 200);
        var templates = records.BeginSet(2);
        WriteIpfixTemplate(records, 600, [(8, 4)]);
        records.EndSet(templates);
        var dataSet = records.BeginSet(600);
        while (records.Length + 4 <= LargestUdpPayload)
            records.UInt32(0x0A000001);
        records.EndSet(dataSet);
        datagrams.Add(records.Finish());
        return datagrams;
    }

    private static void WriteIpfixTemplate(MessageWriter message, ushort id, IReadOnlyList<(ushort Id, ushort Length)> fields)
    {
        message.UInt16(id).UInt16((ushort)fields.Count);
        foreach (var (field, length) in fields)
            message.UInt16(field).UInt16(length);
    }

    private static void WriteV9Template(MessageWriter message, ushort id, IReadOnlyList<(ushort Id, ushort Length)> fields)
    {
        message.UInt16(id).UInt16((ushort)fields.Count);
        foreach (var (field, length) in fields)
            message.UInt16(field).UInt16(length);
    }

    /// <summary>A v9 or IPFIX message written front to back; lengths patched in at the end.</summary>
    private sealed class MessageWriter
    {
        private readonly byte[] _buffer = new byte[LargestUdpPayload];
        private readonly ushort _version;

        public MessageWriter(ushort version, uint domain)
        {
            _version = version;
            UInt16(version);
            if (version == Ipfix)
                UInt16(0).UInt32(1_709_294_400).UInt32(0).UInt32(domain); // length, export time, sequence, domain
            else
                UInt16(0).UInt32(1000).UInt32(1_709_294_400).UInt32(0).UInt32(domain); // count, uptime, secs, sequence, source id
        }

        public int Length { get; private set; }
        /// <summary>v9 header count.</summary>
        public ushort Records { get; set; }

        public MessageWriter UInt16(ushort value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(Length), value);
            Length += 2;
            return this;
        }

        public MessageWriter UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(Length), value);
            Length += 4;
            return this;
        }

        public MessageWriter Bytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer.AsSpan(Length));
            Length += bytes.Length;
            return this;
        }

        public int BeginSet(ushort id)
        {
            int start = Length;
            UInt16(id).UInt16(0);
            return start;
        }

        public void EndSet(int start) => BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(start + 2), (ushort)(Length - start));

        public byte[] Finish()
        {
            if (_version == Ipfix)
                BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), (ushort)Length);
            else
                BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), Records);
            return _buffer[..Length];
        }
    }
}
