using NetFlow.Protocol;
using NetFlow.Protocol.Records;

namespace NetFlow.Benchmarks.Store;

/// <summary>Copies every decoded record into a batch, as the collector's decode worker does; counts errors.</summary>
internal struct BatchingHandler(FlowRecordBatch batch) : IFlowRecordHandler
{
    public long Errors { get; private set; }

    public readonly void OnRecord(in FlowRecord record) => batch.Add(record);

    public void OnError(in DecodeError error) => Errors++;
}
