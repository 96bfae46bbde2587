using System.Diagnostics;

namespace NetFlow.Generator;

/// <summary>
/// Keeps a sender on rate: unit n is due at start + n / rate, on an absolute schedule, so a late
/// batch (a sleep that overslept, a slow send) is made up by the next ones instead of drifting.
/// Waits sleep while more than a millisecond remains and spin for the rest, which keeps the rate
/// within a fraction of a percent without burning a core at low rates. The wait that ends a run
/// (precise) spins its last two milliseconds: a run's measured length is only
/// as good as that last wake-up.
/// </summary>
internal sealed class RatePacer(double unitsPerSecond, long startTicks)
{
    private readonly double _ticksPerUnit = Stopwatch.Frequency / unitsPerSecond;

    /// <summary>When the unit numbered <paramref name="unitsSent"/> (counting from 0) should go.</summary>
    public long DueTicks(long unitsSent) => startTicks + (long)(unitsSent * _ticksPerUnit);

    public static void WaitUntil(long dueTicks, CancellationToken cancellationToken, bool precise = false)
    {
        long sleepAbove = Stopwatch.Frequency / (precise ? 500 : 1000);
        while (!cancellationToken.IsCancellationRequested)
        {
            long remaining = dueTicks - Stopwatch.GetTimestamp();
            if (remaining <= 0)
                return;
            if (remaining > sleepAbove)
                Thread.Sleep(1); // oversleeps by tens of µs; the absolute schedule absorbs it
            else
                Thread.SpinWait(20);
        }
    }
}
