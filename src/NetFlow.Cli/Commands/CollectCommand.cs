using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NetFlow.Collector;

namespace NetFlow.Cli.Commands;

/// <summary>`netflow collect`: the long-running collector.</summary>
internal static class CollectCommand
{
    public static Command Create()
    {
        var listen = new Option<string[]>("--listen", "-l")
        {
            Description = "udp://ADDR:PORT or tcp://ADDR:PORT (IPFIX over TCP); repeatable. Default: udp://[::]:2055, udp://[::]:4739, tcp://[::]:4739. Any version is accepted on any port",
            AllowMultipleArgumentsPerToken = false,
        };
        var store = new Option<string?>("--store") { Description = $"Flow store directory, the default output (default {CollectorDefaults.StoreDirectory}): Parquet files under flows/date=YYYY-MM-DD/hour=HH/, read by `netflow query`" };
        var storeRotation = new Option<string?>("--store-rotation") { Description = "How long one store file covers (default 1m); files appear when complete, and a crash loses at most one interval" };
        var storeCompression = new Option<string?>("--store-compression") { Description = "Codec of the store's byte-array columns (IPv6 addresses, exporter, extra): snappy (default), zstd (smaller, slower), lz4, or none. Numbers and times are dictionary- or delta-encoded and left uncompressed whatever this says" };
        var retentionAge = new Option<string?>("--retention-age") { Description = "Remove store files older than this (e.g. 30d, 12h); default: keep" };
        var retentionSize = new Option<string?>("--retention-size") { Description = "Remove the oldest store files beyond this total size (e.g. 500G, 2T, 100GiB); default: no limit" };
        var json = new Option<string?>("--json") { Description = "Also (or only, with no --store) write JSON lines: - for stdout, or a file path whose name gets the UTC start time of each hourly file (out.jsonl -> out-20261126T100000Z.jsonl; .gz or .zst compresses), or a directory" };
        var metrics = new Option<string?>("--metrics") { Description = "ADDR:PORT for Prometheus /metrics and /health (e.g. 127.0.0.1:9155)" };
        var state = new Option<string?>("--state") { Description = "State file: templates are saved there and restored at start, so a restart decodes at once" };
        var allow = new Option<string[]>("--allow") { Description = "Accept exporters from this network (CIDR or address); repeatable. Default: all" };
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file (JSON or YAML) with the same keys as the options (Listen, Store, Json, Metrics, StateFile, Allow, DecodeWorkers, ...); NETFLOW_* environment variables override it, flags override both" };
        var workers = new Option<int?>("--workers") { Description = "Decode workers (default: one per core)" };
        var sockets = new Option<int?>("--sockets") { Description = "UDP sockets per port with SO_REUSEPORT (default: one per core)" };
        var receiveBuffer = new Option<int?>("--receive-buffer") { Description = "Kernel receive buffer per UDP socket in bytes (default 33554432; capped by net.core.rmem_max)" };
        var udpGro = new Option<bool?>("--udp-gro") { Description = "Let the kernel coalesce runs of same-size datagrams from one exporter into one receive (UDP GRO), split again before decoding (default true; false receives each datagram alone)" };
        var templateTimeout = new Option<TimeSpan?>("--template-timeout") { Description = "Forget UDP templates not refreshed for this long (default 00:30:00)" };
        var sampling = new Option<string[]>("--sampling") { Description = "CIDR=N: exporters in that network sample 1 in N packets, when their export does not say; repeatable" };
        var renormalize = new Option<bool>("--renormalize") { Description = "Multiply octet and packet counters by the sampling rate in the output" };

        var command = new Command("collect", "Receive NetFlow v1/v5/v7/v9 and IPFIX, decode, and store the flows; SIGINT/SIGTERM stop it cleanly")
        {
            listen, store, storeRotation, storeCompression, retentionAge, retentionSize, json, metrics, state, allow, config, workers, sockets, receiveBuffer, udpGro, templateTimeout, sampling, renormalize,
        };
        command.SetAction(parse =>
        {
            var flags = new Dictionary<string, string?>();
            AddList(flags, "Listen", parse.GetValue(listen));
            AddList(flags, "Allow", parse.GetValue(allow));
            AddList(flags, "Sampling", parse.GetValue(sampling));
            if (parse.GetValue(renormalize))
                flags["Renormalize"] = "true";
            Add(flags, "Store", parse.GetValue(store));
            Add(flags, "StoreRotation", parse.GetValue(storeRotation));
            Add(flags, "StoreCompression", parse.GetValue(storeCompression));
            Add(flags, "StoreRetentionAge", parse.GetValue(retentionAge));
            Add(flags, "StoreRetentionSize", parse.GetValue(retentionSize));
            Add(flags, "Json", parse.GetValue(json));
            Add(flags, "Metrics", parse.GetValue(metrics));
            Add(flags, "StateFile", parse.GetValue(state));
            Add(flags, "DecodeWorkers", parse.GetValue(workers)?.ToString(CultureInfo.InvariantCulture));
            Add(flags, "SocketsPerPort", parse.GetValue(sockets)?.ToString(CultureInfo.InvariantCulture));
            Add(flags, "ReceiveBufferBytes", parse.GetValue(receiveBuffer)?.ToString(CultureInfo.InvariantCulture));
            Add(flags, "UdpGro", parse.GetValue(udpGro) is { } gro ? (gro ? "true" : "false") : null);
            Add(flags, "TemplateTimeout", parse.GetValue(templateTimeout)?.ToString("c", CultureInfo.InvariantCulture));

            CollectorOptions options;
            try
            {
                options = CollectConfiguration.Build(parse.GetValue(config), flags);
                foreach (var address in options.Listen)
                    Collector.Ingest.ListenAddress.Parse(address);
                foreach (var network in options.Allow)
                    Collector.Access.ExporterAllowList.Parse(network);
                foreach (var rule in options.Sampling)
                    Collector.Access.ConfiguredSampling.Parse(rule);
                CollectSinks.StoreOptions(options, options.Store ?? CollectorDefaults.StoreDirectory);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or FileNotFoundException or InvalidDataException)
            {
                Console.Error.WriteLine($"netflow collect: {e.Message}");
                return 2;
            }
            return Run(options);
        });
        return command;
    }

    private static int Run(CollectorOptions options)
    {
        // No host defaults: the collector's settings come from --config, NETFLOW_* and flags
        // (CollectConfiguration), not from an appsettings.json that happens to be in the working
        // directory, and nothing needs a file watcher thread to reload one.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        // Logs go to stderr: stdout may be carrying JSON lines.
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ "; o.UseUtcTimestamp = true; });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // no line per scrape
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(5));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new CollectorRuntime(options, CollectSinks.Create(options, sp.GetRequiredService<ILoggerFactory>()), sp.GetRequiredService<ILoggerFactory>()));
        // Metrics first: /metrics and /health come up before the listeners and stay up while it drains.
        builder.Services.AddHostedService<Collector.Metrics.MetricsHostedService>();
        builder.Services.AddHostedService<CollectorHostedService>();
        using var host = builder.Build();
        try
        {
            host.Run();
            return 0;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"netflow collect: {e.Message}");
            return 1;
        }
    }

    private static void Add(Dictionary<string, string?> flags, string key, string? value)
    {
        if (value is not null)
            flags[key] = value;
    }

    private static void AddList(Dictionary<string, string?> flags, string key, string[]? values)
    {
        for (int i = 0; values is not null && i < values.Length; i++)
            flags[$"{key}:{i}"] = values[i];
    }
}
