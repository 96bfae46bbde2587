using System.Collections.Concurrent;
using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Sinks;

/// <summary>
/// A batch shared by every sink it was handed to; the last sink done with it gives it back to
/// the pool. One small object per batch (thousands of records), none per record.
/// </summary>
internal sealed class BatchLease(FlowRecordBatch batch, int holders, BatchPool pool)
{
    private readonly long _created = TimeProvider.System.GetTimestamp();
    private int _holders = holders;

    public FlowRecordBatch Batch { get; } = batch;
    /// <summary>Time since the batch was handed to the sinks.</summary>
    public TimeSpan Age => TimeProvider.System.GetElapsedTime(_created);

    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
            pool.Return(Batch);
    }
}

/// <summary>Reused batches, so steady traffic allocates no new arrays.</summary>
internal sealed class BatchPool(int maxPooled = 256)
{
    private readonly ConcurrentQueue<FlowRecordBatch> _free = new();

    public FlowRecordBatch Rent() => _free.TryDequeue(out var batch) ? batch : new FlowRecordBatch();

    public void Return(FlowRecordBatch batch)
    {
        batch.Clear();
        if (_free.Count < maxPooled)
            _free.Enqueue(batch);
    }
}
