namespace NetFlow.Integration.Tests.Collect;

/// <summary>Samples a collector's resident set (VmRSS) every few milliseconds on a thread of its own until disposed.</summary>
public sealed class ResidentSetSampler : IDisposable
{
    private readonly CollectorProcess _collector;
    private readonly Thread _thread;
    private readonly TimeSpan _interval;
    private volatile bool _stop;
    private long _peak;
    private int _samples;

    public ResidentSetSampler(CollectorProcess collector, TimeSpan interval)
    {
        _collector = collector;
        _interval = interval;
        _thread = new Thread(Run) { IsBackground = true, Name = "VmRSS sampler" };
        _thread.Start();
    }

    public long PeakBytes => Interlocked.Read(ref _peak);
    public int Samples => Volatile.Read(ref _samples);

    private void Run()
    {
        while (!_stop)
        {
            if (_collector.ResidentBytes() is { } rss)
            {
                if (rss > Interlocked.Read(ref _peak))
                    Interlocked.Exchange(ref _peak, rss);
                Interlocked.Increment(ref _samples);
            }
            Thread.Sleep(_interval);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
