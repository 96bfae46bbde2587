using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NetFlow.Collector.Ingest;
using NetFlow.Collector.Sinks;
using NetFlow.Collector.State;
using NetFlow.Protocol.Sessions;
using NetFlow.Protocol;
using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Pipeline;

/// <summary>
/// Decodes the datagrams of the exporters routed to it, in arrival order, on one task: so each
/// exporter's templates and data meet in order without a lock. Records go into a batch that is
/// handed to the sinks when it is full or when the queue runs dry (low latency at low rates, big
/// batches at high ones). Also expires UDP templates and snapshots its sessions for the state file.
/// </summary>
internal sealed class DecodeWorker
{
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ErrorLogInterval = TimeSpan.FromSeconds(10);

    private readonly Channel<Datagram> _queue;
    private readonly Dictionary<ExporterKey, ExporterState> _exporters = [];
    private readonly ConcurrentDictionary<ExporterKey, ExporterState> _registry;
    private readonly SinkFanout _sinks;
    private readonly CollectorOptions _options;
    private readonly DecoderOptions _decoderOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly int _maxExporters;
    private FlowRecordBatch _batch;
    private DateTime _nextMaintenance;
    private Task? _run;

    public DecodeWorker(CollectorOptions options, SinkFanout sinks, ConcurrentDictionary<ExporterKey, ExporterState> registry, ILogger log, TimeProvider? time = null)
    {
        _options = options;
        // RFC 7011 §8.4: over UDP, template withdrawals are ignored (and counted).
        _decoderOptions = options.EffectiveDecoder with { ApplyTemplateWithdrawals = false };
        _sinks = sinks;
        _registry = registry;
        _log = log;
        _maxExporters = Math.Max(1, options.MaxExporters / Math.Max(1, options.EffectiveWorkers));
        _time = time ?? TimeProvider.System;
        _batch = sinks.RentBatch();
        _queue = Channel.CreateBounded<Datagram>(new BoundedChannelOptions(Math.Max(1, options.DecodeQueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Datagrams refused because this worker's queue was full (each of a coalesced receive).</summary>
    public long QueueDrops;
    /// <summary>Receives waiting: datagrams, or coalesced runs of them.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>
    /// Bytes of datagrams waiting: the queue is bounded by this as well as by count, so big datagrams
    /// cannot queue gigabytes. (The buffers around them: a small buffer per datagram, or a coalesced
    /// receive's slot, of which DatagramBuffers makes a bounded number.)
    /// </summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);
    private long _queuedBytes;

    public bool TryEnqueue(in Datagram datagram)
    {
        if (Interlocked.Read(ref _queuedBytes) + datagram.Length <= _options.DecodeQueueBytes && _queue.Writer.TryWrite(datagram))
        {
            Interlocked.Add(ref _queuedBytes, datagram.Length);
            return true;
        }
        Interlocked.Add(ref QueueDrops, datagram.Count);
        return false;
    }

    /// <summary>At shutdown: what the kernel still held is queued waiting for room, not dropped.</summary>
    public async ValueTask EnqueueWaitingAsync(Datagram datagram)
    {
        while (Interlocked.Read(ref _queuedBytes) + datagram.Length > _options.DecodeQueueBytes && _queue.Reader.Count > 0)
            await Task.Delay(1).ConfigureAwait(false);
        await _queue.Writer.WriteAsync(datagram).ConfigureAwait(false);
        Interlocked.Add(ref _queuedBytes, datagram.Length);
    }

    /// <summary>Before start only: a session rebuilt from the state file.</summary>
    public ExporterState Adopt(ExporterKey key) => StateFor(key, _time.GetUtcNow().UtcDateTime);

    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>No more datagrams: decode what is queued, hand the last batch on, and finish.</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        if (_run is not null)
            await _run.ConfigureAwait(false);
    }

    /// <summary>The sessions' templates, for the state file; only safe from this worker's task or after it finished.</summary>
    public IEnumerable<ExporterState> Exporters => _exporters.Values;

    /// <summary>The latest snapshot taken on the worker's own task (null until the first).</summary>
    public volatile IReadOnlyList<ExporterSnapshot>? Snapshot;

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        _nextMaintenance = _time.GetUtcNow().UtcDateTime + MaintenanceInterval;
        using var idle = new QueueWait();
        while (true)
        {
            if (!reader.TryPeek(out _))
            {
                // The queue ran dry: what is batched goes on now, not when the next datagram comes.
                await PublishAsync().ConfigureAwait(false);
                if (!await IdleUntilQueuedAsync(reader, idle).ConfigureAwait(false))
                    break;
            }
            while (reader.TryRead(out var datagram))
            {
                Interlocked.Add(ref _queuedBytes, -datagram.Length);
                Decode(datagram);
                if (_batch.Count >= _options.BatchRecords)
                    await PublishAsync().ConfigureAwait(false);
            }
            Maintain(force: false);
        }
        await PublishAsync().ConfigureAwait(false);
        TakeSnapshot();
    }

    /// <summary>Waits for a datagram (true) or the end of the queue (false), maintaining the sessions every <see cref="MaintenanceInterval"/> meanwhile.</summary>
    private async ValueTask<bool> IdleUntilQueuedAsync(ChannelReader<Datagram> reader, QueueWait idle)
    {
        QueueWaitResult result;
        while ((result = await idle.WaitAsync(reader, MaintenanceInterval).ConfigureAwait(false)) == QueueWaitResult.TimedOut)
            Maintain(force: true);
        return result == QueueWaitResult.Ready;
    }

    private void Decode(in Datagram datagram)
    {
        try
        {
            var state = StateFor(datagram.Exporter, datagram.ReceivedUtc);
            state.LastSeenUtc = datagram.ReceivedUtc;
            var handler = new BatchingHandler(_batch, state.ErrorLog);
            for (int i = 0, count = datagram.Count; i < count; i++)
            {
                var payload = datagram.Segment(i);
                state.Session.Decode(payload, datagram.ReceivedUtc, ref handler);
                // Counted once decoded, so an observer that sees the count also sees what it produced.
                state.Bytes += payload.Length;
                Volatile.Write(ref state.Datagrams, state.Datagrams + 1);
            }
        }
        finally
        {
            DatagramBuffers.Return(datagram.Buffer);
        }
    }

    private ExporterState StateFor(ExporterKey key, DateTime now)
    {
        if (!_exporters.TryGetValue(key, out var state))
        {
            if (_exporters.Count >= _maxExporters)
                ForgetLeastRecentlyHeard(Math.Max(1, _exporters.Count / 8));
            var address = key.ToIPAddress();
            state = new ExporterState(key, new ExporterSession(address, _decoderOptions))
            {
                LastSeenUtc = now,
                ErrorLog = new DecodeErrorLog(_log, address.ToString(), ErrorLogInterval),
            };
            _exporters.Add(key, state);
            _registry[key] = state;
        }
        return state;
    }

    /// <summary>Exporters forgotten because they were idle or the worker reached its share of <see cref="CollectorOptions.MaxExporters"/>.</summary>
    public long ExportersForgotten;

    private void ForgetLeastRecentlyHeard(int count)
    {
        foreach (var state in _exporters.Values.OrderBy(s => s.LastSeenUtc).Take(count).ToList())
            Forget(state);
    }

    private void Forget(ExporterState state)
    {
        _exporters.Remove(state.Key);
        _registry.TryRemove(state.Key, out _);
        state.Session.Release();
        ExportersForgotten++;
    }

    private async ValueTask PublishAsync()
    {
        if (_batch.Count == 0)
            return;
        var full = _batch;
        _batch = _sinks.RentBatch();
        await _sinks.PublishAsync(full, CancellationToken.None).ConfigureAwait(false);
    }

    private void Maintain(bool force)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (!force && now < _nextMaintenance)
            return;
        _nextMaintenance = now + MaintenanceInterval;
        // Expiry is by receive time: a template not refreshed within the timeout is gone (RFC 7011 §8.4).
        var cutoff = now - _options.TemplateTimeout;
        var idle = now - (_options.ExporterIdleTimeout > _options.TemplateTimeout ? _options.ExporterIdleTimeout : _options.TemplateTimeout);
        List<ExporterState>? forget = null;
        foreach (var state in _exporters.Values)
        {
            state.TemplatesExpired += state.Session.Templates.ExpireOlderThan(cutoff);
            if (state.LastSeenUtc < idle)
                (forget ??= []).Add(state);
        }
        foreach (var state in forget ?? [])
            Forget(state);
        if (_options.StateFile is not null)
            TakeSnapshot();
    }

    private void TakeSnapshot() =>
        Snapshot = _exporters.Values
            .Select(s => ExporterSnapshot.Of(s.Session.Exporter, s.Session))
            .Where(s => !s.IsEmpty)
            .ToList();

}
