namespace NetFlow.Benchmarks.Packets;

/// <summary>RFC 3954 NetFlow v9 export packets: a 20-byte header, then template and data flowsets.</summary>
internal static class NetFlowV9Packets
{
    /// <summary>28 records of 45 bytes: 1284 bytes of data packet, 1364 with the template flowset in front.</summary>
    public const int Records = 28;
    /// <summary>Where the header's package sequence number is.</summary>
    public const int SequenceOffset = 12;

    /// <summary>Only the template flowset, sent once before the data (package sequence 0).</summary>
    public static byte[] TemplateOnly()
    {
        var w = new PacketWriter();
        WriteHeader(w, count: 1, sequence: 0);
        WriteTemplateFlowSet(w);
        return w.ToArray();
    }

    /// <summary>One data flowset of <see cref="Records"/> records (package sequence 1 onwards).</summary>
    public static BenchPacket Data() => Data(seed: 9);

    /// <summary>The same packet with other flows: <paramref name="seed"/> picks them (the store benchmarks need many distinct packets).</summary>
    public static BenchPacket Data(int seed) => new(Build(withTemplate: false, seed), Records, errors: 0, SequenceOffset, 1);

    /// <summary>The template flowset again in every packet, in front of the data (what many routers do).</summary>
    public static BenchPacket TemplateAndData() => new(Build(withTemplate: true), Records, errors: 0, SequenceOffset, 1);

    private static byte[] Build(bool withTemplate, int seed = 9)
    {
        var w = new PacketWriter();
        WriteHeader(w, count: (ushort)(Records + (withTemplate ? 1 : 0)), sequence: 1);
        if (withTemplate)
            WriteTemplateFlowSet(w);
        int start = w.Position;
        w.U16(Exporter.TemplateId);
        w.U16(0); // length, patched below
        foreach (var flow in FlowSample.Generate(Records, Exporter.SysUptimeMs, seed))
            RecordLayouts.Write(w, RecordLayouts.V9Ipv4, flow, Exporter.SysUptimeMs, Exporter.ExportUnixMs);
        w.PadTo4(start);
        w.PatchU16(start + 2, (ushort)(w.Position - start));
        return w.ToArray();
    }

    private static void WriteHeader(PacketWriter w, ushort count, uint sequence)
    {
        w.U16(9);
        w.U16(count);
        w.U32(Exporter.SysUptimeMs);
        w.U32(Exporter.ExportSeconds);
        w.U32(sequence);
        w.U32(Exporter.SourceId);
    }

    private static void WriteTemplateFlowSet(PacketWriter w)
    {
        var layout = RecordLayouts.V9Ipv4;
        w.U16(0); // flowset id 0: templates
        w.U16((ushort)(8 + 4 * layout.Length));
        w.U16(Exporter.TemplateId);
        w.U16((ushort)layout.Length);
        foreach (var field in layout)
        {
            w.U16(field.Id);
            w.U16(field.Length);
        }
    }
}
