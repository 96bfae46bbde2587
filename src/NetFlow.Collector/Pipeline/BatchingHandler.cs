using NetFlow.Protocol;
using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Pipeline;

/// <summary>
/// Copies every decoded record into the current batch, a fixed-length data set whole. Errors are
/// already counted by the session; here they only go to the exporter's rate-limited log.
/// </summary>
internal readonly struct BatchingHandler(FlowRecordBatch batch, DecodeErrorLog? errors = null) : IFlowRecordHandler
{
    private readonly FlowRecordBatch _batch = batch;

    public void OnRecord(in FlowRecord record) => _batch.Add(record);

    public void OnError(in DecodeError error) => errors?.Report(error, TimeProvider.System.GetTimestamp());

    /// <summary>The decoder calls this with THandler = BatchingHandler: the test is decided when it is compiled, and costs nothing.</summary>
    static void IFlowRecordHandler.OnRecordSet<THandler>(ref THandler handler, in RecordSet set)
    {
        if (handler is BatchingHandler batching)
        {
            batching._batch.AddSet(set);
            return;
        }
        for (int i = 0; i < set.Count; i++)
            handler.OnRecord(set[i]);
    }
}
