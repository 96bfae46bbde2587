using Microsoft.Extensions.Logging.Abstractions;
using NetFlow.Collector.Sinks;
using NetFlow.Collector.Tests.Runtime;
using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Tests.Sinks;

/// <summary>
/// A sink with nothing to write is still flushed every flush interval (so time-rotated outputs
/// finish their files on time), goes on taking batches between those flushes, and at the end
/// drains, flushes and is disposed.
/// </summary>
public sealed class SinkRunnerIdleTests
{
    [Fact]
    public async Task An_idle_sink_is_flushed_every_interval_and_still_takes_batches()
    {
        var sink = new CollectingSink();
        var interval = TimeSpan.FromMilliseconds(100);
        var runner = new SinkRunner(sink, SinkOptions.Default with { FlushInterval = interval }, NullLogger.Instance);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        runner.Start();

        // About 10 intervals with nothing queued: a flush each (a loaded machine may do fewer, never
        // none), and never more than one an interval however late this test wakes.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        long idleFlushes = Interlocked.Read(ref runner.Flushes);
        var elapsed = clock.Elapsed;
        idleFlushes.ShouldBeGreaterThanOrEqualTo(3);
        idleFlushes.ShouldBeLessThanOrEqualTo((long)(elapsed / interval) + 1, $"{idleFlushes} flushes in {elapsed.TotalMilliseconds:0} ms");

        // A batch (of no records) arriving between idle flushes is written at once.
        var pool = new BatchPool();
        await runner.EnqueueAsync(new BatchLease(pool.Rent(), 1, pool), TestContext.Current.CancellationToken);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Interlocked.Read(ref runner.BatchesWritten) == 0 && waited.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(5, TestContext.Current.CancellationToken);
        runner.BatchesWritten.ShouldBe(1);

        // And the idle flushes go on after it.
        long afterBatch = Interlocked.Read(ref runner.Flushes);
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        Interlocked.Read(ref runner.Flushes).ShouldBeGreaterThan(afterBatch);

        await runner.CompleteAsync();
        sink.Disposed.ShouldBeTrue();
        runner.WriteErrors.ShouldBe(0);
    }
}
