using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace NetFlow.Collector.Ingest;

/// <summary>
/// The Linux receiver: a thread per socket that blocks in recvmmsg and hands each batch to the
/// workers. The counters move once per batch and the clock is read once per batch; the datagrams
/// of one batch left the kernel queue within microseconds of each other.
/// </summary>
internal sealed partial class UdpListener
{
    /// <summary>How long a receive thread waits for a datagram before it looks at the stop flag again (SO_RCVTIMEO).</summary>
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly List<RecvmmsgBatch> _batches = [];
    private volatile bool _stopping;
    private int _truncationLogged;

    private void StartReceiveThread(Socket socket)
    {
        socket.ReceiveTimeout = (int)StopCheckInterval.TotalMilliseconds;
        var batch = new RecvmmsgBatch(socket, RecvmmsgBatch.DefaultCapacity, _slotBytes);
        if (_gro)
            UsesGro = batch.EnableGro();
        _batches.Add(batch);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => RunReceiveThread(batch, finished))
        {
            IsBackground = true,
            // Linux keeps 15 characters of a thread name: enough for the port, which is what top and perf should show.
            Name = $"udp-recv :{LocalEndPoint!.Port}",
        };
        thread.Start();
        _loops.Add(finished.Task);
    }

    private void RunReceiveThread(RecvmmsgBatch batch, TaskCompletionSource finished)
    {
        try
        {
            ReceiveBatches(batch);
        }
        catch (Exception e)
        {
            // A bug, not a socket error (those are values): say so loudly, and let shutdown still drain.
            _log.LogError(e, "the receive thread of {Listen} failed; this socket is no longer read", _address);
        }
        finally
        {
            finished.SetResult();
        }
    }

    private void ReceiveBatches(RecvmmsgBatch batch)
    {
        long previous = Stopwatch.GetTimestamp();
        while (!_stopping)
        {
            int count = batch.Receive(wait: true, out int errno);
            long now = Stopwatch.GetTimestamp();
            if (count > 0)
            {
                long bytes = Deliver(batch, count);
                // Not a full batch: the socket was drained. Let datagrams gather rather than wake
                // (and wake the worker) for a few at a time (see GatherTime).
                if (count < batch.Capacity)
                    Thread.Sleep(GatherTime.For(DataReceiveBuffer, bytes, count, Stopwatch.GetElapsedTime(previous, now)));
            }
            else if (count < 0 && errno is not (RecvmmsgBatch.EAgain or RecvmmsgBatch.EIntr))
            {
                // EAGAIN is the receive timeout: nothing came, look at the stop flag.
                if (RecvmmsgBatch.IsFatal(errno))
                {
                    _log.LogError("{Listen}: recvmmsg failed for good ({Error}); this socket is no longer read", _address, RecvmmsgBatch.Describe(errno));
                    return;
                }
                // e.g. ICMP port unreachable reported on the socket: not fatal for a listener.
                Interlocked.Increment(ref ReceiveErrors);
                _log.LogDebug("udp receive error on {Listen}: {Error}", _address, RecvmmsgBatch.Describe(errno));
            }
            previous = now;
        }
    }

    /// <summary>Hands the batch's datagrams to their workers; returns the bytes received.</summary>
    private long Deliver(RecvmmsgBatch batch, int count)
    {
        long bytes = CountReceived(batch, count);
        var now = DateTime.UtcNow;
        int denied = 0, truncated = 0;
        for (int i = 0; i < count; i++)
        {
            if (!Admits(batch, i, ref denied, ref truncated, out var exporter))
                continue;
            var worker = _router.WorkerFor(exporter);
            var segments = batch.SegmentsOf(i);
            if (segments.Count > 1 && batch.CanExchange && batch.TryExchange(i) is { } slot)
            {
                // A coalesced receive goes over whole, in its slot: one item, no copy.
                var receive = new Datagram(slot, segments.Total, exporter, now, segments.Size);
                if (!worker.TryEnqueue(receive))
                    DatagramBuffers.Return(slot); // the worker counted the drops
                continue;
            }
            for (int s = 0; s < segments.Count; s++)
            {
                var datagram = Take(batch, i, segments, s, exporter, now);
                if (!worker.TryEnqueue(datagram))
                    DatagramBuffers.Return(datagram.Buffer); // the worker counted the drop
            }
        }
        CountRefused(denied, truncated);
        return bytes;
    }

    /// <summary>At shutdown: reads what the kernel still holds, without waiting for more, and queues it waiting for room.</summary>
    private async Task DrainAsync(RecvmmsgBatch batch)
    {
        while (true)
        {
            int count = batch.Receive(wait: false, out int errno);
            if (count == 0 || (count < 0 && (errno == RecvmmsgBatch.EAgain || RecvmmsgBatch.IsFatal(errno))))
                return; // the kernel queue is empty
            if (count < 0)
            {
                if (errno != RecvmmsgBatch.EIntr)
                    Interlocked.Increment(ref ReceiveErrors);
                continue;
            }
            Interlocked.Add(ref Drained, count);
            CountReceived(batch, count);
            var now = DateTime.UtcNow;
            int denied = 0, truncated = 0;
            for (int i = 0; i < count; i++)
            {
                if (!Admits(batch, i, ref denied, ref truncated, out var exporter))
                    continue;
                var segments = batch.SegmentsOf(i);
                for (int s = 0; s < segments.Count; s++)
                    await _router.WorkerFor(exporter).EnqueueWaitingAsync(Take(batch, i, segments, s, exporter, now)).ConfigureAwait(false);
            }
            CountRefused(denied, truncated);
        }
    }

    /// <summary>Counted before any datagram of the batch reaches a worker, so an observer never sees more decoded than received. Returns the bytes.</summary>
    private long CountReceived(RecvmmsgBatch batch, int count)
    {
        long bytes = 0, datagrams = 0, coalesced = 0;
        for (int i = 0; i < count; i++)
        {
            var segments = batch.SegmentsOf(i);
            bytes += segments.Total;
            datagrams += segments.Count;
            if (segments.Count > 1)
                coalesced++;
        }
        Interlocked.Add(ref Datagrams, datagrams);
        Interlocked.Add(ref Bytes, bytes);
        if (coalesced > 0)
            Interlocked.Add(ref CoalescedReceives, coalesced);
        return bytes;
    }

    private void CountRefused(int denied, int truncated)
    {
        if (denied > 0)
            Interlocked.Add(ref Denied, denied);
        if (truncated > 0)
            Interlocked.Add(ref Truncated, truncated);
    }

    /// <summary>Whether receive <paramref name="index"/> is taken: its exporter allowed, and whole.</summary>
    private bool Admits(RecvmmsgBatch batch, int index, ref int denied, ref int truncated, out ExporterKey exporter)
    {
        exporter = batch.ExporterOf(index);
        if (!_router.AllowList.Allows(exporter))
        {
            denied += batch.SegmentsOf(index).Count;
            return false;
        }
        if (batch.IsTruncated(index))
        {
            // Decoding the part that fitted would turn one lost datagram into wrong records. Each
            // datagram of it counts, as in Datagrams (the kernel never coalesces more than a
            // default slot holds, so that takes a slot smaller than the default).
            truncated += batch.SegmentsOf(index).Count;
            LogTruncation(exporter, batch.LengthOf(index), batch.SlotBytes);
            return false;
        }
        return true;
    }

    /// <summary>Copies one datagram of receive <paramref name="index"/> into a pooled buffer for a worker.</summary>
    private static Datagram Take(RecvmmsgBatch batch, int index, Segments segments, int segment, ExporterKey exporter, DateTime now)
    {
        int length = segments.LengthOf(segment);
        var copy = DatagramBuffers.Rent(Math.Max(1, length));
        batch.CopyTo(index, segments.OffsetOf(segment), length, copy);
        return new Datagram(copy, length, exporter, now);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LogTruncation(ExporterKey exporter, int length, int slotBytes)
    {
        if (Interlocked.Exchange(ref _truncationLogged, 1) == 0)
        {
            _log.LogWarning("{Listen}: a {Length} byte datagram from {Exporter} was longer than the {Slot} byte receive slot and was dropped; further ones are only counted",
                _address, length, exporter, slotBytes);
        }
    }
}
