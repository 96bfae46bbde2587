using BenchmarkDotNet.Attributes;
using NetFlow.Benchmarks.Cases;
using NetFlow.Benchmarks.Columns;
using NetFlow.Benchmarks.Handlers;
using NetFlow.Benchmarks.Packets;

namespace NetFlow.Benchmarks;

/// <summary>
/// Valid traffic, templates already known: one operation is one decoded record, so Mean is
/// ns per record and Allocated is bytes per record (the hot-path target is 0).
/// </summary>
[MemoryDiagnoser]
[OperationUnit("record")]
public class DecodeBenchmarks
{
    /// <summary>Packets decoded per invoke; OperationsPerInvoke = records per packet x this.</summary>
    private const int Packets = 16;

    private DecodeCase[] _cases = [];
    private DecodeCase _v5 = null!, _v9 = null!, _v9Refresh = null!, _ipfixFixed = null!, _ipfixVariable = null!;
    private TouchHandler _touch;
    private CountHandler _count;
    private BatchHandler _batch;

    [ParamsAllValues]
    public HandlerKind Handler { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _v5 = DecodeCase.NetFlowV5();
        _v9 = DecodeCase.NetFlowV9();
        _v9Refresh = DecodeCase.NetFlowV9TemplateRefresh();
        _ipfixFixed = DecodeCase.IpfixFixed();
        _ipfixVariable = DecodeCase.IpfixVariable();
        _cases = [_v5, _v9, _v9Refresh, _ipfixFixed, _ipfixVariable];
        foreach (var c in _cases)
            c.Verify();
    }

    /// <summary>After measuring: still no errors and no sequence anomalies, so no error path was timed.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var c in _cases)
            c.CheckClean();
    }

    [Benchmark(Description = "v5, 30 rec/pkt", OperationsPerInvoke = NetFlowV5Packets.Records * Packets)]
    public ulong NetFlowV5() => Run(_v5);

    [Benchmark(Description = "v9, 28x45 B rec/pkt", OperationsPerInvoke = NetFlowV9Packets.Records * Packets)]
    public ulong NetFlowV9() => Run(_v9);

    [Benchmark(Description = "v9 + template every pkt", OperationsPerInvoke = NetFlowV9Packets.Records * Packets)]
    public ulong NetFlowV9TemplateRefresh() => Run(_v9Refresh);

    [Benchmark(Description = "IPFIX fixed, 26x53 B rec/pkt", OperationsPerInvoke = IpfixPackets.FixedRecords * Packets)]
    public ulong IpfixFixed() => Run(_ipfixFixed);

    [Benchmark(Description = "IPFIX 2 strings (1- and 3-byte len), 16 rec/pkt", OperationsPerInvoke = IpfixPackets.VariableRecords * Packets)]
    public ulong IpfixVariableLength() => Run(_ipfixVariable);

    private ulong Run(DecodeCase c) => Handler switch
    {
        HandlerKind.Touch => c.Decode(ref _touch, Packets),
        HandlerKind.Batch => c.Decode(ref _batch, Packets),
        _ => c.Decode(ref _count, Packets),
    };
}
