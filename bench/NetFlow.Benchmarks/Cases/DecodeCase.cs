using System.Net;
using NetFlow.Benchmarks.Handlers;
using NetFlow.Benchmarks.Packets;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Benchmarks.Cases;

/// <summary>
/// One exporter session (templates already learned) and the packet it decodes over and over.
/// <see cref="Verify"/> runs before measuring, so a case that silently decodes nothing, or
/// decodes through an error path, fails the run instead of producing a fast number.
/// </summary>
internal sealed class DecodeCase
{
    private static readonly IPAddress ExporterAddress = IPAddress.Parse("192.0.2.10");

    private DecodeCase(string name, BenchPacket packet, byte[]? templatePacket)
    {
        Name = name;
        Packet = packet;
        Session = new ExporterSession(ExporterAddress);
        if (templatePacket is not null)
        {
            var handler = new CountHandler();
            Session.Decode(templatePacket, Exporter.ReceivedUtc, ref handler);
            if (handler.Errors != 0 || Session.Templates.Count != 1)
                throw new InvalidOperationException($"{name}: the template packet did not give one template without errors");
        }
    }

    public string Name { get; }
    public BenchPacket Packet { get; }
    public ExporterSession Session { get; }

    /// <summary>Decodes the packet <paramref name="packets"/> times, stepping its sequence number so the session sees an in-order stream.</summary>
    public ulong Decode<THandler>(ref THandler handler, int packets)
        where THandler : struct, IBenchmarkHandler
    {
        var session = Session;
        var packet = Packet;
        byte[] bytes = packet.Bytes;
        for (int i = 0; i < packets; i++)
        {
            session.Decode(bytes, Exporter.ReceivedUtc, ref handler);
            packet.AdvanceSequence();
        }
        return handler.Checksum;
    }

    public static DecodeCase NetFlowV5() => new("NetFlow v5", NetFlowV5Packets.Full(), null);

    public static DecodeCase NetFlowV9() => new("NetFlow v9", NetFlowV9Packets.Data(), NetFlowV9Packets.TemplateOnly());

    public static DecodeCase NetFlowV9TemplateRefresh() =>
        new("NetFlow v9 + template", NetFlowV9Packets.TemplateAndData(), NetFlowV9Packets.TemplateOnly());

    public static DecodeCase IpfixFixed() =>
        new("IPFIX fixed", IpfixPackets.Data(RecordLayouts.IpfixIpv4, IpfixPackets.FixedRecords),
            IpfixPackets.TemplateOnly(RecordLayouts.IpfixIpv4));

    public static DecodeCase IpfixVariable() =>
        new("IPFIX variable", IpfixPackets.Data(RecordLayouts.IpfixIpv4WithStrings, IpfixPackets.VariableRecords),
            IpfixPackets.TemplateOnly(RecordLayouts.IpfixIpv4WithStrings));

    public static DecodeCase Malformed(string name, BenchPacket packet, byte[]? templatePacket = null) =>
        new(name, packet, templatePacket);

    /// <summary>Decodes the packet as the benchmark will, and throws if it does not give exactly what it must.</summary>
    public void Verify(int decodes = 3)
    {
        var touch = new TouchHandler();
        for (int i = 0; i < decodes; i++)
        {
            Session.Decode(Packet.Bytes, Exporter.ReceivedUtc, ref touch);
            Packet.AdvanceSequence();
        }
        long records = touch.Records, errors = touch.Errors;
        if (records != (long)Packet.Records * decodes)
            throw new InvalidOperationException($"{Name}: {records} records from {decodes} decodes, expected {Packet.Records * decodes}");
        if (Packet.Errors == 0 ? errors != 0 || Session.Counters.TotalErrors != 0 : errors < (long)Packet.Errors * decodes)
            throw new InvalidOperationException($"{Name}: {errors} errors from {decodes} decodes, expected {Packet.Errors * decodes}");
        if (Packet.Errors == 0)
            CheckClean();
        foreach (var template in Session.Templates.All)
        {
            if (!KeyFields.Of(template).IsComplete)
                throw new InvalidOperationException($"{Name}: template {template.Id} lacks a key field the touch handler reads");
        }
    }

    /// <summary>For valid packets: still no errors, and every packet in sequence (no duplicate path measured).</summary>
    public void CheckClean()
    {
        long errors = Session.Counters.TotalErrors;
        var sequence = Session.Sequences.Totals;
        if (errors != 0 || sequence.Gaps != 0 || sequence.Duplicates != 0 || sequence.Resets != 0 || Session.PendingSets != 0)
        {
            throw new InvalidOperationException(
                $"{Name}: errors {errors}, sequence gaps {sequence.Gaps}, duplicates {sequence.Duplicates}, resets {sequence.Resets}, pending {Session.PendingSets}");
        }
    }
}
