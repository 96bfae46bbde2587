namespace NetFlow.Benchmarks.Packets;

/// <summary>Cisco NetFlow v5: a 24-byte header and up to 30 fixed 48-byte records.</summary>
internal static class NetFlowV5Packets
{
    public const int Records = 30;
    private const int SequenceOffset = 16;

    public static BenchPacket Full()
    {
        var w = new PacketWriter();
        w.U16(5);
        w.U16(Records);
        w.U32(Exporter.SysUptimeMs);
        w.U32(Exporter.ExportSeconds);
        w.U32(123_000_000); // residual nanoseconds
        w.U32(1_000);       // flow_sequence: flows seen before this packet
        w.U8(0);            // engine type
        w.U8(1);            // engine id
        w.U16(0);           // sampling: none
        foreach (var flow in FlowSample.Generate(Records, Exporter.SysUptimeMs, seed: 5))
            RecordLayouts.Write(w, RecordLayouts.V5, flow, Exporter.SysUptimeMs, Exporter.ExportUnixMs);
        var bytes = w.ToArray();
        if (bytes.Length != 24 + 48 * Records)
            throw new InvalidOperationException($"v5 packet is {bytes.Length} bytes");
        return new BenchPacket(bytes, Records, errors: 0, SequenceOffset, Records);
    }
}
