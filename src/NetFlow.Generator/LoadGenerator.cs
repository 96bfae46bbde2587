using System.Diagnostics;
using System.Net;
using NetFlow.Generator.Packets;
using NetFlow.Generator.Sending;

namespace NetFlow.Generator;

/// <summary>
/// `netflow generate`: synthesises NetFlow v5, v9 or IPFIX from several exporters and domains and
/// sends it to one target at a rate, for a duration or a count. Each batch goes to one exporter
/// (one socket, one sendmmsg call), its packets taken round-robin from the exporter's domains; the
/// clock is read once per batch, for the pacing and for the packets' time stamps.
/// </summary>
public sealed class LoadGenerator : IDisposable
{
    /// <summary>Datagrams per sendmmsg call when unpaced: beyond this the call's cost is already spread thin.</summary>
    public const int MaxBatch = 64;

    /// <summary>Pre-encoded packets kept over all streams; past it a stream encodes each packet as it sends it.</summary>
    private const long RingBudgetBytes = 64L << 20;

    private readonly GeneratorOptions _options;
    private readonly PacketFormat _format;
    private readonly Exporter[] _exporters;
    private readonly List<DatagramSender> _senders = [];
    private readonly DatagramBatch _batch;

    public LoadGenerator(IPEndPoint target, GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        Target = target;
        _options = options;
        _format = PacketFormat.Create(options);
        _batch = new DatagramBatch(MaxBatch, Math.Max(_format.MaxDataPacketLength, _format.TemplatePacketLength));

        bool ownAddresses = options.Exporters > 1 && ExporterSockets.HasLoopbackSources(target);
        long ringBudget = RingBudgetBytes / ((long)options.Exporters * options.Domains);
        _exporters = new Exporter[options.Exporters];
        try
        {
            DatagramSender? shared = null;
            for (int e = 0; e < options.Exporters; e++)
            {
                DatagramSender sender;
                if (ownAddresses || shared is null)
                {
                    var socket = ExporterSockets.Open(target, ownAddresses ? ExporterSockets.LoopbackSource(e) : null);
                    sender = DatagramSender.Create(socket, MaxBatch, options.SegmentationOffload);
                    _senders.Add(sender);
                    shared = sender;
                }
                else
                {
                    sender = shared;
                }
                var streams = new ExportStream[options.Domains];
                for (int d = 0; d < options.Domains; d++)
                {
                    // Observation domain 0 is reserved in IPFIX (RFC 7011 §3.1), so ids start at 1.
                    uint domain = (uint)(1 + (ownAddresses ? d : (long)e * options.Domains + d));
                    streams[d] = new ExportStream(_format, domain, options.Flows, options.TemplateRefresh, MaxBatch, ringBudget);
                }
                _exporters[e] = new Exporter(sender, streams);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IPEndPoint Target { get; }

    /// <summary>Where each exporter sends from (several exporters share one endpoint when they differ by domain only).</summary>
    public IReadOnlyList<IPEndPoint> SourceEndpoints => [.. _exporters.Select(e => (IPEndPoint)e.Sender.Socket.LocalEndPoint!)];

    /// <summary>The domain ids of each exporter, in the order its packets go out.</summary>
    public IReadOnlyList<IReadOnlyList<uint>> Domains => [.. _exporters.Select(e => (IReadOnlyList<uint>)[.. e.Streams.Select(s => s.Domain)])];

    public int RecordsPerPacket => _format.RecordsPerPacket;

    /// <summary>True while every sender still uses UDP segmentation offload (the kernel has not refused it).</summary>
    internal bool SegmentationActive => _senders.Count > 0 && _senders.All(s => s is SendmmsgSender { Segmentation: true });

    /// <summary>Sends until the duration or count is reached, or <paramref name="cancellationToken"/> fires; then says what went out.</summary>
    public SendReport Run(CancellationToken cancellationToken = default)
    {
        var totals = new SendTotals();
        var rate = _options.Rate;
        long start = Stopwatch.GetTimestamp();
        var boot = DateTime.UtcNow - ExportClock.UptimeAtStart;
        long end = _options.Duration is { } duration ? start + (long)(duration.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        long count = _options.Count ?? long.MaxValue;
        var pacer = rate.IsUnlimited ? null : new RatePacer(rate.PerSecond, start);
        int batchSize = BatchSize();
        long units = 0;
        int exporter = 0;

        while (!cancellationToken.IsCancellationRequested && totals.Attempted < count)
        {
            if (pacer is not null)
            {
                long due = pacer.DueTicks(units);
                if (due >= end)
                    break;
                RatePacer.WaitUntil(due, cancellationToken);
            }
            long now = Stopwatch.GetTimestamp();
            if (now >= end)
                break;

            var clock = new ExportClock(DateTime.UtcNow, boot);
            var current = _exporters[exporter];
            exporter = exporter + 1 == _exporters.Length ? 0 : exporter + 1;
            int size = (int)Math.Min(batchSize, count - totals.Attempted);
            _batch.Clear();
            while (_batch.Count < size)
                current.NextStream().AppendNext(_batch, clock, now);
            current.Sender.Send(_batch, totals);
            units += rate.Unit == RateUnit.Packets ? _batch.Count : _batch.Records;
        }

        // On a paced run the last batch's time slot runs to the next due time: the rate is measured over whole slots.
        if (pacer is not null && !cancellationToken.IsCancellationRequested)
            RatePacer.WaitUntil(Math.Min(pacer.DueTicks(units), end), cancellationToken, precise: true);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new SendReport
        {
            Command = "generate",
            Target = Target.ToString(),
            Rate = rate.ToString(),
            Packets = totals.Packets,
            Records = totals.Records,
            TemplatePackets = totals.TemplatePackets,
            Bytes = totals.Bytes,
            Seconds = seconds,
            SendErrors = totals.Errors,
            SendErrorsByReason = totals.ErrorsByReason,
        };
    }

    /// <summary>Unpaced: as many as one call takes. Paced: about a millisecond's worth, so a batch is not a burst.</summary>
    private int BatchSize()
    {
        var rate = _options.Rate;
        if (rate.IsUnlimited)
            return MaxBatch;
        double packetsPerSecond = rate.Unit == RateUnit.Packets ? rate.PerSecond : rate.PerSecond / _format.RecordsPerPacket;
        return (int)Math.Clamp(Math.Round(packetsPerSecond / 1000), 1, MaxBatch);
    }

    public void Dispose()
    {
        foreach (var sender in _senders)
            sender.Dispose();
        _senders.Clear();
    }

    private sealed class Exporter(DatagramSender sender, ExportStream[] streams)
    {
        private int _next;

        public DatagramSender Sender { get; } = sender;
        public ExportStream[] Streams { get; } = streams;

        public ExportStream NextStream()
        {
            var stream = Streams[_next];
            _next = _next + 1 == Streams.Length ? 0 : _next + 1;
            return stream;
        }
    }
}
