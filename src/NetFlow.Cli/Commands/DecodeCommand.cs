using System.CommandLine;
using System.Net;

namespace NetFlow.Cli.Commands;

/// <summary>`netflow decode FILE...`: print every record of captures and datagram files.</summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "pcap or pcapng captures (UDP to any port, IPv4/IPv6, VLAN) or raw datagram files (.bin/.dat, one datagram each), decoded in the order given",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<OutputFormat>("--format", "-f")
        {
            Description = "json: one object per record (NDJSON); table: one line per record for people",
            DefaultValueFactory = _ => OutputFormat.Json,
        };
        var exporter = new Option<string?>("--exporter")
        {
            Description = "Exporter address to file raw datagram files under (default 0.0.0.0); captures use their packets' source addresses",
        };
        var command = new Command("decode", "Decode NetFlow v1/v5/v7/v9 and IPFIX from files and print every record; errors and a summary go to stderr")
        {
            files, format, exporter,
        };
        command.SetAction(parse =>
        {
            IPAddress? raw = null;
            string? exporterText = parse.GetValue(exporter);
            if (exporterText is not null && !IPAddress.TryParse(exporterText, out raw))
            {
                Console.Error.WriteLine($"netflow decode: --exporter '{exporterText}' is not an IP address");
                return 2;
            }
            var run = new DecodeRun(Console.Out, Console.Error, parse.GetValue(format), raw);
            return run.Run(parse.GetValue(files)!) ? 0 : 1;
        });
        return command;
    }
}
