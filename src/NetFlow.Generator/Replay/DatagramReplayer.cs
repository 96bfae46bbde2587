using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using NetFlow.Capture;
using NetFlow.Generator.Sending;

namespace NetFlow.Generator.Replay;

/// <summary>
/// `netflow replay`: resends the UDP payloads of captures (pcap, pcapng) and raw datagram files,
/// byte for byte and in order, from one socket to one target. Files are read as they are sent
/// (through <see cref="CaptureReader"/>), so a capture of any size replays in constant memory; each
/// loop reads them again. From captures only NetFlow/IPFIX payloads are sent (version 1, 5, 7, 9 or
/// 10 in the first two bytes), so DNS or other UDP in the capture stays behind; a raw datagram file
/// is always sent, whatever it holds, since it was named on purpose.
/// </summary>
public sealed class DatagramReplayer : IDisposable
{
    /// <summary>Datagrams due within this window of the first in a batch go out together.</summary>
    private static readonly long BatchWindowTicks = Stopwatch.Frequency / 1000;

    private readonly ReplayOptions _options;
    private readonly DatagramSender _sender;
    private readonly DatagramBatch _batch = new(LoadGenerator.MaxBatch, CaptureReader.MaxRawDatagramLength);

    public DatagramReplayer(IPEndPoint target, ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        Target = target;
        _options = options;
        _sender = DatagramSender.Create(ExporterSockets.Open(target, null), LoadGenerator.MaxBatch);
    }

    public IPEndPoint Target { get; }

    public IPEndPoint SourceEndpoint => (IPEndPoint)_sender.Socket.LocalEndPoint!;

    /// <summary>Datagrams in the captures that were not NetFlow/IPFIX and were left out.</summary>
    public long SkippedDatagrams { get; private set; }

    /// <summary>What the capture reader saw in the files (frames that were not UDP ...), over every loop.</summary>
    public CaptureReadStats CaptureStats { get; } = new();

    /// <summary>Sends every file, <see cref="ReplayOptions.Loops"/> times; IO and capture format errors propagate.</summary>
    public SendReport Run(IReadOnlyList<string> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var totals = new SendTotals();
        // The clock starts at the first datagram read, not before opening the files: the first
        // datagram goes at once and the gaps after it are kept, however long opening took.
        long start = 0;
        double ticksPerPacket = _options.Timing == ReplayTiming.Pps ? Stopwatch.Frequency / _options.PacketsPerSecond : 0;
        long sent = 0;          // datagrams scheduled so far, over all loops
        long loopStart = 0;     // where the current loop's original timeline begins
        long lastDue = 0;
        long batchDue = 0;

        for (int loop = 0; loop < _options.Loops && !cancellationToken.IsCancellationRequested; loop++)
        {
            DateTime? firstTimestamp = null;
            foreach (var file in files)
            {
                foreach (var datagram in CaptureReader.Read(file, CaptureStats))
                {
                    if (cancellationToken.IsCancellationRequested)
                        break;
                    if (sent == 0)
                        start = loopStart = lastDue = Stopwatch.GetTimestamp();
                    bool raw = IsRawFile(datagram);
                    if (!raw && !LooksLikeExport(datagram.Payload.Span))
                    {
                        SkippedDatagrams++;
                        continue;
                    }
                    long due = _options.Timing switch
                    {
                        ReplayTiming.Pps => start + (long)(sent * ticksPerPacket),
                        ReplayTiming.Original => OriginalDue(datagram, raw, loopStart, lastDue, ref firstTimestamp),
                        _ => start,
                    };
                    lastDue = due;
                    sent++;
                    if (_batch.Count > 0 && (_batch.IsFull || due - batchDue > BatchWindowTicks))
                        Flush(batchDue, totals, cancellationToken);
                    if (_batch.Count == 0)
                        batchDue = due;
                    datagram.Payload.Span.CopyTo(_batch.NextSlot);
                    _batch.Commit(datagram.Payload.Length, 0);
                }
            }
            // The next loop's timeline starts where this one ended.
            loopStart = lastDue;
        }
        if (_batch.Count > 0)
            Flush(batchDue, totals, cancellationToken);
        if (_options.Timing == ReplayTiming.Pps && !cancellationToken.IsCancellationRequested)
            RatePacer.WaitUntil(start + (long)(sent * ticksPerPacket), cancellationToken, precise: true);

        return new SendReport
        {
            Command = "replay",
            Target = Target.ToString(),
            Rate = _options.Timing switch
            {
                ReplayTiming.Pps => SendRate.PacketsPerSecond(_options.PacketsPerSecond).ToString(),
                ReplayTiming.Original => "original timing",
                _ => "as fast as possible",
            },
            Packets = totals.Packets,
            Records = null,
            Bytes = totals.Bytes,
            Seconds = sent == 0 ? 0 : Stopwatch.GetElapsedTime(start).TotalSeconds,
            SendErrors = totals.Errors,
            SendErrorsByReason = totals.ErrorsByReason,
        };
    }

    private void Flush(long due, SendTotals totals, CancellationToken cancellationToken)
    {
        RatePacer.WaitUntil(due, cancellationToken);
        _sender.Send(_batch, totals);
        _batch.Clear();
    }

    /// <summary>
    /// The capture's own gaps, from the first datagram of the loop; never earlier than the datagram
    /// before (files given out of time order are sent in the order given).
    /// </summary>
    private static long OriginalDue(CapturedDatagram datagram, bool raw, long loopStart, long lastDue, ref DateTime? firstTimestamp)
    {
        if (raw)
            return lastDue;
        firstTimestamp ??= datagram.TimestampUtc;
        double seconds = (datagram.TimestampUtc - firstTimestamp.Value).TotalSeconds;
        return Math.Max(lastDue, loopStart + (long)(seconds * Stopwatch.Frequency));
    }

    /// <summary>
    /// A raw datagram file has no headers, so the reader gives it the unspecified endpoint 0.0.0.0:0
    /// as its destination, which no captured packet has; its timestamp is only the file's mtime.
    /// </summary>
    private static bool IsRawFile(CapturedDatagram datagram) =>
        datagram.Destination.Port == 0 && datagram.Destination.Address.Equals(IPAddress.Any);

    private static bool LooksLikeExport(ReadOnlySpan<byte> payload) =>
        payload.Length >= 4 && BinaryPrimitives.ReadUInt16BigEndian(payload) is 1 or 5 or 7 or 9 or 10;

    public void Dispose() => _sender.Dispose();
}
