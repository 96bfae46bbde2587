using System.Globalization;
using System.Net.Sockets;
using NetFlow.Integration.Tests.Differential;
using NetFlow.Integration.Tests.Peers;
using NetFlow.Integration.Tests.Store;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>
/// deploy/netflow.service, the unit the README tells operators to install: systemd finds nothing
/// wrong in it, and the collector it starts takes its command line as written (so a renamed flag
/// fails here, not on an operator's machine), stores what it receives under the state directory,
/// and stops on SIGTERM well inside the unit's TimeoutStopSec. No systemd runs here as PID 1, so
/// the command line is run by the test with %S (the state directories' root) pointed at a
/// directory of its own and the metrics on a free port.
/// </summary>
public sealed class SystemdUnitTests(DifferentialRun run, ITestOutputHelper output)
{
    private const string InstalledBinary = "/opt/netflow/netflow";

    private static string Unit => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "deploy", "netflow.service"));

    private static string Setting(string key) =>
        Unit.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

    [Fact]
    public void Systemd_analyze_verify_finds_nothing_to_say_of_the_unit()
    {
        var analyze = PeerLocator.Require("systemd-analyze");
        var directory = CollectDirectory.Create(run, "systemd-verify");
        var unit = Path.Combine(directory, "netflow.service");
        // verify checks that ExecStart's program exists: the test's own build stands in for /opt/netflow.
        File.WriteAllText(unit, Unit.Replace(InstalledBinary, $"{CollectorProcess.DotnetHost()} {CollectorProcess.NetflowDll()}", StringComparison.Ordinal));

        var result = ExternalProcess.Run(analyze, ["verify", unit], TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.StandardError);
        // An unknown key or a value it cannot parse is only warned of, with exit code 0.
        (result.StandardOutput + result.StandardError).Trim().ShouldBeEmpty();
    }

    [Fact]
    public void The_units_command_line_runs_the_collector_which_stores_what_it_receives_and_stops_in_time()
    {
        var execStart = Setting("ExecStart");
        execStart.ShouldStartWith(InstalledBinary + " collect ");
        var stateRoot = CollectDirectory.Create(run, "systemd-run");
        var workingDirectory = Directory.CreateDirectory(Setting("WorkingDirectory").Replace("%S", stateRoot, StringComparison.Ordinal)).FullName;
        int metricsPort = LoopbackPort.Free(ProtocolType.Tcp);
        var arguments = execStart[(InstalledBinary + " collect ").Length..]
            .Replace("%S", stateRoot, StringComparison.Ordinal)
            .Replace("127.0.0.1:9155", $"127.0.0.1:{metricsPort.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        arguments.ShouldContain($"127.0.0.1:{metricsPort.ToString(CultureInfo.InvariantCulture)}", "the unit's metrics address was expected to be 127.0.0.1:9155");
        string store = arguments[Array.IndexOf(arguments, "--store") + 1];
        string state = arguments[Array.IndexOf(arguments, "--state") + 1];

        // Start adds a --listen on a free loopback port: the unit's own addresses are the embedded default's.
        long sent;
        CollectorStopped stopped;
        using (var collector = CollectorProcess.Start(workingDirectory, CollectorOutput.None, arguments))
        {
            sent = GeneratorCli.Send(collector, "--count", "20", "--pps", "1000").Records;
            KernelUdpSockets.WaitUntilRead(collector.Port, TimeSpan.FromSeconds(10));
            stopped = collector.Stop(TimeSpan.FromSeconds(60));
        }
        output.WriteLine($"{sent} records sent; stopped in {stopped.StopTime.TotalSeconds:0.0} s");

        stopped.ExitCode.ShouldBe(0, stopped.StandardError);
        stopped.HandedToSinks.ShouldBe(sent, stopped.StandardError);
        stopped.StopTime.ShouldBeLessThan(TimeSpan.FromSeconds(int.Parse(Setting("TimeoutStopSec"), CultureInfo.InvariantCulture)) / 10);
        long stored = long.Parse(StoreCli.Sql(store, "SELECT count(*) AS n FROM flows").Rows.Single()[0], CultureInfo.InvariantCulture);
        stored.ShouldBe(sent);
        File.Exists(state).ShouldBeTrue("the template state is saved on SIGTERM");
    }
}
