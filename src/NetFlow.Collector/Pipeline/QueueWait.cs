using System.Threading.Channels;

namespace NetFlow.Collector.Pipeline;

/// <summary>How a <see cref="QueueWait.WaitAsync"/> ended.</summary>
internal enum QueueWaitResult
{
    /// <summary>An item is waiting.</summary>
    Ready,
    /// <summary>The queue is completed and empty: no item will come.</summary>
    Completed,
    /// <summary>The time was up first.</summary>
    TimedOut,
}

/// <summary>
/// A wait for a channel's next item that gives up after a while, for a loop that has something to
/// do when idle (maintenance, a flush). One cancellation source and its timer serve every wait of
/// its owner, re-armed each time: a Task.Delay raced against each wait left a timer behind every
/// time the queue ran dry, up to 850 alive at once at 200k packets/s. Not thread-safe: one loop owns it.
/// </summary>
internal sealed class QueueWait : IDisposable
{
    private CancellationTokenSource _timer = new();

    public async ValueTask<QueueWaitResult> WaitAsync<T>(ChannelReader<T> reader, TimeSpan timeout)
    {
        _timer.CancelAfter(timeout);
        try
        {
            bool more = await reader.WaitToReadAsync(_timer.Token).ConfigureAwait(false);
            // Stops the timer; false when it fired all the same, and a fired source cannot be reused.
            if (!_timer.TryReset())
                Renew();
            return more ? QueueWaitResult.Ready : QueueWaitResult.Completed;
        }
        catch (OperationCanceledException) when (_timer.IsCancellationRequested)
        {
            Renew();
            return QueueWaitResult.TimedOut;
        }
    }

    private void Renew()
    {
        _timer.Dispose();
        _timer = new CancellationTokenSource();
    }

    public void Dispose() => _timer.Dispose();
}
