using System.Globalization;
using System.Text;

namespace NetFlow.Integration.Tests.Store;

/// <summary>One group of a top-N statistic, as nfdump (`-s KEY/ORDER -o csv`) or `netflow query --top N --by KEY -o csv` prints it.</summary>
public sealed record StatisticRow(
    string Key,
    ulong Flows,
    double FlowsShare,
    ulong Packets,
    double PacketsShare,
    ulong Bytes,
    double BytesShare,
    double Pps,
    double Bps,
    ulong Bpp)
{
    public ulong Rank(string order) => order switch
    {
        "flows" => Flows,
        "packets" => Packets,
        "bytes" => Bytes,
        _ => throw new ArgumentOutOfRangeException(nameof(order), order, "flows, packets or bytes"),
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Key}: flows {Flows} ({FlowsShare}%) packets {Packets} ({PacketsShare}%) bytes {Bytes} ({BytesShare}%) pps {Pps} bps {Bps} bpp {Bpp}");

    /// <summary>nfdump's statistic CSV: "ts,te,td,pr,val,fl,flP,pkt,pktP,byt,bytP,pps,bps,bpp" (ipkt, ibyt ... for address statistics).</summary>
    public static IReadOnlyList<StatisticRow> FromNfdump(CsvTable table)
    {
        int key = table.Column("val"), flows = table.Column("fl");
        // The counter columns follow "fl" in a fixed order whatever their names (pkt or ipkt ...).
        return table.Rows.Select(r => new StatisticRow(
            StoreNfdumpConventions.Key(r[key]),
            ULong(r[flows]), Double(r[flows + 1]),
            ULong(r[flows + 2]), Double(r[flows + 3]),
            ULong(r[flows + 4]), Double(r[flows + 5]),
            Double(r[flows + 6]), Double(r[flows + 7]), ULong(r[flows + 8]))).ToList();
    }

    /// <summary>`netflow query --by KEY -o csv`: "KEY,flows,flows_pct,packets,packets_pct,bytes,bytes_pct,pps,bps,bpp".</summary>
    public static IReadOnlyList<StatisticRow> FromQuery(CsvTable table, string keyColumn)
    {
        int key = table.Column(keyColumn);
        return table.Rows.Select(r => new StatisticRow(
            StoreNfdumpConventions.Key(r[key]),
            ULong(r[table.Column("flows")]), Double(r[table.Column("flows_pct")]),
            ULong(r[table.Column("packets")]), Double(r[table.Column("packets_pct")]),
            ULong(r[table.Column("bytes")]), Double(r[table.Column("bytes_pct")]),
            StoreNfdumpConventions.Rate(r[table.Column("pps")]), StoreNfdumpConventions.Rate(r[table.Column("bps")]),
            ULong(r[table.Column("bpp")]))).ToList();
    }

    /// <summary>
    /// Fails unless both lists hold the same groups in the same order of <paramref name="order"/>,
    /// every group with the same counters (shares and rates by <see cref="StoreNfdumpConventions"/>).
    /// Groups with equal order values may come in any order: they are compared as sets. When the
    /// lists are a top N cut from more groups, the groups tied at the cut may differ; each side's
    /// must then be among <paramref name="allOfTheirs"/> (nfdump's complete list) with that value.
    /// </summary>
    public static void ShouldAgree(IReadOnlyList<StatisticRow> ours, IReadOnlyList<StatisticRow> theirs, string order, string context,
        IReadOnlyList<StatisticRow>? allOfTheirs = null)
    {
        var problems = new List<string>();
        if (ours.Count != theirs.Count)
            problems.Add($"{ours.Count} groups in netflow query, {theirs.Count} in nfdump");
        var ourRanks = ours.Select(r => r.Rank(order)).ToList();
        var theirRanks = theirs.Select(r => r.Rank(order)).ToList();
        if (!ourRanks.SequenceEqual(theirRanks))
            problems.Add($"{order} in rank order: netflow query [{string.Join(' ', ourRanks)}], nfdump [{string.Join(' ', theirRanks)}]");
        if (ourRanks.Zip(ourRanks.Skip(1)).Any(p => p.First < p.Second))
            problems.Add($"netflow query's rows are not in descending {order}");

        bool cut = allOfTheirs is not null && allOfTheirs.Count > theirs.Count;
        ulong? cutValue = cut && theirs.Count > 0 ? theirs[^1].Rank(order) : null;
        foreach (var value in ourRanks.Union(theirRanks).Distinct())
        {
            var left = ours.Where(r => r.Rank(order) == value).ToDictionary(r => r.Key, StringComparer.Ordinal);
            var right = theirs.Where(r => r.Rank(order) == value).ToDictionary(r => r.Key, StringComparer.Ordinal);
            if (value == cutValue)
            {
                // Tied at the cut: either side may have kept any of the tied groups.
                var tied = allOfTheirs!.Where(r => r.Rank(order) == value).ToDictionary(r => r.Key, StringComparer.Ordinal);
                foreach (var row in left.Values.Where(r => !tied.ContainsKey(r.Key)))
                    problems.Add($"{order} {value} (tied at the cut): netflow query has {row}, which nfdump's complete list has not with that value");
                foreach (var row in left.Values.Where(r => tied.ContainsKey(r.Key)))
                    problems.AddRange(Differences(row, tied[row.Key]));
                continue;
            }
            foreach (var key in left.Keys.Union(right.Keys).Order(StringComparer.Ordinal))
            {
                if (!right.TryGetValue(key, out var theirRow))
                    problems.Add($"{order} {value}: only netflow query has {left[key]}");
                else if (!left.TryGetValue(key, out var ourRow))
                    problems.Add($"{order} {value}: only nfdump has {theirRow}");
                else
                    problems.AddRange(Differences(ourRow, theirRow));
            }
        }
        if (problems.Count == 0)
            return;
        throw new ShouldAssertException(new StringBuilder()
            .AppendLine($"{context}: netflow query and nfdump disagree ({problems.Count} problem(s)):")
            .AppendJoin('\n', problems.Select(p => "  " + p))
            .AppendLine()
            .AppendLine("netflow query:")
            .AppendJoin('\n', ours.Select(r => "  " + r))
            .AppendLine()
            .AppendLine("nfdump:")
            .AppendJoin('\n', theirs.Select(r => "  " + r))
            .ToString());
    }

    private static IEnumerable<string> Differences(StatisticRow ours, StatisticRow theirs)
    {
        string Diff(string field, object a, object b) => $"{ours.Key} {field}: netflow query {a}, nfdump {b}";
        if (ours.Flows != theirs.Flows) yield return Diff("flows", ours.Flows, theirs.Flows);
        if (ours.Packets != theirs.Packets) yield return Diff("packets", ours.Packets, theirs.Packets);
        if (ours.Bytes != theirs.Bytes) yield return Diff("bytes", ours.Bytes, theirs.Bytes);
        if (ours.Bpp != theirs.Bpp) yield return Diff("bpp", ours.Bpp, theirs.Bpp);
        if (!StoreNfdumpConventions.SharesAgree(ours.FlowsShare, theirs.FlowsShare)) yield return Diff("flows %", ours.FlowsShare, theirs.FlowsShare);
        if (!StoreNfdumpConventions.SharesAgree(ours.PacketsShare, theirs.PacketsShare)) yield return Diff("packets %", ours.PacketsShare, theirs.PacketsShare);
        if (!StoreNfdumpConventions.SharesAgree(ours.BytesShare, theirs.BytesShare)) yield return Diff("bytes %", ours.BytesShare, theirs.BytesShare);
        if (!StoreNfdumpConventions.RatesAgree(ours.Pps, theirs.Pps)) yield return Diff("pps", ours.Pps, theirs.Pps);
        if (!StoreNfdumpConventions.RatesAgree(ours.Bps, theirs.Bps)) yield return Diff("bps", ours.Bps, theirs.Bps);
    }

    private static ulong ULong(string text) => ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static double Double(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
