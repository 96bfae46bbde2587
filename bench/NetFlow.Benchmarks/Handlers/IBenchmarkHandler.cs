using NetFlow.Protocol.Records;

namespace NetFlow.Benchmarks.Handlers;

/// <summary>A record handler whose totals the benchmark returns, so the JIT cannot drop the work.</summary>
internal interface IBenchmarkHandler : IFlowRecordHandler
{
    long Records { get; }
    long Errors { get; }
    ulong Checksum { get; }
}

public enum HandlerKind
{
    /// <summary>Counts records and errors, reads nothing: the cost of the decoder alone.</summary>
    CountOnly,
    /// <summary>Reads addresses, ports, protocol, octets, packets, start and end of every record.</summary>
    Touch,
    /// <summary>Copies every record into a batch for the sinks, as the collector's decode worker does.</summary>
    Batch,
}
