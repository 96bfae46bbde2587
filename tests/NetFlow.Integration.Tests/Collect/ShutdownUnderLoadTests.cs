using System.Diagnostics;
using System.Globalization;
using NetFlow.Integration.Tests.Differential;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>
/// A steady stream of real export datagrams (softflowd's v9 export of the traffic capture, resent
/// with rising sequence numbers from 32 exporters, 127.0.0.2..127.0.0.33) for a few seconds; the
/// sending stops and the collector is told to stop (SIGTERM) while it is still busy. Every record
/// of every datagram sent is in the output, and the output holds exactly as many records as the
/// collector says it handed to its sink ("stopped: N records written to sink json").
/// <para>
/// The sending stops before the signal, so no datagram arrives after it: nothing may be missing.
/// Two moments are tested: once the collector's sockets have read every datagram (the backlog is
/// then in its decode and sink queues), and with the last burst still in the sockets' kernel receive
/// queues. The collector reads faster than one sender can send on loopback, so for the second it is
/// paused (SIGSTOP) for the burst and gets SIGTERM then SIGCONT: what a collector descheduled, or in
/// a GC pause, at the wrong moment would see. Those datagrams reached its sockets before the signal.
/// </para>
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class ShutdownUnderLoadTests(DifferentialRun run, ITestOutputHelper output)
{
    private const int Sources = 32;
    private static readonly TimeSpan SteadyStream = TimeSpan.FromSeconds(3);

    /// <summary>Datagrams per second, all exporters together: well within what the collector decodes, so the kernel drops nothing.</summary>
    private const int SteadyRate = 6000;

    /// <summary>
    /// The last datagrams go out at once, as fast as the socket takes them, to leave a backlog at
    /// the signal. Each takes about 1,280 bytes of receive buffer. Without CAP_NET_ADMIN the kernel
    /// grants a socket net.core.rmem_max (4 MB on the 2-core VM, reported doubled): the eight
    /// sockets hold about 52,000 and the kernel drops (and counts) the rest, which never reached the
    /// collector. Run as root, the collector sets its 32 MiB per socket past rmem_max and the
    /// sockets hold the whole burst. Either way datagrams wait in the kernel at the signal.
    /// </summary>
    private const int FinalBurst = 80_000;

    /// <summary>SO_REUSEPORT sockets: 8 of them hold 52,000 burst datagrams or more, which take the collector a few hundred milliseconds to read.</summary>
    private const int CollectorSockets = 8;

    [Fact]
    public void Nothing_received_before_SIGTERM_is_lost_when_the_backlog_is_in_the_collectors_queues()
    {
        var result = StreamThenStop(waitForSocketsToBeRead: true);

        result.Stopped.ExitCode.ShouldBe(0, result.Stopped.StandardError);
        result.Stopped.HandedToSinks.ShouldBe(result.Stopped.Records.Count, result.Figures);
        result.Stopped.Records.Count.ShouldBe(result.RecordsSent, result.Figures);
        result.Stopped.Data.Count().ShouldBe(result.DataRecordsSent, result.Figures);
    }

    [Fact]
    public void Nothing_sent_before_SIGTERM_is_lost_when_the_backlog_is_still_in_the_kernel_socket_queues()
    {
        var result = StreamThenStop(waitForSocketsToBeRead: false);

        result.Stopped.ExitCode.ShouldBe(0, result.Stopped.StandardError);
        result.QueuedAtSignal.ShouldBeGreaterThan(0, $"the test meant to leave datagrams in the kernel queues at the signal. {result.Figures}");
        result.Stopped.HandedToSinks.ShouldBe(result.Stopped.Records.Count, result.Figures);
        result.Stopped.Records.Count.ShouldBe(result.RecordsSent,
            $"datagrams the kernel had already queued on the collector's sockets when SIGTERM came are lost. {result.Figures}");
    }

    /// <param name="RecordsSent">Records of every datagram sent that the kernel did not drop.</param>
    private sealed record StreamResult(CollectorStopped Stopped, int RecordsSent, int DataRecordsSent, long QueuedAtSignal, string Figures);

    private StreamResult StreamThenStop(bool waitForSocketsToBeRead)
    {
        var export = run.Export(ExportCases.Softflowd, 9);
        var decoded = run.Ours(ExportCases.Softflowd, 9); // `netflow decode` of the same datagrams
        var round = export.Datagrams.Select(d => d.Payload).ToList();
        ExportMessage.HasTemplates(round[0].Span).ShouldBeTrue("softflowd's first v9 datagram carries the templates");
        var dataOnly = round.Count - 1;
        ExportMessage.HasTemplates(round[dataOnly].Span).ShouldBeFalse("softflowd's last v9 datagram carries data only");
        // Records (all, and data only) of each datagram: those of `netflow decode` with its sequence number.
        var records = round.Select(d => decoded.Records.Where(r => r.GetProperty("sequence").GetUInt32() == ExportMessage.Sequence(d.Span)).ToList()).ToList();
        var directory = CollectDirectory.Create(run, waitForSocketsToBeRead ? "shutdown-queued" : "shutdown-kernel");

        int datagrams = 0, recordsSent = 0, dataSent = 0;
        TimeSpan sending, drain = TimeSpan.Zero;
        KernelUdpSockets.Queues atSignal;
        CollectorStopped stopped;
        using (var collector = CollectorProcess.Start(directory, CollectorOutput.Files, "--workers", "2", "--sockets", CollectorSockets.ToString(CultureInfo.InvariantCulture)))
        using (var senders = new LoopbackSenders(firstHost: 2, Sources))
        {
            var sequences = new uint[Sources];
            // Each exporter sends softflowd's datagrams again and again, with its next sequence number each time (v9: one per datagram).
            void Send(int source, int index)
            {
                senders.Send(source, ExportMessage.WithSequence(round[index].Span, ++sequences[source]), collector.EndPoint);
                datagrams++;
                recordsSent += records[index].Count;
                dataSent += records[index].Count(r => r.GetProperty("kind").GetString() == "data");
            }

            var clock = Stopwatch.StartNew();
            var perMillisecond = SteadyRate / 1000.0;
            while (clock.Elapsed < SteadyStream)
            {
                while (datagrams < clock.Elapsed.TotalMilliseconds * perMillisecond)
                {
                    for (int source = 0; source < Sources; source++)
                    {
                        for (int index = 0; index < round.Count; index++)
                            Send(source, index);
                    }
                }
                Thread.Sleep(1);
            }
            var beforeBurst = KernelUdpSockets.Of(collector.Port);
            beforeBurst.Drops.ShouldBe(0, "the kernel dropped datagrams of the steady stream: the collector did not keep up");
            if (!waitForSocketsToBeRead)
                collector.Pause();
            // The burst: data-only datagrams (the templates are known by now), small, so thousands fit the sockets' buffers.
            for (int burst = 0; burst < FinalBurst; burst++)
                Send(burst % Sources, dataOnly);
            sending = clock.Elapsed;
            if (waitForSocketsToBeRead)
            {
                var before = clock.Elapsed;
                KernelUdpSockets.WaitUntilRead(collector.Port, TimeSpan.FromSeconds(20));
                drain = clock.Elapsed - before;
            }
            atSignal = KernelUdpSockets.Of(collector.Port);
            stopped = collector.Stop(TimeSpan.FromSeconds(60), resume: !waitForSocketsToBeRead);
        }

        // Only burst datagrams can have been dropped (none before it), each with the data-only datagram's records.
        recordsSent -= (int)atSignal.Drops * records[dataOnly].Count;
        dataSent -= (int)atSignal.Drops * records[dataOnly].Count(r => r.GetProperty("kind").GetString() == "data");
        var figures =
            $"sent {datagrams} datagrams from {Sources} exporters in {sending.TotalMilliseconds:0} ms " +
            $"(steady {SteadyRate}/s for {SteadyStream.TotalSeconds:0} s, then a burst of {FinalBurst}{(waitForSocketsToBeRead ? "" : " to the paused collector")}); " +
            (waitForSocketsToBeRead ? $"sockets read {drain.TotalMilliseconds:0} ms later; " : "") +
            $"at SIGTERM the kernel still held {atSignal.QueuedBytes} bytes for the collector's {atSignal.Sockets} sockets and had dropped {atSignal.Drops} datagrams, " +
            $"so {recordsSent} records reached the sockets; " +
            $"the stop took {stopped.StopTime.TotalMilliseconds:0} ms; the collector handed {stopped.HandedToSinks} records to its sink, the output has {stopped.Records.Count}";
        output.WriteLine(figures);
        return new StreamResult(stopped, recordsSent, dataSent, atSignal.QueuedBytes, figures);
    }
}
