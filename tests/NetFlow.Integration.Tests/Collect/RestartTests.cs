using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NetFlow.Integration.Tests.Differential;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>
/// A collector with --state learns an exporter's templates, is stopped with SIGTERM and started
/// again on the same state file: the exporter's next datagram, which carries data sets only, decodes
/// at once (its records are on stdout before the collector is stopped), without waiting for the
/// exporter's next template refresh. A collector without the state file is the control: it can
/// decode none of that datagram.
/// </summary>
public sealed class RestartTests(DifferentialRun run, ITestOutputHelper output)
{
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(5);

    public static TheoryData<string, int> Cases => new()
    {
        { ExportCases.Softflowd, 9 },
        { ExportCases.Softflowd, 10 },
        { ExportCases.Pmacctd, 9 },
        { ExportCases.Pmacctd, 10 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void After_a_restart_with_the_state_file_a_data_only_datagram_decodes_at_once(string exporter, int version)
    {
        var export = run.Export(exporter, version);
        var whole = run.Ours(exporter, version); // `netflow decode` of the same datagrams, checked by the Differential tests
        var directory = CollectDirectory.Create(run, $"restart-{exporter}-v{version}");
        var state = Path.Combine(directory, "state.json");
        var first = export.Datagrams[0].Payload;
        var rest = export.Datagrams.Skip(1).Select(d => d.Payload).ToList();
        ExportMessage.HasTemplates(first.Span).ShouldBeTrue($"{export}: the first datagram should carry the templates");
        rest.ShouldNotBeEmpty();
        rest.Where(d => ExportMessage.HasTemplates(d.Span)).ShouldBeEmpty($"{export}: the datagrams after the first should carry data only");
        var expectedAfterRestart = whole.Data.Count() - DataRecordsOf(whole, first.Span);
        expectedAfterRestart.ShouldBeGreaterThan(0);

        // 1. Learn the templates (and the data of the first datagram), then SIGTERM: the state is saved.
        CollectorStopped before;
        using (var collector = CollectorProcess.Start(Path.Combine(directory, "before"), CollectorOutput.StandardOutput, "--state", state))
        {
            Send(collector, [first]);
            WaitForDataRecords(collector, whole.Data.Count() - expectedAfterRestart, "before the restart");
            before = collector.Stop(TimeSpan.FromSeconds(30));
        }
        before.ExitCode.ShouldBe(0, before.StandardError);
        File.Exists(state).ShouldBeTrue($"no state file after SIGTERM:\n{before.StandardError}");

        // 2. Restart on the same state file; the data-only datagrams decode before anything else arrives.
        CollectorStopped after;
        TimeSpan decodedWithin;
        using (var collector = CollectorProcess.Start(Path.Combine(directory, "after"), CollectorOutput.StandardOutput, "--state", state))
        {
            collector.StandardErrorSoFar.ShouldContain("restored", Case.Sensitive, collector.StandardErrorSoFar);
            Send(collector, rest);
            decodedWithin = WaitForDataRecords(collector, expectedAfterRestart, "after the restart");
            after = collector.Stop(TimeSpan.FromSeconds(30));
        }
        output.WriteLine($"{export}: {before.Data.Count()} data records before the restart, {after.Data.Count()} from {rest.Count} data-only datagram(s) after it, on stdout {decodedWithin.TotalMilliseconds:0} ms after sending");
        after.ExitCode.ShouldBe(0, after.StandardError);
        after.Data.Count().ShouldBe(expectedAfterRestart, after.StandardError);
        FlowViewComparison.ShouldAgree(
            [.. before.Data.Select(OurRecord.ToView), .. after.Data.Select(OurRecord.ToView)], whole.DataViews,
            "netflow decode of the whole export", $"{export} across a restart (data-only datagrams decoded {decodedWithin.TotalMilliseconds:0} ms after sending)");

        // 3. The control: without the state file, the same datagrams wait for a template that never comes.
        CollectorStopped control;
        using (var collector = CollectorProcess.Start(Path.Combine(directory, "control"), CollectorOutput.StandardOutput))
        {
            Send(collector, rest);
            KernelUdpSockets.WaitUntilRead(collector.Port, TimeSpan.FromSeconds(10));
            Thread.Sleep(1500); // a sink flush interval (1 s) and more: nothing may appear
            control = collector.Stop(TimeSpan.FromSeconds(30));
        }
        control.ExitCode.ShouldBe(0, control.StandardError);
        control.Data.ShouldBeEmpty("without the state file the data-only datagrams cannot decode; if they do, step 2 proves nothing");
    }

    /// <summary>The data records `netflow decode` got from one datagram: those with its header's sequence number.</summary>
    private static int DataRecordsOf(NetflowDecodeOutput whole, ReadOnlySpan<byte> datagram)
    {
        var sequence = ExportMessage.Sequence(datagram);
        return whole.Data.Count(r => r.GetProperty("sequence").GetUInt32() == sequence);
    }

    private static void Send(CollectorProcess collector, IEnumerable<ReadOnlyMemory<byte>> datagrams)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        foreach (var datagram in datagrams)
            socket.SendTo(datagram.Span, collector.EndPoint);
    }

    /// <summary>Waits until the collector has written <paramref name="count"/> data records to stdout; returns how long that took.</summary>
    private static TimeSpan WaitForDataRecords(CollectorProcess collector, int count, string when)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var data = collector.RecordsSoFar().Count(r => r.GetProperty("kind").GetString() == "data");
            if (data >= count)
                return clock.Elapsed;
            if (clock.Elapsed > AtOnce)
                throw new ShouldAssertException(
                    $"{when}: {data} of {count} data records on stdout {AtOnce.TotalSeconds:0} s after sending.\nstderr:\n{collector.StandardErrorSoFar}");
            Thread.Sleep(25);
        }
    }
}
