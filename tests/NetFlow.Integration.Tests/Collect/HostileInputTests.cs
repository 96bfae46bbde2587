using System.Diagnostics;
using NetFlow.Integration.Tests.Traffic;
using NetFlow.Integration.Tests.Differential;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>
/// While softflowd really exports to it, the collector is sent garbage from 49 other exporters
/// (127.0.0.2..127.0.0.50): random bytes, truncated and corrupted copies of real exports, a
/// template flood, zero-length fields, huge field counts, lying lengths and 65507-byte datagrams.
/// softflowd's export still decodes completely, the resident set stays under a stated bound, and
/// the collector is alive at the end and exits 0 on SIGTERM.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class HostileInputTests(DifferentialRun run, ITestOutputHelper output)
{
    /// <summary>
    /// Measured on the 2-core build box (2026-11, 7 runs): 45 MiB after start, peak 281-318 MiB
    /// during this input. Most of it is the template store: 49 exporters x 4,096 templates of 12
    /// fields (the per-exporter limit; about 1.3 KB a template), with --state adding the snapshots
    /// (the state file comes to 52 MB). The bound leaves about 25% for GC timing, not for a leak,
    /// and 96 MiB more since the decode queue may hold 128 MiB of datagrams, not 32 (issue 5): a
    /// flood of 64 KiB template datagrams fills it by bytes (measured peak 409 MiB then, 439-440
    /// later). And 17 MiB more for the receive slots: 64 of 64 KiB for each of the 4 UDP sockets
    /// here (2 per port), 4.2 MiB a socket, which the kernel fills once the receive thread lets
    /// datagrams gather for up to 10 ms (issue 5; it was 1 ms, and few slots were ever written):
    /// peak 432-458 MiB in five runs, one run at 496 before the bound was raised. Then CI, slower,
    /// reached 519 MiB: most of the peak was gen2 left full of holes by the flood's overflow buffers
    /// and templates, which the collector now compacts (System.GC.ConserveMemory 9 in its
    /// runtimeconfig): 321-355 MiB since, also with the collector sharing one core with a busy loop
    /// (its queue so deep that stopping took 3 s). The bound is kept, not lowered to that.
    /// </summary>
    private const long ResidentBound = (400L + 96 + 17) << 20;

    private const int Sources = 49; // 127.0.0.2 .. 127.0.0.50
    private static readonly TimeSpan SendingTime = TimeSpan.FromSeconds(6);

    [Fact]
    public void Real_traffic_keeps_decoding_under_hostile_input_and_memory_stays_bounded()
    {
        var traffic = run.Traffic;
        var real = new[] { (ExportCases.Softflowd, 5), (ExportCases.Softflowd, 9), (ExportCases.Softflowd, 10), (ExportCases.Pmacctd, 9), (ExportCases.Pmacctd, 10) }
            .SelectMany(c => run.Export(c.Item1, c.Item2).Datagrams.Select(d => d.Payload))
            .ToList();
        var kinds = HostileDatagrams.All(real).ToList();
        kinds.Add(new HostileKind($"template flood: 5,000 IPFIX template ids from each of {Sources} exporters", HostileDatagrams.TemplateFlood(5000, v9Domains: 0)));
        kinds.Add(new HostileKind("template flood: v9 templates under 2,000 source ids from one exporter", HostileDatagrams.TemplateFlood(0, v9Domains: 2000)));
        var plan = Plan(kinds);
        var directory = CollectDirectory.Create(run, "hostile");
        var state = Path.Combine(directory, "state.json");

        var realRuns = new List<LiveExportResult>();
        long baseline, peak;
        int samples;
        TimeSpan sendingTook;
        KernelUdpSockets.Queues kernel;
        CollectorStopped stopped;
        using (var collector = CollectorProcess.Start(directory, CollectorOutput.Files, "--workers", "2", "--sockets", "2", "--state", state))
        {
            Thread.Sleep(500);
            baseline = collector.ResidentBytes() ?? throw new InvalidOperationException("no VmRSS for the collector");
            using (var sampler = new ResidentSetSampler(collector, TimeSpan.FromMilliseconds(25)))
            {
                var clock = Stopwatch.StartNew();
                Exception? sendFailure = null;
                var hostile = new Thread(() =>
                {
                    try
                    {
                        Send(plan, collector);
                    }
                    catch (Exception e)
                    {
                        sendFailure = e;
                    }
                }) { Name = "hostile sender" };
                hostile.Start();
                // softflowd exports four times while the garbage flows: v9, IPFIX, v9, IPFIX.
                foreach (var version in new[] { 9, 10, 9, 10 })
                {
                    Thread.Sleep(SendingTime / 5);
                    collector.HasExited.ShouldBeFalse($"the collector died under hostile input:\n{collector.StandardErrorSoFar}");
                    realRuns.Add(LiveExport.Softflowd(version, traffic.PcapPath, collector.Port, directory));
                }
                hostile.Join();
                if (sendFailure is not null)
                    throw new InvalidOperationException("sending the hostile datagrams failed", sendFailure);
                sendingTook = clock.Elapsed;
                kernel = KernelUdpSockets.WaitUntilRead(collector.Port, TimeSpan.FromSeconds(30));
                Thread.Sleep(1000);
                peak = sampler.PeakBytes;
                samples = sampler.Samples;
            }
            collector.HasExited.ShouldBeFalse($"the collector died under hostile input:\n{collector.StandardErrorSoFar}");
            stopped = collector.Stop(TimeSpan.FromSeconds(60));
        }

        var figures =
            $"sent {plan.Count} hostile datagrams ({plan.Sum(p => (long)p.Datagram.Length) >> 20} MiB) from {Sources} addresses in {sendingTook.TotalSeconds:0.0} s " +
            $"with 4 softflowd exports; VmRSS {baseline >> 20} MiB after start, peak {peak >> 20} MiB ({samples} samples, bound {ResidentBound >> 20} MiB); " +
            $"kernel drops {kernel.Drops}; stop took {stopped.StopTime.TotalMilliseconds:0} ms; state file {new FileInfo(state).Length >> 10} KiB; " +
            $"{stopped.Records.Count} records out, {stopped.From("127.0.0.1").Count()} from softflowd; {stopped.StandardError.Count(c => c == '\n')} log lines";
        output.WriteLine(figures);
        foreach (var kind in kinds)
            output.WriteLine($"  {kind}");

        stopped.ExitCode.ShouldBe(0, stopped.StandardError);
        stopped.HandedToSinks.ShouldBe(stopped.Records.Count, figures);
        kernel.Drops.ShouldBe(0, $"the kernel dropped datagrams: the collector did not keep up with {plan.Count / SendingTime.TotalSeconds:0} datagrams/s. {figures}");
        peak.ShouldBeLessThan(ResidentBound, figures);

        // softflowd's four exports, every record with its values, nothing more from 127.0.0.1.
        foreach (var version in new[] { 9, 10 })
        {
            var ours = stopped.From("127.0.0.1")
                .Where(r => r.GetProperty("kind").GetString() == "data" && r.GetProperty("version").GetInt32() == version)
                .Select(OurRecord.ToView).ToList();
            var runs = realRuns.Where(r => r.Version == version).ToList();
            ours.Count.ShouldBe(runs.Sum(r => r.Records!.Value), $"softflowd v{version} data records. {figures}");
            var expected = ExpectedFlows.For(traffic, ExportCases.Softflowd, version);
            FlowViewComparison.ShouldAgree(ours, [.. runs.SelectMany(_ => expected)], "traffic", $"softflowd v{version} x{runs.Count} under hostile input");
        }
        stopped.From("127.0.0.1").Count(r => r.GetProperty("version").GetInt32() is not (9 or 10)).ShouldBe(0);
    }

    /// <summary>
    /// Templates as large as the decoder accepts (512 fields), 2,048 of them (half the per-exporter
    /// limit of 4,096) from each of 49 exporters: every exporter stays within its own limits, so only
    /// a limit over all exporters (or on the bytes queued) keeps the collector under the bound.
    /// Fails as soon as the resident set passes the bound. softflowd's IPFIX export, sent in the
    /// middle, must still decode completely.
    /// </summary>
    [Fact]
    public void Memory_stays_bounded_under_a_flood_of_the_largest_templates_from_many_exporters()
    {
        var traffic = run.Traffic;
        const int templatesPerExporter = 2048, fields = 512;
        var flood = HostileDatagrams.LargeTemplateFlood(templatesPerExporter, fields);
        var directory = CollectDirectory.Create(run, "large-template-flood");
        var clock = Stopwatch.StartNew();
        long baseline, peak = 0;
        int sent = 0;
        LiveExportResult? softflowd = null;
        string? breach = null;
        CollectorStopped stopped;
        using (var collector = CollectorProcess.Start(directory, CollectorOutput.Files, "--workers", "2", "--sockets", "2"))
        using (var senders = new LoopbackSenders(firstHost: 2, Sources))
        {
            Thread.Sleep(500);
            baseline = collector.ResidentBytes() ?? throw new InvalidOperationException("no VmRSS for the collector");
            using var sampler = new ResidentSetSampler(collector, TimeSpan.FromMilliseconds(25));
            // Each datagram from every exporter in turn, at about 1,000 datagrams (64 MB) a second.
            foreach (var datagram in flood)
            {
                for (int source = 0; source < Sources && breach is null; source++)
                {
                    senders.Send(source, datagram, collector.EndPoint);
                    if (++sent % 50 == 0)
                    {
                        Thread.Sleep(50);
                        breach = Breach(sampler, collector);
                    }
                    if (sent == flood.Count * Sources / 2)
                        softflowd = LiveExport.Softflowd(10, traffic.PcapPath, collector.Port, directory);
                }
            }
            // Until the collector has decoded it all (its CPU time stands still for a second), or passes the bound.
            var idle = Stopwatch.StartNew();
            var cpu = collector.CpuTime();
            while (breach is null && clock.Elapsed < TimeSpan.FromSeconds(25) && idle.Elapsed < TimeSpan.FromSeconds(1))
            {
                Thread.Sleep(100);
                breach = Breach(sampler, collector);
                var now = collector.CpuTime();
                if (now - cpu > TimeSpan.FromMilliseconds(20))
                    idle.Restart();
                cpu = now;
            }
            peak = sampler.PeakBytes;
            stopped = collector.Stop(TimeSpan.FromSeconds(60));
        }

        var figures =
            $"sent {sent} of {flood.Count * Sources} datagrams ({(long)sent * flood[0].Length >> 20} MiB: {templatesPerExporter} templates of {fields} fields from each of {Sources} exporters) " +
            $"in {clock.Elapsed.TotalSeconds:0.0} s; VmRSS {baseline >> 20} MiB after start, peak {peak >> 20} MiB (bound {ResidentBound >> 20} MiB); stop took {stopped.StopTime.TotalMilliseconds:0} ms";
        output.WriteLine(figures);
        breach.ShouldBeNull(figures);
        peak.ShouldBeLessThan(ResidentBound, figures);
        stopped.ExitCode.ShouldBe(0, stopped.StandardError);
        softflowd.ShouldNotBeNull();
        var ours = stopped.From("127.0.0.1").Where(r => r.GetProperty("kind").GetString() == "data").Select(OurRecord.ToView).ToList();
        FlowViewComparison.ShouldAgree(ours, ExpectedFlows.For(traffic, ExportCases.Softflowd, 10), "traffic", "softflowd IPFIX during a flood of the largest templates");
    }

    /// <summary>Why the test stops early: the collector died, or its resident set passed the bound.</summary>
    private static string? Breach(ResidentSetSampler sampler, CollectorProcess collector)
    {
        if (collector.HasExited)
            return $"the collector died:\n{collector.StandardErrorSoFar}";
        return sampler.PeakBytes >= ResidentBound ? $"VmRSS reached {sampler.PeakBytes >> 20} MiB, past the bound of {ResidentBound >> 20} MiB" : null;
    }

    /// <summary>Every hostile datagram with the sender it goes out from, in a fixed shuffled order; a flood goes out from every sender.</summary>
    private static List<(int Source, byte[] Datagram)> Plan(IReadOnlyList<HostileKind> kinds)
    {
        var random = new Random(7);
        var plan = new List<(int, byte[])>();
        foreach (var kind in kinds)
        {
            if (kind.Name.StartsWith("template flood: 5,000", StringComparison.Ordinal))
            {
                // Each sender's templates in order, interleaved with the other senders'.
                for (int i = 0; i < kind.Datagrams.Count; i++)
                {
                    for (int source = 0; source < Sources; source++)
                        plan.Add((source, kind.Datagrams[i]));
                }
                continue;
            }
            for (int i = 0; i < kind.Datagrams.Count; i++)
                plan.Add((kind.Name.StartsWith("template flood", StringComparison.Ordinal) ? 0 : random.Next(Sources), kind.Datagrams[i]));
        }
        // Mix the kinds (each flood datagram carries its templates and their data, so order within a sender does not matter).
        return plan.OrderBy(_ => random.Next()).ToList();
    }

    /// <summary>Sends the plan at an even pace over <see cref="SendingTime"/>.</summary>
    private static void Send(List<(int Source, byte[] Datagram)> plan, CollectorProcess collector)
    {
        using var senders = new LoopbackSenders(firstHost: 2, Sources);
        var clock = Stopwatch.StartNew();
        var perMillisecond = plan.Count / SendingTime.TotalMilliseconds;
        for (int i = 0; i < plan.Count; i++)
        {
            while (i > clock.Elapsed.TotalMilliseconds * perMillisecond)
                Thread.Sleep(1);
            senders.Send(plan[i].Source, plan[i].Datagram, collector.EndPoint);
        }
    }
}
