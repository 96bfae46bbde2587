namespace NetFlow.Benchmarks.Packets;

/// <summary>RFC 7011 IPFIX messages: a 16-byte header, then template and data sets.</summary>
internal static class IpfixPackets
{
    /// <summary>26 records of 53 bytes: a 1398-byte message.</summary>
    public const int FixedRecords = 26;
    /// <summary>16 records of 53 bytes plus two strings each: about 1300 bytes.</summary>
    public const int VariableRecords = 16;
    private const int SequenceOffset = 8;

    public static byte[] TemplateOnly(LayoutField[] layout)
    {
        var w = new PacketWriter();
        WriteHeader(w, sequence: 0);
        w.U16(2); // set id 2: templates
        w.U16((ushort)(8 + 4 * layout.Length));
        w.U16(Exporter.TemplateId);
        w.U16((ushort)layout.Length);
        foreach (var field in layout)
        {
            w.U16(field.Id);
            w.U16(field.Length);
        }
        w.PatchU16(2, (ushort)w.Position);
        return w.ToArray();
    }

    /// <summary>
    /// One data set. The sequence number counts data records (RFC 7011 §3.1), so it starts at 0
    /// after the template message and steps by the records in each message.
    /// </summary>
    public static BenchPacket Data(LayoutField[] layout, int records)
    {
        var w = new PacketWriter();
        WriteHeader(w, sequence: 0);
        int start = w.Position;
        w.U16(Exporter.TemplateId);
        w.U16(0);
        foreach (var flow in FlowSample.Generate(records, Exporter.SysUptimeMs, seed: 10))
            RecordLayouts.Write(w, layout, flow, Exporter.SysUptimeMs, Exporter.ExportUnixMs);
        w.PatchU16(start + 2, (ushort)(w.Position - start));
        w.PatchU16(2, (ushort)w.Position);
        var bytes = w.ToArray();
        if (bytes.Length > 1472) // one Ethernet frame's UDP payload
            throw new InvalidOperationException($"IPFIX message of {bytes.Length} bytes would not fit one frame");
        return new BenchPacket(bytes, records, errors: 0, SequenceOffset, (uint)records);
    }

    private static void WriteHeader(PacketWriter w, uint sequence)
    {
        w.U16(10);
        w.U16(0); // message length, patched by the caller
        w.U32(Exporter.ExportSeconds);
        w.U32(sequence);
        w.U32(Exporter.SourceId);
    }
}
