using BenchmarkDotNet.Attributes;
using NetFlow.Benchmarks.Columns;
using NetFlow.Benchmarks.Packets;
using NetFlow.Benchmarks.Store;
using NetFlow.Storage;
using NetFlow.Storage.Rollups;
using NetFlow.Storage.Writing;

namespace NetFlow.Benchmarks;

/// <summary>
/// The hourly rollups alone (RollupSegment.Add for every written row group, all six keys): one
/// operation is one record (OperationsPerInvoke = the records of the 8 row groups of 128 Ki rows
/// one invoke adds), so Mean is ns per record. The row groups are filled in setup from the store
/// benchmarks' v9 records; the segment is abandoned after each invoke (the keys start again empty,
/// as a new hour does).
/// <list type="bullet">
/// <item><see cref="RepeatedFlows"/>: 1008 distinct flows (36 packets) over and over, as the load
/// generator sends: few groups per key, every record lands in a group already there.</item>
/// <item><see cref="DistinctFlows"/>: the SinkWrite records, a source address per record: the
/// worst case, srcip grows a group per row until it is given up at 256 Ki rows.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
[OperationUnit("record")]
public class RollupBenchmarks
{
    /// <summary>37 449 x 28 = 1 048 572 records, 8 row groups of (up to) 131 072, as in <see cref="StoreWriteBenchmarks"/>.</summary>
    private const int Packets = 37_449;
    private const int Records = Packets * NetFlowV9Packets.Records;
    private const int RepeatedPackets = 36;
    private const string ExporterName = "192.0.2.10";

    private readonly RollupSegment _segment = new();
    private FlowRowGroup[] _groups = [];

    [GlobalSetup(Target = nameof(RepeatedFlows))]
    public void SetupRepeated() => _groups = Fill(StoreInput.Decode(RepeatedPackets));

    [GlobalSetup(Target = nameof(DistinctFlows))]
    public void SetupDistinct() => _groups = Fill(StoreInput.Decode(Packets));

    /// <summary><see cref="Records"/> rows, the input's records in order and again from the first as often as needed.</summary>
    private static FlowRowGroup[] Fill(StoreInput input)
    {
        var groups = new List<FlowRowGroup>();
        var group = new FlowRowGroup(FlowStoreOptions.Default.RowGroupRows);
        int added = 0;
        while (added < Records)
        {
            foreach (var batch in input.Batches)
            {
                for (int i = 0; i < batch.Count && added < Records; i++, added++)
                {
                    if (group.IsFull)
                    {
                        groups.Add(group);
                        group = new FlowRowGroup(FlowStoreOptions.Default.RowGroupRows);
                    }
                    group.Add(batch[i], ExporterName, 0, renormalize: false);
                }
            }
        }
        groups.Add(group);
        return [.. groups];
    }

    [Benchmark(Description = "RollupSegment.Add: 1008 flows repeated", OperationsPerInvoke = Records)]
    public int RepeatedFlows() => AddAll();

    [Benchmark(Description = "RollupSegment.Add: every source distinct", OperationsPerInvoke = Records)]
    public int DistinctFlows() => AddAll();

    private int AddAll()
    {
        int rows = 0;
        foreach (var group in _groups)
        {
            _segment.Add(group);
            rows += group.Count;
        }
        _segment.Abandon();
        return rows;
    }
}
