namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// Runs decodes on a thread of their own and fails if they do not end in time: a decoder that
/// loops on hostile input must fail the test, not hang the run. A hung worker is left behind
/// (nothing can stop it safely); the test that met it has failed by then.
/// </summary>
internal static class Watchdog
{
    /// <summary>Generous: a batch decodes in well under a second, but CI boxes are slow and busy.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <paramref name="describe"/> names the case running when time ran out; batches update what
    /// it reports as they go, so a hang names its input.
    /// </summary>
    public static void Run(Func<string> describe, Action action)
    {
        // A dedicated thread, not the pool: the test threads that wait here are pool threads.
        var task = Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!task.Wait(Limit))
            throw new TimeoutException($"decode did not finish within {Limit.TotalSeconds} s: {describe()}");
        task.GetAwaiter().GetResult();
    }
}
