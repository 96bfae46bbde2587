using System.Globalization;
using System.Text;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// One flow of a listing as both tools print it, with the fields compared: addresses, ports (none
/// for ICMP, <see cref="StoreNfdumpConventions.ComparablePorts"/>), protocol, packets, bytes.
/// </summary>
public sealed record ListedFlow(string Source, int? SourcePort, string Destination, int? DestinationPort, int Protocol, ulong Packets, ulong Bytes)
{
    public override string ToString() =>
        $"{Source}:{Show(SourcePort)} -> {Destination}:{Show(DestinationPort)} proto {Protocol} packets {Packets} bytes {Bytes}";

    /// <summary>`nfdump -o csv`: sa, sp, da, dp, pr (a name), ipkt, ibyt.</summary>
    public static IReadOnlyList<ListedFlow> FromNfdump(CsvTable table) =>
        table.Rows.Select(r => Make(r[table.Column("sa")], r[table.Column("sp")], r[table.Column("da")], r[table.Column("dp")],
            StoreNfdumpConventions.Protocol(r[table.Column("pr")]), r[table.Column("ipkt")], r[table.Column("ibyt")])).ToList();

    /// <summary>`netflow query -o csv` listing: src_addr, src_port, dst_addr, dst_port, proto (a number), packets, bytes.</summary>
    public static IReadOnlyList<ListedFlow> FromQuery(CsvTable table) =>
        table.Rows.Select(r => Make(r[table.Column("src_addr")], r[table.Column("src_port")], r[table.Column("dst_addr")], r[table.Column("dst_port")],
            int.Parse(r[table.Column("proto")], CultureInfo.InvariantCulture), r[table.Column("packets")], r[table.Column("bytes")])).ToList();

    private static ListedFlow Make(string source, string sourcePort, string destination, string destinationPort, int protocol, string packets, string bytes)
    {
        var (sp, dp) = StoreNfdumpConventions.ComparablePorts(protocol, Port(sourcePort), Port(destinationPort));
        return new ListedFlow(StoreNfdumpConventions.Key(source), sp, StoreNfdumpConventions.Key(destination), dp, protocol,
            ulong.Parse(packets, CultureInfo.InvariantCulture), ulong.Parse(bytes, CultureInfo.InvariantCulture));
    }

    /// <summary>Fails with every flow one side has more often than the other, unless both are the same multiset.</summary>
    public static void ShouldAgree(IReadOnlyList<ListedFlow> ours, IReadOnlyList<ListedFlow> theirs, string context, string theirName = "nfdump")
    {
        var left = ours.CountBy(f => f).ToDictionary();
        var right = theirs.CountBy(f => f).ToDictionary();
        var problems = new List<string>();
        foreach (var flow in left.Keys.Union(right.Keys).OrderBy(f => f.ToString(), StringComparer.Ordinal))
        {
            int a = left.GetValueOrDefault(flow), b = right.GetValueOrDefault(flow);
            if (a != b)
                problems.Add($"{flow}: {a} time(s) in netflow query, {b} in {theirName}");
        }
        if (problems.Count == 0)
            return;
        throw new ShouldAssertException(new StringBuilder()
            .AppendLine($"{context}: the listings differ on {problems.Count} flow(s) ({ours.Count} flows in netflow query, {theirs.Count} in {theirName}):")
            .AppendJoin('\n', problems.Take(50).Select(p => "  " + p))
            .ToString());
    }

    private static int? Port(string text) => text.Length == 0 ? null : int.Parse(text, CultureInfo.InvariantCulture);

    private static string Show(int? port) => port?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
