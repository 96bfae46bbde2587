using System.Globalization;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Tests.Rollups;

/// <summary>
/// What each key's rollup must hold, worked out the plain way: every row read through the row
/// group's nullable indexers, grouped in a dictionary by the key's text, summed in 128 bits.
/// Rows come out as the rollup files read back through SQL (see <see cref="Text"/>).
/// </summary>
internal sealed class ExpectedRollups
{
    public static readonly string[] Keys = ["srcip", "dstip", "srcport", "dstport", "proto", "exporter"];

    private readonly Dictionary<string, Dictionary<string, Totals>> _groups = Keys.ToDictionary(k => k, _ => new Dictionary<string, Totals>(StringComparer.Ordinal));

    public long Rows { get; private set; }

    public void Add(FlowRowGroup rows)
    {
        for (int row = 0; row < rows.Count; row++)
        {
            var flow = (rows.Packets[row], rows.Bytes[row], TimeOf(rows.TimeStart[row]), TimeOf(rows.TimeEnd[row]));
            Add("srcip", Address(rows.SrcIp4[row], rows.SrcIp6[row]), flow);
            Add("dstip", Address(rows.DstIp4[row], rows.DstIp6[row]), flow);
            Add("srcport", Text(rows.SrcPort[row]), flow);
            Add("dstport", Text(rows.DstPort[row]), flow);
            Add("proto", Text(rows.Proto[row]), flow);
            Add("exporter", rows.ExporterOf(row), flow);
        }
        Rows += rows.Count;
    }

    public int GroupsOf(string key) => _groups[key].Count;

    /// <summary>True when a sum of the key passes what a BIGINT holds.</summary>
    public bool Overflows(string key) => _groups[key].Values.Any(t => t.Packets > long.MaxValue || t.Bytes > long.MaxValue);

    /// <summary>The key's groups as "key columns|flows|packets|bytes|first_seen|last_seen", in order.</summary>
    public string[] RowsOf(string key) =>
        [.. _groups[key].Select(g => string.Join('|', g.Key, Text(g.Value.Flows), Text(g.Value.Packets), Text(g.Value.Bytes), Text(g.Value.First), Text(g.Value.Last))).Order(StringComparer.Ordinal)];

    /// <summary>A value as a row of <see cref="Support.Sql"/> holds it (numbers, times, BLOBs in hex), in text.</summary>
    public static string Text(object? value) => value switch
    {
        null => "NULL",
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    /// <summary>As AddressKey takes it: IPv4 when the column has it, IPv6 when it has 16 bytes.</summary>
    private static string Address(uint? ipv4, byte[]? ipv6) =>
        Text(ipv4) + "|" + (ipv6 is { Length: 16 } ? Convert.ToHexStringLower(ipv6) : "NULL");

    private void Add(string key, string group, (long? Packets, long? Bytes, DateTime? Start, DateTime? End) flow)
    {
        if (!_groups[key].TryGetValue(group, out var t))
            _groups[key].Add(group, t = new Totals());
        t.Flows++;
        // A negative count (no setter stores one) counts as none, as the rollups have always taken it.
        if (flow.Packets is { } p && p >= 0)
            t.Packets = (t.Packets ?? 0) + p;
        if (flow.Bytes is { } b && b >= 0)
            t.Bytes = (t.Bytes ?? 0) + b;
        if (flow.Start is { } start && (t.First is null || start < t.First))
            t.First = start;
        if (flow.End is { } end && (t.Last is null || end > t.Last))
            t.Last = end;
    }

    private sealed class Totals
    {
        public long Flows;
        public Int128? Packets;
        public Int128? Bytes;
        public DateTime? First;
        public DateTime? Last;
    }

    private static DateTime? TimeOf(long? unixMilliseconds) => unixMilliseconds is { } ms ? FlowRowGroup.TimeOf(ms) : null;
}
