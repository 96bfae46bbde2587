using NetFlow.Protocol;
using NetFlow.Protocol.Records;

namespace NetFlow.Benchmarks.Handlers;

internal struct CountHandler : IBenchmarkHandler
{
    public long Records { get; private set; }
    public long Errors { get; private set; }
    public readonly ulong Checksum => (ulong)(Records + Errors);

    public void OnRecord(in FlowRecord record) => Records++;

    public void OnError(in DecodeError error) => Errors++;
}
