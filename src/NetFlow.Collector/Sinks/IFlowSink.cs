using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Sinks;

/// <summary>
/// Where decoded records go. A sink is driven by its own <see cref="SinkRunner"/>: one batch at a
/// time, in order, on one task, so an implementation needs no locking. It must not keep the batch
/// (or records read from it) after <see cref="WriteAsync"/> returns: the batch is reused.
/// </summary>
public interface IFlowSink : IAsyncDisposable
{
    /// <summary>Short name for metrics and logs (json, store ...).</summary>
    string Name { get; }

    /// <summary>Takes every record of the batch (buffered as the sink likes).</summary>
    ValueTask WriteAsync(FlowRecordBatch batch, CancellationToken cancellationToken);

    /// <summary>Makes everything written so far durable/visible (flush buffers, finish a file).</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}
