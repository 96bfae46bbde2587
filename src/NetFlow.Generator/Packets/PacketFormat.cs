namespace NetFlow.Generator.Packets;

/// <summary>
/// One protocol's packets. Packets are encoded once (<see cref="WriteData"/>, <see cref="WriteTemplate"/>),
/// then only their sequence number and time fields are rewritten before each send
/// (<see cref="StampData"/>, <see cref="StampTemplate"/>): that is what lets one core send a
/// quarter of a million packets a second.
/// </summary>
internal abstract class PacketFormat
{
    protected PacketFormat(int recordsPerPacket)
    {
        RecordsPerPacket = recordsPerPacket;
        EndAgo = new uint[recordsPerPacket];
        Duration = new uint[recordsPerPacket];
        for (int i = 0; i < recordsPerPacket; i++)
        {
            EndAgo[i] = RecordTiming.EndAgoMilliseconds(i);
            Duration[i] = RecordTiming.DurationMilliseconds(i);
        }
    }

    public int RecordsPerPacket { get; }

    /// <summary>Per record of a packet: how long before the export it ended (ms); looked up, not computed, on the send path.</summary>
    protected uint[] EndAgo { get; }

    /// <summary>Per record of a packet: how long it lasted (ms).</summary>
    protected uint[] Duration { get; }

    /// <summary>Upper bound of a data packet's length, for sizing buffers.</summary>
    public abstract int MaxDataPacketLength { get; }

    /// <summary>Length of the template packet; 0 for a protocol without templates (v5).</summary>
    public abstract int TemplatePacketLength { get; }

    /// <summary>What a data packet adds to the header sequence number (RFC 3954 §5.1: packets; RFC 7011 §3.1: data records; v5: flows).</summary>
    public abstract uint DataSequenceStep { get; }

    /// <summary>What a template-only packet adds to the sequence number.</summary>
    public abstract uint TemplateSequenceStep { get; }

    /// <summary>Writes a data packet of flows <paramref name="firstFlow"/>, +1, ... (modulo <paramref name="flows"/>); returns its length.</summary>
    public abstract int WriteData(Span<byte> packet, uint domain, int firstFlow, int flows);

    /// <summary>Writes the template packet; returns its length (0 without templates).</summary>
    public abstract int WriteTemplate(Span<byte> packet, uint domain);

    /// <summary>Sets the header's times and sequence number and every record's flow times.</summary>
    public abstract void StampData(Span<byte> packet, in ExportClock clock, uint sequence);

    /// <summary>Sets the template packet header's times and sequence number.</summary>
    public abstract void StampTemplate(Span<byte> packet, in ExportClock clock, uint sequence);

    /// <summary>
    /// A synthetic export for a decoder in this process (the collector's warm-up, the store
    /// benchmarks): the template packet, when the protocol has one, then <paramref name="packets"/>
    /// data packets of flows 0, 1 ... (cycling through <paramref name="flows"/>), packet i stamped
    /// with <paramref name="clockOf"/>(i) and the sequence numbers the protocol counts, each handed to
    /// <paramref name="each"/> as it is made, in one buffer reused.
    /// </summary>
    public void Export(int packets, int flows, Func<int, ExportClock> clockOf, Action<ReadOnlySpan<byte>> each)
    {
        ArgumentNullException.ThrowIfNull(clockOf);
        ArgumentNullException.ThrowIfNull(each);
        var packet = new byte[Math.Max(MaxDataPacketLength, TemplatePacketLength)];
        uint sequence = 0;
        int templateLength = WriteTemplate(packet, 0);
        if (templateLength > 0)
        {
            var template = packet.AsSpan(0, templateLength);
            StampTemplate(template, clockOf(0), sequence);
            each(template);
            sequence += TemplateSequenceStep;
        }
        for (int i = 0; i < packets; i++, sequence += DataSequenceStep)
        {
            int length = WriteData(packet, 0, (int)((long)i * RecordsPerPacket % flows), flows);
            var data = packet.AsSpan(0, length);
            StampData(data, clockOf(i), sequence);
            each(data);
        }
    }

    public static PacketFormat Create(GeneratorOptions options) => options.Protocol switch
    {
        ExportProtocol.NetFlowV5 => new NetFlowV5Format(options.EffectiveRecordsPerPacket),
        ExportProtocol.NetFlowV9 => new NetFlowV9Format(options.EffectiveRecordsPerPacket, TemplateLayout.For(options)),
        ExportProtocol.Ipfix => new IpfixFormat(options.EffectiveRecordsPerPacket, TemplateLayout.For(options)),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Protocol, "not a protocol the generator speaks"),
    };

    /// <summary>The flow after <paramref name="flow"/>, wrapping at <paramref name="flows"/>.</summary>
    protected static int Next(int flow, int flows) => flow + 1 == flows ? 0 : flow + 1;
}
