using System.Globalization;
using System.Text;
using NetFlow.Integration.Tests.Differential;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>
/// Records, octets and packets summed per flow key (source, destination, source port, destination
/// port, protocol; for ICMP the type/code instead of the ports, as nfdump keys it), the way an
/// operator compares two collectors' totals.
/// </summary>
public static class FlowKeyTotals
{
    public readonly record struct Key(string Source, string Destination, int? SourcePort, int? DestinationPort, int Protocol, int? IcmpTypeCode)
    {
        public override string ToString() =>
            $"{Source}:{Show(SourcePort)} -> {Destination}:{Show(DestinationPort)} proto {Protocol.ToString(CultureInfo.InvariantCulture)}" +
            (IcmpTypeCode is { } icmp ? $" icmp {icmp >> 8}/{icmp & 0xff}" : "");
    }

    public readonly record struct Totals(int Records, ulong Octets, ulong Packets);

    public static SortedDictionary<string, (Key Key, Totals Totals)> Of(IEnumerable<FlowView> flows)
    {
        var totals = new SortedDictionary<string, (Key, Totals)>(StringComparer.Ordinal);
        foreach (var flow in flows)
        {
            var key = new Key(flow.Source, flow.Destination, flow.SourcePort, flow.DestinationPort, flow.Protocol, flow.IcmpTypeCode);
            var name = key.ToString();
            var sum = totals.TryGetValue(name, out var existing) ? existing.Item2 : default;
            totals[name] = (key, new Totals(sum.Records + 1, sum.Octets + flow.Octets, sum.Packets + flow.Packets));
        }
        return totals;
    }

    /// <summary>Fails with every key whose totals differ (or that only one side has), unless both sides agree on every key.</summary>
    public static void ShouldAgree(IEnumerable<FlowView> ours, IEnumerable<FlowView> theirs, string peer, string context)
    {
        var left = Of(ours);
        var right = Of(theirs);
        var problems = new List<string>();
        foreach (var name in left.Keys.Union(right.Keys).Order(StringComparer.Ordinal))
        {
            var hasOurs = left.TryGetValue(name, out var o);
            var hasTheirs = right.TryGetValue(name, out var t);
            if (!hasOurs)
                problems.Add($"only {peer} has {name}: {t.Totals}");
            else if (!hasTheirs)
                problems.Add($"only netflow collect has {name}: {o.Totals}");
            else if (o.Totals != t.Totals)
                problems.Add($"{name}: netflow collect {o.Totals}, {peer} {t.Totals}");
        }
        if (problems.Count == 0)
            return;
        throw new ShouldAssertException(new StringBuilder()
            .AppendLine($"{context}: totals per flow key differ between netflow collect and {peer} on {problems.Count} key(s) ({left.Count} vs {right.Count} keys):")
            .AppendJoin('\n', problems.Select(p => "  " + p))
            .ToString());
    }

    private static string Show(int? port) => port?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
