using NetFlow.Generator.Packets;

namespace NetFlow.Generator;

/// <summary>What `netflow generate` synthesises and how fast; see <see cref="Validate"/> for the limits.</summary>
public sealed record GeneratorOptions
{
    /// <summary>The largest UDP payload over IPv4 (65535 - 20 - 8).</summary>
    public const int MaxDatagramLength = 65_507;

    /// <summary>An Ethernet MTU's worth of UDP payload, which the default records per packet stay within.</summary>
    public const int EthernetDatagramLength = 1472;

    public static GeneratorOptions Default { get; } = new();

    public ExportProtocol Protocol { get; init; } = ExportProtocol.NetFlowV9;

    /// <summary>Null: 30 for v5, else 28 (the reference stream of issue 5) or fewer if 28 would not fit 1472 bytes.</summary>
    public int? RecordsPerPacket { get; init; }

    /// <summary>Distinct exporters: their own source addresses on loopback, else their own source ids / observation domains.</summary>
    public int Exporters { get; init; } = 1;

    /// <summary>Source ids (v9), observation domains (IPFIX) or engine ids (v5) per exporter, each with its own sequence.</summary>
    public int Domains { get; init; } = 1;

    /// <summary>Distinct flow keys each domain cycles through (see <see cref="SyntheticFlow"/>).</summary>
    public int Flows { get; init; } = 1000;

    public TemplateRefresh TemplateRefresh { get; init; } = TemplateRefresh.Default;

    public bool Ipv6 { get; init; }

    /// <summary>IPFIX only: adds interfaceName (1-byte length) and applicationName (3-byte length) to every record.</summary>
    public bool VariableLength { get; init; }

    public SendRate Rate { get; init; } = SendRate.Unlimited;

    /// <summary>
    /// Linux: hand the kernel runs of equal-length datagrams as one message each (UDP_SEGMENT). The
    /// collector receives the same datagrams at about three times the rate per sending core, but a
    /// capture on the sending host shows each run as one oversized packet. Ignored elsewhere.
    /// </summary>
    public bool SegmentationOffload { get; init; }

    /// <summary>Stop after this long; with <see cref="Count"/> too, whichever comes first; neither: until cancelled.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Stop after this many packets (template packets included).</summary>
    public long? Count { get; init; }

    public int EffectiveRecordsPerPacket
    {
        get
        {
            if (RecordsPerPacket is { } n)
                return n;
            if (Protocol == ExportProtocol.NetFlowV5)
                return NetFlowV5Format.MaxRecords;
            int overhead = Protocol == ExportProtocol.NetFlowV9 ? 24 : 20;
            return Math.Clamp((EthernetDatagramLength - overhead) / TemplateLayout.For(this).TypicalRecordLength, 1, 28);
        }
    }

    /// <summary>The problems with these options, each a sentence naming the option; empty when they can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Protocol))
            problems.Add($"--version must be 5, 9 or 10, not {(int)Protocol}");
        if (Exporters is < 1 or > MaxExporters)
            problems.Add($"--exporters must be 1 to {MaxExporters}");
        if (Domains < 1)
            problems.Add("--domains must be 1 or more");
        if ((long)Exporters * Domains > MaxStreams)
            problems.Add($"--exporters times --domains must be at most {MaxStreams}");
        if (Protocol == ExportProtocol.NetFlowV5 && (long)Exporters * Domains >= ushort.MaxValue)
            problems.Add("NetFlow v5 carries the domain in 16 bits (engine type and id): --exporters times --domains must be below 65535");
        if (Flows is < 1 or > SyntheticFlow.MaxFlows)
            problems.Add($"--flows must be 1 to {SyntheticFlow.MaxFlows}");
        if (Protocol == ExportProtocol.NetFlowV5 && Ipv6)
            problems.Add("NetFlow v5 carries IPv4 only: --ipv6 needs --version 9 or 10");
        if (VariableLength && Protocol != ExportProtocol.Ipfix)
            problems.Add("--variable-length needs IPFIX (--version 10)");
        if (RecordsPerPacket is < 1)
            problems.Add("--records-per-packet must be 1 or more");
        else if (Protocol == ExportProtocol.NetFlowV5 && RecordsPerPacket > NetFlowV5Format.MaxRecords)
            problems.Add($"NetFlow v5 packets hold at most {NetFlowV5Format.MaxRecords} records");
        else if (Enum.IsDefined(Protocol) && problems.Count == 0 && PacketFormat.Create(this).MaxDataPacketLength > MaxDatagramLength)
            problems.Add($"--records-per-packet {EffectiveRecordsPerPacket} makes packets longer than a UDP datagram ({MaxDatagramLength} bytes)");
        if (Rate.PerSecond < 0 || double.IsNaN(Rate.PerSecond) || double.IsInfinity(Rate.PerSecond))
            problems.Add("the rate must be 0 (unlimited) or more");
        if (Duration is { } d && d <= TimeSpan.Zero)
            problems.Add("--duration must be above 0");
        if (Count is < 1)
            problems.Add("--count must be 1 or more");
        if (TemplateRefresh.Interval is { } i && i <= TimeSpan.Zero)
            problems.Add("--template-refresh must be above 0");
        if (TemplateRefresh.DataPackets is < 1)
            problems.Add("--template-refresh must be 1 packet or more");
        return problems;
    }

    /// <summary>127.0.0.1 to 127.0.255.254 (loopback source addresses, one per exporter).</summary>
    public const int MaxExporters = 65_534;

    /// <summary>Exporters times domains: each stream keeps its own packets and state.</summary>
    public const int MaxStreams = 100_000;
}
