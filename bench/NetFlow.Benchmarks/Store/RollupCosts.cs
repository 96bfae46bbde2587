using System.Diagnostics;
using System.Globalization;
using NetFlow.Storage.Rollups;
using NetFlow.Storage.Writing;

namespace NetFlow.Benchmarks.Store;

/// <summary>
/// `rollup-costs`: what each rollup key costs in ns per row, and taking a slice's figures, over the
/// row groups of `netflow generate`'s stream (filled by runs, as the sink fills them). A Stopwatch
/// loop, the best of several passes per key: to see where the rollups' time goes and to compare
/// builds, not to quote.
/// </summary>
internal static class RollupCosts
{
    public static int Run(string[] args)
    {
        int passes = args is ["--passes", var p, ..] ? int.Parse(p, CultureInfo.InvariantCulture) : 10;
        var groups = ColumnCosts.Fill(SinkCosts.FromGenerator());
        long rows = groups.Sum(g => (long)g.Count);
        // The keys a rollup segment makes, timed one at a time here.
        var keys = RollupSegment.CreateKeys();
        var figures = new RowFigures();
        // Per key, then the figures' load: the best pass of each.
        var best = new double[keys.Length + 1];
        Array.Fill(best, double.MaxValue);
        for (int pass = 0; pass < passes; pass++)
        {
            var spent = new double[keys.Length + 1];
            foreach (var group in groups)
            {
                for (int from = 0; from < group.Count; from += RowFigures.SliceRows)
                {
                    long start = Stopwatch.GetTimestamp();
                    figures.Load(group, from, Math.Min(RowFigures.SliceRows, group.Count - from));
                    spent[keys.Length] += Stopwatch.GetElapsedTime(start).TotalNanoseconds;
                    for (int k = 0; k < keys.Length; k++)
                    {
                        start = Stopwatch.GetTimestamp();
                        keys[k].Add(group, figures);
                        spent[k] += Stopwatch.GetElapsedTime(start).TotalNanoseconds;
                    }
                }
            }
            for (int k = 0; k < spent.Length; k++)
                best[k] = Math.Min(best[k], spent[k] / rows);
        }
        Console.WriteLine($"{rows} rows of the generator stream in {groups.Count} row groups, best of {passes} passes");
        for (int k = 0; k < keys.Length; k++)
            Console.WriteLine($"{keys[k].Key,-10} {best[k],6:F2} ns/row");
        Console.WriteLine($"{"figures",-10} {best[keys.Length],6:F2} ns/row");
        Console.WriteLine($"{"all",-10} {best.Sum(),6:F2} ns/row");
        return 0;
    }
}
