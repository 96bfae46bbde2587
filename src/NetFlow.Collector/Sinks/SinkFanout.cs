using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Sinks;

/// <summary>Hands each finished batch to every sink's runner, sharing it (one copy for all sinks).</summary>
internal sealed class SinkFanout(IReadOnlyList<SinkRunner> runners)
{
    private readonly BatchPool _pool = new();

    public IReadOnlyList<SinkRunner> Runners { get; } = runners;

    public FlowRecordBatch RentBatch() => _pool.Rent();

    /// <summary>Publishes a batch (the fanout owns it from here on) and waits only where a sink's policy is to block.</summary>
    public async ValueTask PublishAsync(FlowRecordBatch batch, CancellationToken cancellationToken)
    {
        if (Runners.Count == 0 || batch.Count == 0)
        {
            _pool.Return(batch);
            return;
        }
        var lease = new BatchLease(batch, Runners.Count, _pool);
        foreach (var runner in Runners)
            await runner.EnqueueAsync(lease, cancellationToken).ConfigureAwait(false);
    }
}
