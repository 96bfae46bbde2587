using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using NetFlow.Benchmarks.Store;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;
using NetFlow.Storage;
using NetFlow.Storage.Text;
using NetFlow.Storage.Writing;

namespace NetFlow.Benchmarks.StoreGen;

/// <summary>
/// <c>store-gen</c>: fills a store directory with synthetic flows written exactly as the collector
/// writes them. <see cref="TrafficModel"/> flows become NetFlow v9 packets of a few exporters,
/// <see cref="ExporterSession.Decode"/> decodes them into FlowRecordBatch batches of 8192 records
/// (the collector's batch size) and a <see cref="FlowStoreSink"/> with the collector's defaults
/// (1-minute files, 128 Ki-row row groups, snappy) writes them; its clock follows the packets'
/// export times, so a day of traffic gives a day of files. Decode and write run on two threads,
/// as in the collector.
/// </summary>
internal static class StoreGenerator
{
    private const string Usage =
        "store-gen --dir DIR [--records 100M] [--hosts 100000] [--day 2026-01-01] [--rotation 1m] [--exporters 4] [--ipv6 0.1] [--seed 1]";

    public static int Run(string[] args)
    {
        string? dir = null;
        long records = 100_000_000;
        int hosts = 100_000, exporters = 4, seed = 1;
        double ipv6Share = 0.10;
        var day = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var rotation = FlowStoreOptions.Default.RotationInterval;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--dir": dir = Value(); break;
                    case "--records": records = Count(Value()); break;
                    case "--hosts": hosts = (int)Count(Value()); break;
                    case "--day": day = DateTime.SpecifyKind(DateTime.ParseExact(Value(), "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc); break;
                    case "--rotation": rotation = DurationText.Parse(Value(), "--rotation"); break;
                    case "--exporters": exporters = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--ipv6": ipv6Share = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--seed": seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    default: throw new FormatException($"unknown option {args[i]}");
                }
            }
            if (dir is null)
                throw new FormatException("--dir is required");
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"store-gen: {e.Message}\nusage: {Usage}");
            return 2;
        }
        if (Directory.Exists(Path.Combine(dir, StoreLayout.FlowsDirectory)))
        {
            Console.Error.WriteLine($"store-gen: {dir} already holds a store; remove it first");
            return 1;
        }
        Generate(dir, records, hosts, day, rotation, exporters, ipv6Share, seed);
        return 0;
    }

    private static void Generate(string dir, long total, int hosts, DateTime day, TimeSpan rotation, int exporterCount, double ipv6Share, int seed)
    {
        var clock = Stopwatch.StartNew();
        var model = new TrafficModel(hosts, seed);
        Console.Error.WriteLine($"store-gen: {total:N0} records, {hosts:N0} hosts, {exporterCount} exporters, {ipv6Share:P0} IPv6, over {day:yyyy-MM-dd}, {DurationText.Format(rotation)} files -> {dir}");

        // The exporters booted 14 days before the day; uptime is what v9 times count from.
        var boot = day.AddDays(-14);
        var exporters = new (V9Writer Writer, ExporterSession Session)[exporterCount];
        for (int e = 0; e < exporterCount; e++)
        {
            var address = IPAddress.Parse($"192.0.2.{e + 1}");
            exporters[e] = (new V9Writer((uint)(0x100 + e)), new ExporterSession(address));
            var templates = exporters[e].Writer.Templates(Uptime(day, boot), Seconds(day));
            var handler = new BatchingHandler(new FlowRecordBatch());
            exporters[e].Session.Decode(templates, day, ref handler);
            if (handler.Errors != 0 || exporters[e].Session.Templates.Count != 2)
                throw new InvalidOperationException("the template packet did not give two templates");
        }

        // A packet is IPv6 with the probability that makes ipv6Share of the records IPv6 (16 vs 28 records a packet).
        double ipv6Packets = ipv6Share * V9Writer.Ipv4Records / (V9Writer.Ipv6Records + ipv6Share * (V9Writer.Ipv4Records - V9Writer.Ipv6Records));
        var sinkClock = new FixedClock(day);
        var options = FlowStoreOptions.Default with { Directory = dir, RotationInterval = rotation };
        var full = new BlockingCollection<(FlowRecordBatch Batch, DateTime Received)>(boundedCapacity: 4);
        var free = new BlockingCollection<FlowRecordBatch>();
        for (int i = 0; i < 6; i++)
            free.Add(new FlowRecordBatch(StoreInput.BatchRecords + 32, (StoreInput.BatchRecords + 32) * 90));

        var sink = new FlowStoreSink(options, timeProvider: sinkClock);
        var writer = new Thread(() =>
        {
            foreach (var (batch, received) in full.GetConsumingEnumerable())
            {
                sinkClock.UtcNow = received;
                sink.WriteAsync(batch, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                batch.Clear();
                free.Add(batch);
            }
            sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }) { Name = "store writer" };
        writer.Start();

        var random = new Random(seed + 1);
        var flows = new SyntheticFlow[V9Writer.Ipv4Records];
        var current = free.Take();
        long made = 0, nextReport = 10_000_000, errors = 0;
        int exporter = 0;
        DateTime received = day;
        try
        {
            while (made < total)
            {
                // Records spread evenly over the day: this packet's export time is its place in the run.
                var exportTime = day.AddTicks((long)(TimeSpan.TicksPerDay * ((double)made / total)));
                uint uptime = Uptime(exportTime, boot), seconds = Seconds(exportTime);
                bool ipv6 = random.NextDouble() < ipv6Packets;
                int count = (int)Math.Min(ipv6 ? V9Writer.Ipv6Records : V9Writer.Ipv4Records, total - made);
                var (v9, session) = exporters[exporter];
                for (int i = 0; i < count; i++)
                    model.Next(ref flows[i], ipv6, uptime, exporter);
                var packet = v9.Data(flows.AsSpan(0, count), uptime, seconds);
                received = exportTime.AddMilliseconds(500);
                var handler = new BatchingHandler(current);
                session.Decode(packet, received, ref handler);
                errors += handler.Errors;
                made += count;
                exporter = (exporter + 1) % exporterCount;
                if (current.Count >= StoreInput.BatchRecords)
                {
                    full.Add((current, received));
                    current = free.Take();
                }
                if (made >= nextReport)
                {
                    nextReport += 10_000_000;
                    Console.Error.WriteLine($"store-gen: {made:N0} records ({made / clock.Elapsed.TotalSeconds:N0}/s), {sink.Counters.FilesFinished} files, {sink.Counters.BytesFinished / 1e9:F2} GB, at {exportTime:HH:mm}");
                }
            }
            if (current.Count > 0)
                full.Add((current, received));
        }
        finally
        {
            full.CompleteAdding();
            writer.Join();
        }
        var c = sink.Counters;
        foreach (var (_, session) in exporters)
            errors += session.Counters.TotalErrors;
        if (errors != 0 || c.FlowRecords != total || c.LostRecords != 0)
            throw new InvalidOperationException($"store-gen: {errors} decode errors, {c.FlowRecords} of {total} records stored, {c.LostRecords} lost");
        double elapsed = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"store-gen: done: {c.FlowRecords:N0} records in {c.FilesFinished} files, {c.BytesFinished / 1e9:F2} GB ({(double)c.BytesFinished / c.FlowRecords:F1} B/record), {elapsed:F0} s ({c.FlowRecords / elapsed:N0} records/s)");
    }

    private static uint Uptime(DateTime t, DateTime boot) => (uint)(t - boot).TotalMilliseconds;

    private static uint Seconds(DateTime t) => (uint)(t - DateTime.UnixEpoch).TotalSeconds;

    private static long Count(string text)
    {
        text = text.Trim().Replace("_", "", StringComparison.Ordinal);
        long scale = char.ToUpperInvariant(text[^1]) switch { 'K' => 1_000, 'M' => 1_000_000, 'G' => 1_000_000_000, _ => 1 };
        return long.Parse(scale == 1 ? text : text[..^1], CultureInfo.InvariantCulture) * scale;
    }
}
