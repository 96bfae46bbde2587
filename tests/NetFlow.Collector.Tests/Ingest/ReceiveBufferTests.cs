using Microsoft.Extensions.Logging;

namespace NetFlow.Collector.Tests.Ingest;

/// <summary>
/// The receive buffer a listener asks for, against what Linux grants: at most net.core.rmem_max,
/// which it reports doubled (its bookkeeping counted in). The warning must compare what holds
/// data, or a request between rmem_max and twice it looks granted when it was cut. A process with
/// CAP_NET_ADMIN (root) gets its request past rmem_max (SO_RCVBUFFORCE), and nothing is warned of.
/// </summary>
public sealed class ReceiveBufferTests
{
    private static int RmemMax()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "net.core.rmem_max is Linux's");
        return int.Parse(File.ReadAllText("/proc/sys/net/core/rmem_max").Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>CAP_NET_ADMIN (bit 12) among the test process's effective capabilities (/proc/self/status CapEff).</summary>
    private static bool MayForce()
    {
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        ulong capabilities = ulong.Parse(line["CapEff:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return (capabilities & (1UL << 12)) != 0;
    }

    [Fact]
    public async Task A_privileged_request_above_rmem_max_is_granted_in_full()
    {
        int max = RmemMax();
        Assert.SkipUnless(MayForce(), "only a process with CAP_NET_ADMIN may pass net.core.rmem_max");
        var log = new WarningLog();
        int requested = max * 2;
        var harness = new ListenerHarness(recvmmsg: true, receiveBufferBytes: requested, log: log);
        await using var _ = harness;

        harness.Listener.DataReceiveBuffer.ShouldBe(requested);
        harness.Listener.GrantedReceiveBuffer.ShouldBe(2 * requested, "Linux reports the doubled size");
        log.Warnings.ShouldBeEmpty();
    }

    /// <summary>As an unprivileged collector (or one that does not try to pass the cap) is.</summary>
    [Fact]
    public async Task A_request_above_rmem_max_is_warned_of_with_what_holds_data()
    {
        int max = RmemMax();
        var log = new WarningLog();
        // One and a half times rmem_max: Linux reports twice rmem_max, more than was asked.
        int requested = max / 2 * 3;
        var harness = new ListenerHarness(recvmmsg: true, receiveBufferBytes: requested, log: log, forceReceiveBuffer: false);
        await using var _ = harness;

        harness.Listener.GrantedReceiveBuffer.ShouldBe(2 * max, "Linux reports the doubled size");
        harness.Listener.DataReceiveBuffer.ShouldBe(max);
        var warning = log.Warnings.ShouldHaveSingleItem();
        warning.ShouldContain($"asked for a {requested} byte receive buffer, the kernel granted {max} (it reports {2 * max}");
        warning.ShouldContain($"sysctl -w net.core.rmem_max={requested}");
        warning.ShouldContain("CAP_NET_ADMIN");
    }

    [Fact]
    public async Task A_request_within_rmem_max_is_granted_without_a_warning()
    {
        int max = RmemMax();
        var log = new WarningLog();
        int requested = Math.Min(max, 1 << 20);
        var harness = new ListenerHarness(recvmmsg: true, receiveBufferBytes: requested, log: log);
        await using var _ = harness;

        harness.Listener.DataReceiveBuffer.ShouldBe(requested);
        log.Warnings.ShouldBeEmpty();
    }

    /// <summary>Keeps the text of every warning logged.</summary>
    private sealed class WarningLog : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                lock (Warnings)
                    Warnings.Add(formatter(state, exception));
            }
        }
    }
}
