using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// Runs decodes on a worker thread and fails if they do not end in time: a decoder that loops on
/// hostile input must fail the test, not hang the run. Each calling thread has its own worker, so
/// tests still run in parallel; a worker that hangs is abandoned (nothing can stop it safely) and
/// the next call gets a new one.
/// </summary>
internal static class Watchdog
{
    /// <summary>Generous: a batch decodes in well under a second, but CI boxes are slow and busy.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [ThreadStatic]
    private static Worker? t_worker;

    /// <summary>
    /// <paramref name="describe"/> names the case running when time ran out; batches update what
    /// it reports as they go, so a hang names its input.
    /// </summary>
    public static void Run(Func<string> describe, Action action)
    {
        var worker = t_worker ??= new Worker();
        var work = new Work(action);
        worker.Queue.Add(work);
        if (!work.Done.Wait(Limit))
        {
            t_worker = null;
            throw new TimeoutException($"decode did not finish within {Limit.TotalSeconds} s: {describe()}");
        }
        if (work.Error is { } error)
            ExceptionDispatchInfo.Throw(error);
    }

    private sealed class Work(Action action)
    {
        public Action Action { get; } = action;
        public ManualResetEventSlim Done { get; } = new();
        public Exception? Error { get; set; }
    }

    private sealed class Worker
    {
        public Worker()
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = "robustness decode worker" };
            thread.Start();
        }

        public BlockingCollection<Work> Queue { get; } = [];

        private void Loop()
        {
            foreach (var work in Queue.GetConsumingEnumerable())
            {
                try
                {
                    work.Action();
                }
                catch (Exception e)
                {
                    work.Error = e;
                }
                work.Done.Set();
            }
        }
    }
}
