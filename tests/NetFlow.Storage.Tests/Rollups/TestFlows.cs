using System.Net;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;
using NetFlow.Storage.Writing;
using NetFlow.Storage.Tests.Support;

namespace NetFlow.Storage.Tests.Rollups;

/// <summary>A flow as a rollup test wants it in a row group: every field a rollup reads, each one may be missing (NULL).</summary>
internal sealed record TestFlow(
    uint? Src4 = null, uint? Dst4 = null, UInt128? Src6 = null, UInt128? Dst6 = null,
    ushort? SrcPort = null, ushort? DstPort = null, byte? Proto = null,
    long? Packets = null, long? Bytes = null, DateTime? Start = null, DateTime? End = null);

/// <summary>
/// Test flows into row groups the way the store fills them: encoded as IPFIX (a template per
/// combination of fields present), decoded by a real exporter session, added to a
/// <see cref="FlowRowGroup"/>.
/// </summary>
internal sealed class TestFlows(string exporter)
{
    private static readonly DateTime ExportTime = new(2026, 11, 26, 10, 5, 0, DateTimeKind.Utc);

    private readonly ExporterSession _session = new(IPAddress.Parse(exporter));
    private readonly Dictionary<string, ushort> _templates = [];
    private uint _sequence;

    /// <summary>The flows, decoded, in order.</summary>
    public FlowRecordBatch Decode(IReadOnlyList<TestFlow> flows)
    {
        var filler = new BatchFiller(new FlowRecordBatch());
        // A message per few hundred flows keeps each under 64 KiB.
        foreach (var chunk in flows.Chunk(500))
            _session.Decode(Message(chunk), ExportTime, ref filler);
        if (filler.Errors > 0 || filler.Batch.Count != flows.Count)
            throw new InvalidOperationException($"decoded {filler.Batch.Count} of {flows.Count} flows, {filler.Errors} errors");
        return filler.Batch;
    }

    /// <summary>Adds the flows to <paramref name="rows"/>, handing each full row group to <paramref name="full"/> and clearing it.</summary>
    public void AddTo(FlowRowGroup rows, IReadOnlyList<TestFlow> flows, Action<FlowRowGroup> full, string? exporterText = null)
    {
        var batch = Decode(flows);
        // The sink hands the same string instance for one exporter; a copy is another instance of the same text.
        string text = exporterText ?? exporter;
        for (int i = 0; i < batch.Count; i++)
        {
            if (rows.IsFull)
            {
                full(rows);
                rows.Clear();
            }
            rows.Add(batch[i], text, 0, renormalize: false);
        }
    }

    private byte[] Message(TestFlow[] flows)
    {
        var templates = new List<byte>();
        var data = new List<byte>();
        foreach (var group in flows.GroupBy(FieldsOf, (fields, members) => (Fields: fields, Flows: members.ToArray())))
        {
            string name = string.Join(',', group.Fields);
            if (!_templates.TryGetValue(name, out ushort id))
            {
                id = (ushort)(256 + _templates.Count);
                _templates.Add(name, id);
            }
            WireBytes.Put(templates, 2, id);
            WireBytes.Put(templates, 2, (ulong)group.Fields.Length);
            foreach (ushort field in group.Fields)
            {
                WireBytes.Put(templates, 2, field);
                WireBytes.Put(templates, 2, (ulong)LengthOf(field));
            }
            var set = new List<byte>();
            foreach (var flow in group.Flows)
                Record(set, flow, group.Fields);
            WireBytes.Put(data, 2, id);
            WireBytes.Put(data, 2, (ulong)(set.Count + 4));
            data.AddRange(set);
        }
        var message = new List<byte>();
        WireBytes.Put(message, 2, 10);
        WireBytes.Put(message, 2, (ulong)(16 + 4 + templates.Count + data.Count));
        WireBytes.Put(message, 4, (ulong)new DateTimeOffset(ExportTime).ToUnixTimeSeconds());
        WireBytes.Put(message, 4, _sequence);
        WireBytes.Put(message, 4, 1);
        WireBytes.Put(message, 2, 2);
        WireBytes.Put(message, 2, (ulong)(templates.Count + 4));
        message.AddRange(templates);
        message.AddRange(data);
        _sequence += (uint)flows.Length;
        return [.. message];
    }

    /// <summary>The IPFIX information elements of the fields the flow has.</summary>
    private static ushort[] FieldsOf(TestFlow f)
    {
        var fields = new List<ushort>();
        if (f.Src4.HasValue) fields.Add(8);
        if (f.Dst4.HasValue) fields.Add(12);
        if (f.Src6.HasValue) fields.Add(27);
        if (f.Dst6.HasValue) fields.Add(28);
        if (f.SrcPort.HasValue) fields.Add(7);
        if (f.DstPort.HasValue) fields.Add(11);
        if (f.Proto.HasValue) fields.Add(4);
        if (f.Packets.HasValue) fields.Add(2);
        if (f.Bytes.HasValue) fields.Add(1);
        if (f.Start.HasValue) fields.Add(152);
        if (f.End.HasValue) fields.Add(153);
        // A record needs a field: one no rollup reads (tcpControlBits) makes a row of NULLs for every key.
        if (fields.Count == 0) fields.Add(6);
        return [.. fields];
    }

    private static int LengthOf(ushort field) => field switch
    {
        8 or 12 => 4,
        27 or 28 => 16,
        7 or 11 => 2,
        4 or 6 => 1,
        _ => 8,
    };

    private static void Record(List<byte> set, TestFlow f, ushort[] fields)
    {
        foreach (ushort field in fields)
        {
            switch (field)
            {
                case 8: WireBytes.Put(set, 4, f.Src4!.Value); break;
                case 12: WireBytes.Put(set, 4, f.Dst4!.Value); break;
                case 27: WireBytes.Put128(set, f.Src6!.Value); break;
                case 28: WireBytes.Put128(set, f.Dst6!.Value); break;
                case 7: WireBytes.Put(set, 2, f.SrcPort!.Value); break;
                case 11: WireBytes.Put(set, 2, f.DstPort!.Value); break;
                case 4: WireBytes.Put(set, 1, f.Proto!.Value); break;
                case 2: WireBytes.Put(set, 8, (ulong)f.Packets!.Value); break;
                case 1: WireBytes.Put(set, 8, (ulong)f.Bytes!.Value); break;
                case 152: WireBytes.Put(set, 8, (ulong)new DateTimeOffset(f.Start!.Value).ToUnixTimeMilliseconds()); break;
                case 153: WireBytes.Put(set, 8, (ulong)new DateTimeOffset(f.End!.Value).ToUnixTimeMilliseconds()); break;
                case 6: WireBytes.Put(set, 1, 0x10); break;
            }
        }
    }
}
