using BenchmarkDotNet.Attributes;
using NetFlow.Benchmarks.Cases;
using NetFlow.Benchmarks.Columns;
using NetFlow.Benchmarks.Handlers;
using NetFlow.Benchmarks.Packets;

namespace NetFlow.Benchmarks;

/// <summary>
/// The error paths: one operation is one datagram (they hold few or no records), so Mean is
/// ns per datagram and Allocated is bytes per datagram.
/// </summary>
[MemoryDiagnoser]
[OperationUnit("packet")]
public class MalformedInputBenchmarks
{
    private const int Packets = 16;

    private DecodeCase _truncated = null!, _random = null!, _randomBody = null!;
    private TouchHandler _touch;
    private CountHandler _count;

    [ParamsAllValues]
    public HandlerKind Handler { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _truncated = DecodeCase.Malformed("v9 truncated", MalformedPackets.TruncatedV9(), NetFlowV9Packets.TemplateOnly());
        _random = DecodeCase.Malformed("random bytes", MalformedPackets.RandomBytes());
        _randomBody = DecodeCase.Malformed("v9 header + random", MalformedPackets.V9HeaderThenRandom());
        foreach (var c in (DecodeCase[])[_truncated, _random, _randomBody])
            c.Verify();
    }

    [Benchmark(Description = "v9 cut at 700 B (15 rec + SetLengthPastEnd)", OperationsPerInvoke = Packets)]
    public ulong TruncatedV9() => Run(_truncated);

    [Benchmark(Description = "1400 random bytes (UnknownVersion)", OperationsPerInvoke = Packets)]
    public ulong RandomBytes() => Run(_random);

    [Benchmark(Description = "v9 header + 1380 random bytes (unknown template, held)", OperationsPerInvoke = Packets)]
    public ulong V9HeaderThenRandom() => Run(_randomBody);

    private ulong Run(DecodeCase c) => Handler == HandlerKind.Touch ? c.Decode(ref _touch, Packets) : c.Decode(ref _count, Packets);
}
