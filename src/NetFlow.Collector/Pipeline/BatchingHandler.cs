using NetFlow.Protocol;
using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Pipeline;

/// <summary>Copies every decoded record into the current batch; errors are already counted by the session.</summary>
internal readonly struct BatchingHandler(FlowRecordBatch batch) : IFlowRecordHandler
{
    public void OnRecord(in FlowRecord record) => batch.Add(record);
    public void OnError(in DecodeError error) { }
}
