using NetFlow.Collector.Sinks;
using NetFlow.Protocol;

namespace NetFlow.Collector;

/// <summary>Everything `netflow collect` can be told, from a file, the environment or flags.</summary>
public sealed record CollectorOptions
{
    /// <summary>udp://ADDR:PORT or tcp://ADDR:PORT; [::] listens on IPv6 and IPv4. Empty: <see cref="CollectorDefaults.Listen"/>.</summary>
    public IReadOnlyList<string> Listen { get; init; } = [];
    /// <summary>Sockets per UDP port (SO_REUSEPORT), each with its own receive loop. 0: one per core.</summary>
    public int SocketsPerPort { get; init; }
    /// <summary>Kernel receive buffer asked for per UDP socket; the kernel caps it at net.core.rmem_max.</summary>
    public int ReceiveBufferBytes { get; init; } = 32 * 1024 * 1024;
    /// <summary>
    /// Let the kernel hand a run of same-size datagrams from one exporter over as one receive
    /// (UDP_GRO, Linux 5.0+), split again before decoding: less kernel work per datagram under load.
    /// </summary>
    public bool UdpGro { get; init; } = true;
    /// <summary>Decode workers (exporters are spread over them). 0: one per core.</summary>
    public int DecodeWorkers { get; init; }
    /// <summary>Datagrams waiting per decode worker; beyond that they are dropped and counted.</summary>
    public int DecodeQueueCapacity { get; init; } = 131_072;
    /// <summary>Bytes of datagrams waiting per decode worker; beyond that they are dropped and counted.</summary>
    public long DecodeQueueBytes { get; init; } = 128L * 1024 * 1024;
    /// <summary>Records per batch handed to the sinks (a batch also goes out whenever the queue runs dry).</summary>
    public int BatchRecords { get; init; } = 8192;
    /// <summary>UDP templates not refreshed for this long are forgotten (RFC 7011 §8.4, RFC 3954 §9).</summary>
    public TimeSpan TemplateTimeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>
    /// Exporters (UDP source addresses) with state at once; past it the least recently heard eighth
    /// is forgotten, so a flood from spoofed addresses cannot grow memory without end.
    /// </summary>
    public int MaxExporters { get; init; } = 10_000;
    /// <summary>An exporter not heard for this long is forgotten (never less than the template timeout).</summary>
    public TimeSpan ExporterIdleTimeout { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Exporter networks accepted (CIDR); empty: all.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];
    /// <summary>Templates are saved here on shutdown and every <see cref="StateInterval"/>, and read at start.</summary>
    public string? StateFile { get; init; }
    public TimeSpan StateInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// The flow store directory, the default sink (used when no other output is named:
    /// <see cref="CollectorDefaults.StoreDirectory"/>): Parquet files partitioned by date and hour.
    /// </summary>
    public string? Store { get; init; }
    /// <summary>How long one store file covers (90s, 1m, 5m ...): files appear, and a crash loses at most, one such interval.</summary>
    public string StoreRotation { get; init; } = "1m";
    /// <summary>snappy (fastest) or zstd (smaller files).</summary>
    public string StoreCompression { get; init; } = "snappy";
    /// <summary>Remove store files older than this (30d, 12h ...); null keeps them.</summary>
    public string? StoreRetentionAge { get; init; }
    /// <summary>Remove the oldest store files past this total size (500G, 2T, 100GiB ...); null for no limit.</summary>
    public string? StoreRetentionSize { get; init; }
    /// <summary>Queue and flush behaviour of the store sink (flushes check the rotation).</summary>
    public SinkOptions StoreSink { get; init; } = SinkOptions.Default;
    /// <summary>JSON lines output: a path, or "-" for stdout; null for none.</summary>
    public string? Json { get; init; }
    public SinkOptions JsonSink { get; init; } = SinkOptions.Default;
    /// <summary>ADDR:PORT of the HTTP endpoint serving /metrics and /health; null for none.</summary>
    public string? Metrics { get; init; }
    public DecoderOptions Decoder { get; init; } = DecoderOptions.Default;
    /// <summary>"CIDR=N": the sampling rate of exporters in that network, used when their export does not say.</summary>
    public IReadOnlyList<string> Sampling { get; init; } = [];
    /// <summary>Multiply octet and packet counters by the sampling rate in the output.</summary>
    public bool Renormalize { get; init; }

    /// <summary>Template fields held over all exporters together (a field costs about 40 to 80 bytes with its template: 20 to 40 MB).</summary>
    public long MaxTemplateFieldsTotal { get; init; } = 500_000;
    /// <summary>Bytes of data waiting for templates over all exporters together.</summary>
    public long MaxPendingBytesTotal { get; init; } = 64L * 1024 * 1024;

    private DecoderOptions? _effectiveDecoder;

    /// <summary>The decoder limits with the collector-wide budgets, shared by every session of this collector.</summary>
    public DecoderOptions EffectiveDecoder => _effectiveDecoder ??= Decoder with
    {
        TemplateFieldBudget = Decoder.TemplateFieldBudget ?? new SharedBudget(MaxTemplateFieldsTotal),
        PendingByteBudget = Decoder.PendingByteBudget ?? new SharedBudget(MaxPendingBytesTotal),
    };

    public int EffectiveWorkers => DecodeWorkers > 0 ? DecodeWorkers : Environment.ProcessorCount;
    public int EffectiveSocketsPerPort => SocketsPerPort > 0 ? SocketsPerPort : Environment.ProcessorCount;
}
