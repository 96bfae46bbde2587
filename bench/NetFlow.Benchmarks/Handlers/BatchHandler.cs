using System.Runtime.CompilerServices;
using NetFlow.Protocol;
using NetFlow.Protocol.Records;

namespace NetFlow.Benchmarks.Handlers;

/// <summary>
/// What the collector's decode worker does with a record: copies it into a <see cref="FlowRecordBatch"/>
/// (the batch handed to the sinks), emptied when it reaches the collector's batch size.
/// </summary>
internal struct BatchHandler : IBenchmarkHandler
{
    /// <summary>CollectorOptions.BatchRecords.</summary>
    private const int BatchRecords = 8192;

    private FlowRecordBatch? _batch;

    public long Records { get; private set; }
    public long Errors { get; private set; }
    public readonly ulong Checksum => (ulong)(Records + Errors + (_batch?.RunCount ?? 0));

    public void OnRecord(in FlowRecord record)
    {
        var batch = _batch ??= new FlowRecordBatch(BatchRecords);
        batch.Add(record);
        if (batch.Count >= BatchRecords)
            batch.Clear();
        Records++;
    }

    public void OnError(in DecodeError error) => Errors++;

    /// <summary>A set whole, as the collector's handler takes it (FlowRecordBatch.AddSet).</summary>
    static void IFlowRecordHandler.OnRecordSet<THandler>(ref THandler handler, in RecordSet set)
    {
        if (typeof(THandler) != typeof(BatchHandler))
            throw new InvalidOperationException($"called for {typeof(THandler)}");
        // THandler is this type: the handler is changed in place, not a copy of it.
        ref var self = ref Unsafe.As<THandler, BatchHandler>(ref handler);
        var batch = self._batch ??= new FlowRecordBatch(BatchRecords);
        batch.AddSet(set);
        if (batch.Count >= BatchRecords)
            batch.Clear();
        self.Records += set.Count;
    }
}
