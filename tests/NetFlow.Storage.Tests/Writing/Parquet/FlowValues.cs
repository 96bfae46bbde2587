using System.Net;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;
using NetFlow.Storage.Writing;
using NetFlow.Storage.Tests.Support;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>A flow with a value (or none: NULL) for every typed column of a flow file, and a flowId that lands in extra.</summary>
internal sealed record FlowValues
{
    public DateTime? Start { get; init; }
    public DateTime? End { get; init; }
    public uint? Src4 { get; init; }
    public uint? Dst4 { get; init; }
    public uint? NextHop4 { get; init; }
    public UInt128? Src6 { get; init; }
    public UInt128? Dst6 { get; init; }
    public UInt128? NextHop6 { get; init; }
    public ushort? SrcPort { get; init; }
    public ushort? DstPort { get; init; }
    public byte? Proto { get; init; }
    public ushort? TcpFlags { get; init; }
    public byte? Tos { get; init; }
    public byte? IcmpType { get; init; }
    public byte? IcmpCode { get; init; }
    public long? Bytes { get; init; }
    public long? Packets { get; init; }
    public uint? InIf { get; init; }
    public uint? OutIf { get; init; }
    public uint? SrcAs { get; init; }
    public uint? DstAs { get; init; }
    public byte? SrcMask { get; init; }
    public byte? DstMask { get; init; }
    public byte? Direction { get; init; }
    public ushort? SrcVlan { get; init; }
    public ushort? DstVlan { get; init; }
    public ulong? SrcMac { get; init; }
    public ulong? DstMac { get; init; }
    public byte? ForwardingStatus { get; init; }
    public byte? FlowEndReason { get; init; }
    public byte[]? ApplicationId { get; init; }
    /// <summary>flowId (148) has no typed column: it goes into extra as JSON.</summary>
    public ulong? FlowId { get; init; }
    /// <summary>The sampling rate the sink hands the row group (0: none, sampling_interval NULL).</summary>
    public uint Sampling { get; init; }
    public string Exporter { get; init; } = "192.0.2.1";

    /// <summary>Every column with a value, drawn from <paramref name="random"/>, extremes included now and then.</summary>
    public static FlowValues Full(Random random)
    {
        var start = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc).AddMilliseconds(random.Next(0, 3_600_000));
        return new FlowValues
        {
            Start = start,
            End = start.AddMilliseconds(random.Next(0, 60_000)),
            Src4 = Pick(random, 0u, uint.MaxValue, 0x80000000u, (uint)random.NextInt64(0, 1L << 32)),
            Dst4 = (uint)random.NextInt64(0, 1L << 32),
            NextHop4 = (uint)random.NextInt64(0, 1L << 32),
            Src6 = new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()),
            Dst6 = Pick(random, UInt128.Zero, UInt128.MaxValue, new UInt128(0x2001_0db8_0000_0000, 1), new UInt128((ulong)random.NextInt64(), 7)),
            NextHop6 = new UInt128(0xfe80_0000_0000_0000, (ulong)random.Next()),
            SrcPort = Pick(random, (ushort)0, ushort.MaxValue, (ushort)0x8000, (ushort)random.Next(65536)),
            DstPort = (ushort)random.Next(65536),
            Proto = Pick(random, (byte)0, byte.MaxValue, (byte)6, (byte)17),
            TcpFlags = (ushort)random.Next(65536),
            Tos = (byte)random.Next(256),
            IcmpType = (byte)random.Next(256),
            IcmpCode = (byte)random.Next(256),
            Bytes = Pick(random, 0L, long.MaxValue, (1L << 31) + 5, random.NextInt64(0, 1L << 40)),
            Packets = random.NextInt64(0, 1L << 33),
            InIf = Pick(random, 0u, uint.MaxValue, 0x80000001u, (uint)random.Next()),
            OutIf = (uint)random.NextInt64(0, 1L << 32),
            SrcAs = (uint)random.NextInt64(0, 1L << 32),
            DstAs = (uint)random.NextInt64(0, 1L << 32),
            SrcMask = (byte)random.Next(33),
            DstMask = (byte)random.Next(129),
            Direction = (byte)random.Next(2),
            SrcVlan = (ushort)random.Next(4096),
            DstVlan = Pick(random, (ushort)0, ushort.MaxValue, (ushort)4095, (ushort)random.Next(65536)),
            SrcMac = (ulong)random.NextInt64(0, 1L << 48),
            DstMac = Pick(random, 0UL, (1UL << 48) - 1, 1UL << 47, (ulong)random.NextInt64(0, 1L << 48)),
            ForwardingStatus = (byte)random.Next(256),
            FlowEndReason = (byte)random.Next(1, 6),
            ApplicationId = RandomBytes(random, random.Next(1, 12)),
            FlowId = (ulong)random.NextInt64(),
            Sampling = (uint)random.Next(1, 2000),
        };
    }

    /// <summary>Each column of a full flow kept or left out (NULL) at random, about half of them.</summary>
    public static FlowValues Mixed(Random random)
    {
        var full = Full(random);
        bool Keep() => random.Next(2) == 0;
        return full with
        {
            Start = Keep() ? full.Start : null,
            End = Keep() ? full.End : null,
            Src4 = Keep() ? full.Src4 : null,
            Dst4 = Keep() ? full.Dst4 : null,
            NextHop4 = Keep() ? full.NextHop4 : null,
            Src6 = Keep() ? full.Src6 : null,
            Dst6 = Keep() ? full.Dst6 : null,
            NextHop6 = Keep() ? full.NextHop6 : null,
            SrcPort = Keep() ? full.SrcPort : null,
            DstPort = Keep() ? full.DstPort : null,
            Proto = Keep() ? full.Proto : null,
            TcpFlags = Keep() ? full.TcpFlags : null,
            Tos = Keep() ? full.Tos : null,
            IcmpType = Keep() ? full.IcmpType : null,
            IcmpCode = Keep() ? full.IcmpCode : null,
            Bytes = Keep() ? full.Bytes : null,
            Packets = Keep() ? full.Packets : null,
            InIf = Keep() ? full.InIf : null,
            OutIf = Keep() ? full.OutIf : null,
            SrcAs = Keep() ? full.SrcAs : null,
            DstAs = Keep() ? full.DstAs : null,
            SrcMask = Keep() ? full.SrcMask : null,
            DstMask = Keep() ? full.DstMask : null,
            Direction = Keep() ? full.Direction : null,
            SrcVlan = Keep() ? full.SrcVlan : null,
            DstVlan = Keep() ? full.DstVlan : null,
            SrcMac = Keep() ? full.SrcMac : null,
            DstMac = Keep() ? full.DstMac : null,
            ForwardingStatus = Keep() ? full.ForwardingStatus : null,
            FlowEndReason = Keep() ? full.FlowEndReason : null,
            ApplicationId = Keep() ? full.ApplicationId : null,
            FlowId = Keep() ? full.FlowId : null,
            Sampling = Keep() ? full.Sampling : 0,
        };
    }

    /// <summary>No typed column but the required ones: a record of padding only.</summary>
    public static FlowValues Empty { get; } = new();

    private static T Pick<T>(Random random, T a, T b, T c, T otherwise) => random.Next(8) switch
    {
        0 => a,
        1 => b,
        2 => c,
        _ => otherwise,
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

/// <summary>
/// <see cref="FlowValues"/> into row groups the way the store fills them: encoded as IPFIX (a
/// template per combination of fields present), decoded by a real exporter session, added to
/// <see cref="FlowRowGroup"/>s of a given capacity (a new one when one is full).
/// </summary>
internal static class FlowRowGroups
{
    /// <summary>Flows per IPFIX message: mixed flows have a template each, and a message must stay under 64 KiB.</summary>
    private const int FlowsPerMessage = 100;
    private static readonly DateTime ExportTime = new(2026, 3, 1, 13, 30, 0, DateTimeKind.Utc);

    public static List<FlowRowGroup> Of(IReadOnlyList<FlowValues> flows, int capacity)
    {
        var session = new ExporterSession(IPAddress.Parse("192.0.2.200"));
        var templates = new Dictionary<string, ushort>();
        var filler = new BatchFiller(new FlowRecordBatch());
        uint sequence = 0;
        foreach (var chunk in flows.Chunk(FlowsPerMessage))
        {
            session.Decode(Message(chunk, templates, sequence), ExportTime, ref filler);
            sequence += (uint)chunk.Length;
        }
        if (filler.Errors > 0 || filler.Batch.Count != flows.Count)
            throw new InvalidOperationException($"decoded {filler.Batch.Count} of {flows.Count} flows, {filler.Errors} errors");

        var groups = new List<FlowRowGroup> { new(capacity) };
        var batch = filler.Batch;
        var ordered = InRowOrder(flows);
        for (int i = 0; i < batch.Count; i++)
        {
            if (groups[^1].IsFull)
                groups.Add(new FlowRowGroup(capacity));
            groups[^1].Add(batch[i], ordered[i].Exporter, ordered[i].Sampling, renormalize: false);
        }
        return groups;
    }

    /// <summary>The flows in the order their row groups hold them: a message's data sets go by template, so its flows come grouped by their fields.</summary>
    public static List<FlowValues> InRowOrder(IReadOnlyList<FlowValues> flows)
    {
        var ordered = new List<FlowValues>();
        foreach (var chunk in flows.Chunk(FlowsPerMessage))
            ordered.AddRange(chunk.GroupBy(FieldsKey).SelectMany(g => g));
        return ordered;
    }

    private static string FieldsKey(FlowValues f) => string.Join(',', Fields(f).Select(x => x.Id));

    private static byte[] Message(FlowValues[] flows, Dictionary<string, ushort> templates, uint sequence)
    {
        var templateSet = new List<byte>();
        var dataSets = new List<byte>();
        foreach (var group in flows.GroupBy(FieldsKey))
        {
            var fields = Fields(group.First());
            if (!templates.TryGetValue(group.Key, out ushort id))
            {
                id = (ushort)(256 + templates.Count);
                templates.Add(group.Key, id);
            }
            WireBytes.Put(templateSet, 2, id);
            WireBytes.Put(templateSet, 2, (ulong)fields.Count);
            foreach (var (field, length, _) in fields)
            {
                WireBytes.Put(templateSet, 2, field);
                WireBytes.Put(templateSet, 2, (ulong)length);
            }
            var set = new List<byte>();
            foreach (var flow in group)
            {
                foreach (var (_, length, write) in Fields(flow))
                {
                    if (length == VariableLength)
                    {
                        var bytes = new List<byte>();
                        write(bytes);
                        set.Add((byte)bytes.Count);
                        set.AddRange(bytes);
                    }
                    else
                    {
                        write(set);
                    }
                }
            }
            WireBytes.Put(dataSets, 2, id);
            WireBytes.Put(dataSets, 2, (ulong)(set.Count + 4));
            dataSets.AddRange(set);
        }
        var message = new List<byte>();
        WireBytes.Put(message, 2, 10);
        WireBytes.Put(message, 2, (ulong)(16 + 4 + templateSet.Count + dataSets.Count));
        WireBytes.Put(message, 4, (ulong)new DateTimeOffset(ExportTime).ToUnixTimeSeconds());
        WireBytes.Put(message, 4, sequence);
        WireBytes.Put(message, 4, 1);
        WireBytes.Put(message, 2, 2);
        WireBytes.Put(message, 2, (ulong)(templateSet.Count + 4));
        message.AddRange(templateSet);
        message.AddRange(dataSets);
        return [.. message];
    }

    private const int VariableLength = 0xFFFF;

    /// <summary>The IPFIX elements (id, length, value writer) of the fields the flow has, in a fixed order.</summary>
    private static List<(ushort Id, int Length, Action<List<byte>> Write)> Fields(FlowValues f)
    {
        var fields = new List<(ushort, int, Action<List<byte>>)>();
        void Add(ushort id, int length, ulong? value)
        {
            if (value is { } v)
                fields.Add((id, length, to => WireBytes.Put(to, length, v)));
        }
        void Add128(ushort id, UInt128? value)
        {
            if (value is { } v)
                fields.Add((id, 16, to => WireBytes.Put128(to, v)));
        }
        Add(152, 8, f.Start is { } s ? (ulong)new DateTimeOffset(s).ToUnixTimeMilliseconds() : null);
        Add(153, 8, f.End is { } e ? (ulong)new DateTimeOffset(e).ToUnixTimeMilliseconds() : null);
        Add(8, 4, f.Src4);
        Add(12, 4, f.Dst4);
        Add(15, 4, f.NextHop4);
        Add128(27, f.Src6);
        Add128(28, f.Dst6);
        Add128(62, f.NextHop6);
        Add(7, 2, f.SrcPort);
        Add(11, 2, f.DstPort);
        Add(4, 1, f.Proto);
        Add(6, 2, f.TcpFlags);
        Add(5, 1, f.Tos);
        Add(176, 1, f.IcmpType);
        Add(177, 1, f.IcmpCode);
        Add(1, 8, (ulong?)f.Bytes);
        Add(2, 8, (ulong?)f.Packets);
        Add(10, 4, f.InIf);
        Add(14, 4, f.OutIf);
        Add(16, 4, f.SrcAs);
        Add(17, 4, f.DstAs);
        Add(9, 1, f.SrcMask);
        Add(13, 1, f.DstMask);
        Add(61, 1, f.Direction);
        Add(58, 2, f.SrcVlan);
        Add(59, 2, f.DstVlan);
        Add(56, 6, f.SrcMac);
        Add(80, 6, f.DstMac);
        Add(89, 1, f.ForwardingStatus);
        Add(136, 1, f.FlowEndReason);
        if (f.ApplicationId is { } application)
            fields.Add((95, VariableLength, to => to.AddRange(application)));
        Add(148, 8, f.FlowId);
        // A record needs a field: padding fills no column.
        if (fields.Count == 0)
            fields.Add((210, 4, to => WireBytes.Put(to, 4, 0)));
        return fields;
    }
}
