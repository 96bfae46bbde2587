using System.Net;

namespace NetFlow.Generator.Tests.Support;

/// <summary>
/// One generator run against a <see cref="LoopbackReceiver"/>: what the generator reported, and
/// every datagram that arrived (the test fails if fewer arrive than were reported sent).
/// </summary>
public sealed record GeneratedRun(
    SendReport Report,
    IReadOnlyList<ReceivedDatagram> Datagrams,
    IReadOnlyList<IPEndPoint> Sources,
    IReadOnlyList<IReadOnlyList<uint>> Domains,
    bool SegmentationActive)
{
    public static GeneratedRun Send(GeneratorOptions options, bool ipv6Target = false)
    {
        using var receiver = new LoopbackReceiver(ipv6Target);
        using var generator = new LoadGenerator(receiver.Endpoint, options);
        var report = generator.Run(TestContext.Current.CancellationToken);
        report.SendErrors.ShouldBe(0);
        var datagrams = receiver.WaitFor(report.Packets);
        return new GeneratedRun(report, datagrams, generator.SourceEndpoints, generator.Domains, generator.SegmentationActive);
    }

    public DecodedStream Decode() => DecodedStream.Decode(Datagrams);

    public IReadOnlyList<PacketHeader> Headers => [.. Datagrams.Select(d => PacketHeader.Read(d.Payload))];
}
