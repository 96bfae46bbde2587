using NetFlow.Protocol;
using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Pipeline;

/// <summary>
/// Copies every decoded record into the current batch. Errors are already counted by the session;
/// here they only go to the exporter's rate-limited log.
/// </summary>
internal readonly struct BatchingHandler(FlowRecordBatch batch, DecodeErrorLog? errors = null) : IFlowRecordHandler
{
    public void OnRecord(in FlowRecord record) => batch.Add(record);

    public void OnError(in DecodeError error) => errors?.Report(error, TimeProvider.System.GetTimestamp());
}
