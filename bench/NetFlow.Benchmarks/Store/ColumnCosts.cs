using System.Diagnostics;
using NetFlow.Protocol.Records;
using NetFlow.Storage;
using NetFlow.Storage.Writing;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Benchmarks.Store;

/// <summary>
/// `column-costs`: what each column of the flow schema costs to encode, in ns per row, over the
/// store benchmarks' row groups (StoreInput, filled by runs as the sink fills them). A quick
/// Stopwatch loop, not BenchmarkDotNet: the best of several passes per column, to find where the
/// encoder's time goes, not to quote. The columns' sum is about ParquetEncode's figure.
/// </summary>
internal static class ColumnCosts
{
    private const int Packets = 37_449;

    public static int Run(string[] args)
    {
        int passes = 15;
        bool generator = false;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--passes" && i + 1 < args.Length)
                passes = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--stream" && i + 1 < args.Length)
                generator = args[++i] == "generator";
        }
        var groups = Fill(generator ? SinkCosts.FromGenerator() : StoreInput.Decode(Packets).Batches);
        long rows = groups.Sum(g => (long)g.Count);
        var encoder = new RowGroupEncoder();
        using var compressor = PageCompressor.For(FlowStoreOptions.Default.Compression);
        double total = 0;
        Console.WriteLine($"{rows} rows in {groups.Count} row groups, best of {passes} passes");
        foreach (var column in FlowRowGroupWriter.Columns)
        {
            double best = double.MaxValue;
            for (int pass = 0; pass < passes; pass++)
            {
                long start = Stopwatch.GetTimestamp();
                foreach (var group in groups)
                {
                    encoder.Begin(group.Count, compressor);
                    column.Write(encoder, group);
                    encoder.Finish();
                }
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / rows);
            }
            total += best;
            Console.WriteLine($"{column.Column.Name,-22} {best,7:F2} ns/row");
        }
        Console.WriteLine($"{"all columns",-22} {total,7:F2} ns/row");
        return 0;
    }

    /// <summary>The batches' records in row groups of the store's size, filled by runs as the sink fills them.</summary>
    public static List<FlowRowGroup> Fill(FlowRecordBatch[] batches)
    {
        var groups = new List<FlowRowGroup>();
        var group = new FlowRowGroup(FlowStoreOptions.Default.RowGroupRows);
        foreach (var batch in batches)
        {
            for (int r = 0, skip = 0; r < batch.RunCount;)
            {
                if (group.IsFull)
                {
                    groups.Add(group);
                    group = new FlowRowGroup(FlowStoreOptions.Default.RowGroupRows);
                }
                int added = group.TryAddRuns(batch, r, batch.RunCount - r, skip, "192.0.2.10", 0, renormalize: false);
                if (added == 0)
                    throw new InvalidOperationException("a run did not go column by column");
                skip += added;
                while (r < batch.RunCount && skip >= batch.Run(r).Count)
                    skip -= batch.Run(r++).Count;
            }
        }
        groups.Add(group);
        return groups;
    }
}
