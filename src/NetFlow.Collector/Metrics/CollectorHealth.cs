namespace NetFlow.Collector.Metrics;

/// <summary>
/// What /health answers: healthy while every configured listener is bound and the collector is not
/// shutting down. Before <see cref="CollectorRuntime.Start"/> (the endpoint comes up first) and from
/// the moment shutdown begins (<paramref name="stopping"/>), it is not.
/// </summary>
public sealed class CollectorHealth(CollectorRuntime runtime, CollectorOptions options, CancellationToken stopping = default)
{
    private readonly int _expectedListeners = (options.Listen.Count > 0 ? options.Listen : CollectorDefaults.Listen).Count;

    public (bool Healthy, string Detail) Check()
    {
        if (stopping.IsCancellationRequested)
            return (false, "stopping");
        int bound = RuntimeLists.Snapshot(runtime.UdpListeners).Count(l => l.LocalEndPoint is not null)
            + RuntimeLists.Snapshot(runtime.TcpListeners).Count(IsBound);
        if (bound < _expectedListeners)
            return (false, $"{bound} of {_expectedListeners} listeners bound");
        if (!runtime.IsRunning)
            return (false, "stopped");
        return (true, "ok");
    }

    private static bool IsBound(Ingest.TcpIpfixListener listener)
    {
        try
        {
            return listener.LocalEndPoint is not null;
        }
        catch (ObjectDisposedException)
        {
            return false; // closed: the runtime is stopping
        }
    }
}
