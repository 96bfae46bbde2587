using System.CommandLine;
using NetFlow.Capture;
using NetFlow.Generator;
using NetFlow.Generator.Replay;

namespace NetFlow.Cli.Commands;

/// <summary>`netflow replay FILE... --target HOST:PORT`: resend captured NetFlow/IPFIX datagrams byte for byte.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "pcap or pcapng captures (their NetFlow/IPFIX UDP payloads are sent) or raw datagram files (.bin/.dat, one datagram each, sent as they are), in the order given",
            Arity = ArgumentArity.OneOrMore,
        };
        var target = new Option<string>("--target", "-t") { Description = "Where to send: HOST:PORT (127.0.0.1:2055, [::1]:4739)", Required = true };
        var timing = new Option<string?>("--timing") { Description = "original (the capture's own gaps; default without --pps), as-fast, or pps (default with --pps)" };
        var pps = new Option<double?>("--pps") { Description = "Datagrams per second (implies --timing pps)" };
        var loop = new Option<int>("--loop") { Description = "Send the files this many times over", DefaultValueFactory = _ => 1 };
        var report = new Option<ReportFormat>("--report") { Description = "text (one line, default) or json (one object on stdout)", DefaultValueFactory = _ => ReportFormat.Text };
        var command = new Command("replay", "Resend the NetFlow/IPFIX datagrams of captures or datagram files to a collector, and report what was sent")
        {
            files, target, timing, pps, loop, report,
        };
        command.SetAction(parse =>
        {
            System.Net.IPEndPoint endpoint;
            ReplayOptions options;
            try
            {
                endpoint = TargetEndpoint.Parse(parse.GetValue(target)!);
                double? rate = parse.GetValue(pps);
                var chosen = parse.GetValue(timing) switch
                {
                    null => rate is null ? ReplayTiming.Original : ReplayTiming.Pps,
                    "original" => ReplayTiming.Original,
                    "as-fast" => ReplayTiming.AsFast,
                    "pps" => ReplayTiming.Pps,
                    var other => throw new FormatException($"--timing must be original, as-fast or pps, not '{other}'"),
                };
                if (rate is not null && chosen != ReplayTiming.Pps)
                    throw new FormatException("--pps goes with --timing pps");
                options = new ReplayOptions { Timing = chosen, PacketsPerSecond = rate ?? 0, Loops = parse.GetValue(loop) };
                var problems = options.Validate();
                if (problems.Count > 0)
                    throw new FormatException(string.Join("; ", problems));
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"netflow replay: {e.Message}");
                return 2;
            }

            using var console = new SendRunConsole();
            try
            {
                using var replayer = new DatagramReplayer(endpoint, options);
                var sent = replayer.Run(parse.GetValue(files)!, console.Stopping);
                if (replayer.SkippedDatagrams > 0)
                    Console.Error.WriteLine($"netflow replay: left out {replayer.SkippedDatagrams} datagrams of the captures that are not NetFlow/IPFIX");
                SendRunConsole.Write(sent, parse.GetValue(report));
                return 0;
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException or CaptureFormatException)
            {
                Console.Error.WriteLine($"netflow replay: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
