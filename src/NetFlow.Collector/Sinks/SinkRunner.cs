using System.Threading.Channels;
using NetFlow.Collector.Pipeline;
using Microsoft.Extensions.Logging;

namespace NetFlow.Collector.Sinks;

/// <summary>
/// Drives one sink: its own bounded queue of batches, writes them in order on one task, flushes
/// by record count and by time, and at the end drains the queue, flushes and disposes the sink.
/// Every batch it could not take (overflow with the drop policy, or a failed write) is counted.
/// </summary>
internal sealed class SinkRunner
{
    private readonly IFlowSink _sink;
    private readonly SinkOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Channel<BatchLease> _queue;
    private Task? _run;

    public SinkRunner(IFlowSink sink, SinkOptions options, ILogger log, TimeProvider? time = null)
    {
        _sink = sink;
        _options = options;
        _log = log;
        _time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<BatchLease>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Name => _sink.Name;
    internal IFlowSink Sink => _sink;
    public long BatchesWritten;
    public long RecordsWritten;
    public long BatchesDropped;
    public long RecordsDropped;
    public long WriteErrors;
    public long Flushes;
    public int QueuedBatches => _queue.Reader.Count;
    /// <summary>How long the batch written last waited in the queue: the sink's lag.</summary>
    public TimeSpan LastLag { get; private set; }

    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>Queues a batch; with the block policy waits for room, with drop counts and releases it.</summary>
    public ValueTask EnqueueAsync(BatchLease lease, CancellationToken cancellationToken)
    {
        if (_queue.Writer.TryWrite(lease))
            return ValueTask.CompletedTask;
        if (_options.Overflow == SinkOverflowPolicy.Drop)
        {
            Interlocked.Increment(ref BatchesDropped);
            Interlocked.Add(ref RecordsDropped, lease.Batch.Count);
            lease.Release();
            return ValueTask.CompletedTask;
        }
        return WaitAndWriteAsync(lease, cancellationToken);
    }

    private async ValueTask WaitAndWriteAsync(BatchLease lease, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(lease, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Increment(ref BatchesDropped);
            Interlocked.Add(ref RecordsDropped, lease.Batch.Count);
            lease.Release();
            throw;
        }
    }

    /// <summary>No more batches: drain what is queued, flush, dispose the sink.</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        if (_run is not null)
            await _run.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        long sinceFlush = 0;
        long lastFlush = _time.GetTimestamp();
        using var idle = new QueueWait();
        while (true)
        {
            if (!reader.TryPeek(out _))
            {
                // Idle: flush when the interval is up, even with nothing new, so time-rotated
                // outputs finish their files on time (a flush with nothing to do costs nothing).
                var waited = QueueWaitResult.TimedOut;
                while (waited == QueueWaitResult.TimedOut)
                {
                    var remaining = _options.FlushInterval - _time.GetElapsedTime(lastFlush);
                    if (remaining > TimeSpan.Zero)
                        waited = await idle.WaitAsync(reader, remaining).ConfigureAwait(false);
                    if (waited != QueueWaitResult.TimedOut)
                        break;
                    await FlushAsync().ConfigureAwait(false);
                    sinceFlush = 0;
                    lastFlush = _time.GetTimestamp();
                }
                if (waited == QueueWaitResult.Completed)
                    break;
            }
            while (reader.TryRead(out var lease))
            {
                sinceFlush += await WriteAsync(lease).ConfigureAwait(false);
                if (sinceFlush >= _options.FlushRecords || _time.GetElapsedTime(lastFlush) >= _options.FlushInterval)
                {
                    await FlushAsync().ConfigureAwait(false);
                    sinceFlush = 0;
                    lastFlush = _time.GetTimestamp();
                }
            }
        }
        await FlushAsync().ConfigureAwait(false);
        await _sink.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask<int> WriteAsync(BatchLease lease)
    {
        int count = lease.Batch.Count;
        try
        {
            LastLag = lease.Age;
            await _sink.WriteAsync(lease.Batch, CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref BatchesWritten);
            Interlocked.Add(ref RecordsWritten, count);
            return count;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref WriteErrors);
            Interlocked.Add(ref RecordsDropped, count);
            _log.LogError(e, "sink {Sink} failed to write a batch of {Records} records; they are lost for this sink", Name, count);
            return 0;
        }
        finally
        {
            lease.Release();
        }
    }

    private async ValueTask FlushAsync()
    {
        try
        {
            await _sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref Flushes);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref WriteErrors);
            _log.LogError(e, "sink {Sink} failed to flush", Name);
        }
    }
}
