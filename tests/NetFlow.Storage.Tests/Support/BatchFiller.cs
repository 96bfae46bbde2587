using NetFlow.Protocol;
using NetFlow.Protocol.Records;

namespace NetFlow.Storage.Tests.Support;

/// <summary>Copies every record a session decodes into a batch, as a decode worker does, and counts the decode errors.</summary>
internal sealed class BatchFiller(FlowRecordBatch batch) : IFlowRecordHandler
{
    public FlowRecordBatch Batch { get; } = batch;
    public int Errors { get; private set; }
    public void OnRecord(in FlowRecord record) => Batch.Add(record);
    public void OnError(in DecodeError error) => Errors++;
}
