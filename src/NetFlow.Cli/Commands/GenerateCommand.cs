using System.CommandLine;
using System.Globalization;
using NetFlow.Generator;
using NetFlow.Storage.Text;

namespace NetFlow.Cli.Commands;

/// <summary>`netflow generate --target HOST:PORT`: synthetic NetFlow v5/v9/IPFIX at a rate, for load tests and benchmarks.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var target = new Option<string>("--target", "-t") { Description = "Where to send: HOST:PORT (127.0.0.1:2055, [::1]:4739)", Required = true };
        var version = new Option<int>("--version", "-v") { Description = "5 (NetFlow v5), 9 (NetFlow v9, default) or 10 (IPFIX)", DefaultValueFactory = _ => 9 };
        var pps = new Option<double?>("--pps") { Description = "Packets per second, template packets included (0 or absent: as fast as possible)" };
        var rps = new Option<double?>("--rps") { Description = "Data records per second instead of --pps" };
        var duration = new Option<string?>("--duration", "-d") { Description = "Stop after this long (10s, 5m); with --count, whichever comes first; neither: until SIGINT" };
        var count = new Option<long?>("--count", "-c") { Description = "Stop after this many packets" };
        var recordsPerPacket = new Option<int?>("--records-per-packet", "-r") { Description = "Data records per packet (default 30 for v5, else 28, or fewer if 28 would not fit a 1472-byte datagram)" };
        var exporters = new Option<int>("--exporters") { Description = "Distinct exporters: on a 127.x target each sends from its own address (127.0.0.1, 127.0.0.2 ...); otherwise they differ by source id / observation domain", DefaultValueFactory = _ => 1 };
        var domains = new Option<int>("--domains") { Description = "Source ids (v9), observation domains (IPFIX) or engine ids (v5) per exporter, each with its own sequence numbers", DefaultValueFactory = _ => 1 };
        var flows = new Option<int>("--flows") { Description = "Distinct flow keys each domain cycles through (10.0.0.0 + n -> 172.16.0.0 + n)", DefaultValueFactory = _ => 1000 };
        var templateRefresh = new Option<string?>("--template-refresh") { Description = "Resend the template every so long (20s, default) or every N data packets (100p); 'none' sends it only first" };
        var ipv6 = new Option<bool>("--ipv6") { Description = "IPv6 flows (v9, IPFIX)" };
        var variableLength = new Option<bool>("--variable-length") { Description = "IPFIX: add interfaceName (1-byte length) and applicationName (3-byte length) to every record" };
        var gso = new Option<bool>("--gso") { Description = "Linux: send runs of equal-size datagrams as one message each with UDP segmentation offload (about 3x the rate per core); the collector receives the same datagrams, but tcpdump on the sending host sees one large packet per run" };
        var report = new Option<ReportFormat>("--report") { Description = "text (one line, default) or json (one object on stdout)", DefaultValueFactory = _ => ReportFormat.Text };
        var command = new Command("generate", "Send synthetic NetFlow v5, v9 or IPFIX to a collector at a given rate, and report what was sent")
        {
            target, version, pps, rps, duration, count, recordsPerPacket, exporters, domains, flows, templateRefresh, ipv6, variableLength, gso, report,
        };
        command.SetAction(parse =>
        {
            System.Net.IPEndPoint endpoint;
            GeneratorOptions options;
            try
            {
                endpoint = TargetEndpoint.Parse(parse.GetValue(target)!);
                if (parse.GetValue(pps) is not null && parse.GetValue(rps) is not null)
                    throw new FormatException("give --pps or --rps, not both");
                options = new GeneratorOptions
                {
                    Protocol = (ExportProtocol)parse.GetValue(version),
                    Rate = parse.GetValue(rps) is { } r ? SendRate.RecordsPerSecond(r) : SendRate.PacketsPerSecond(parse.GetValue(pps) ?? 0),
                    Duration = parse.GetValue(duration) is { } d ? DurationText.Parse(d, "--duration") : null,
                    Count = parse.GetValue(count),
                    RecordsPerPacket = parse.GetValue(recordsPerPacket),
                    Exporters = parse.GetValue(exporters),
                    Domains = parse.GetValue(domains),
                    Flows = parse.GetValue(flows),
                    TemplateRefresh = parse.GetValue(templateRefresh) is { } t ? ParseTemplateRefresh(t) : TemplateRefresh.Default,
                    Ipv6 = parse.GetValue(ipv6),
                    VariableLength = parse.GetValue(variableLength),
                    SegmentationOffload = parse.GetValue(gso),
                };
                var problems = options.Validate();
                if (problems.Count > 0)
                    throw new FormatException(string.Join("; ", problems));
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"netflow generate: {e.Message}");
                return 2;
            }

            using var console = new SendRunConsole();
            try
            {
                using var generator = new LoadGenerator(endpoint, options);
                SendRunConsole.Write(generator.Run(console.Stopping), parse.GetValue(report));
                return 0;
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
            {
                Console.Error.WriteLine($"netflow generate: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>A duration (20s, 1m), a packet count (100p or 100), or none/off.</summary>
    internal static TemplateRefresh ParseTemplateRefresh(string text)
    {
        text = text.Trim();
        if (text is "none" or "off")
            return TemplateRefresh.OnlyFirst;
        var digits = text.EndsWith('p') ? text[..^1] : text;
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int packets))
            return packets >= 1 ? TemplateRefresh.EveryPackets(packets) : throw new FormatException("--template-refresh must be 1 packet or more");
        return TemplateRefresh.Every(DurationText.Parse(text, "--template-refresh"));
    }
}
