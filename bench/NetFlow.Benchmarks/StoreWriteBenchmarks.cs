using BenchmarkDotNet.Attributes;
using NetFlow.Benchmarks.Columns;
using NetFlow.Benchmarks.Packets;
using NetFlow.Benchmarks.Store;
using NetFlow.Storage;
using NetFlow.Storage.Schema;
using NetFlow.Storage.Writing;
using NetFlow.Storage.Writing.Parquet;
using Parquet;

namespace NetFlow.Benchmarks;

/// <summary>
/// The flow store's write path on one core: one operation is one record (OperationsPerInvoke =
/// the records one invoke writes, about 1 M), so Mean is ns per record and Allocated is bytes
/// per record. The v9 stream is decoded into FlowRecordBatch batches in setup; what is timed is
/// the store's own work.
/// <list type="bullet">
/// <item><see cref="SinkWrite"/>: FlowStoreSink.WriteAsync for every batch, then DisposeAsync, which
/// writes the last row group and the footer, fsyncs and renames the file: everything the collector's
/// store sink does for these records (8 row groups of 128 Ki rows, one file, and the hourly rollups).</item>
/// <item><see cref="SinkWriteWithoutRollups"/>: the same with rollups off: the flow files alone.</item>
/// <item><see cref="RowGroupAdd"/>: FlowRowGroup.Add alone (records into column arrays one by one), the part before Parquet for records that cannot go by runs.</item>
/// <item><see cref="RowGroupAddRuns"/>: FlowRowGroup.TryAddRuns alone, the runs (one packet's records each) of a batch column by
/// column together, as the sink adds fixed-length records; <see cref="RowGroupAddRunByRun"/> a run at a time. The batches'
/// bytes come from memory, as they do in the collector when the store runs behind decoding; <see cref="RowGroupAddRunsHot"/>
/// adds the first batch again and again, its bytes in the core's cache: the difference is what reading them from memory costs.</item>
/// <item><see cref="ParquetWrite"/>: the same 8 row groups, already filled, through FlowRowGroupWriter
/// into a store file (footer, fsync, rename): the part after.</item>
/// <item><see cref="ParquetEncode"/>: the same into a MemoryStream: the store's Parquet encoding and snappy
/// without the file system.</item>
/// <item><see cref="RecordTimes"/> and <see cref="RecordSampling"/>: the FlowRecord look-ups the store
/// makes per record (start and end time in FlowRowGroup.Add, the sampling rate in FlowStoreSink.Add), alone.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
[OperationUnit("record")]
public class StoreWriteBenchmarks
{
    /// <summary>Distinct v9 packets per invoke: 37 449 x 28 = 1 048 572 records, 8 row groups of (up to) 131 072.</summary>
    private const int Packets = 37_449;
    private const int Records = Packets * NetFlowV9Packets.Records;
    private const string ExporterName = "192.0.2.10";

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"netflow-bench-store-{Environment.ProcessId}");
    private readonly FixedClock _clock = new(Exporter.ReceivedUtc);
    private StoreInput _input = null!;
    private FlowRowGroup _group = null!;
    private FlowRowGroup[] _filled = [];
    private MemoryStream _memory = null!;
    private ParquetOptions _parquet = null!;
    private RowGroupEncoder _encoder = null!;
    private int _run;

    [GlobalSetup(Targets = [nameof(SinkWrite), nameof(SinkWriteWithoutRollups), nameof(RowGroupAdd), nameof(RowGroupAddRuns), nameof(RowGroupAddRunByRun), nameof(RowGroupAddRunsHot), nameof(RecordTimes), nameof(RecordSampling)])]
    public void SetupRecords()
    {
        _input = StoreInput.Decode(Packets);
        if (_input.Records != Records)
            throw new InvalidOperationException($"decoded {_input.Records} records, expected {Records}");
        _group = new FlowRowGroup(FlowStoreOptions.Default.RowGroupRows);
        Directory.CreateDirectory(_root);
    }

    [GlobalSetup(Targets = [nameof(ParquetWrite), nameof(ParquetEncode)])]
    public void SetupRowGroups()
    {
        var input = StoreInput.Decode(Packets);
        var groups = new List<FlowRowGroup>();
        var group = new FlowRowGroup(FlowStoreOptions.Default.RowGroupRows);
        foreach (var batch in input.Batches)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                if (group.IsFull)
                {
                    groups.Add(group);
                    group = new FlowRowGroup(FlowStoreOptions.Default.RowGroupRows);
                }
                group.Add(batch[i], ExporterName, 0, renormalize: false);
            }
        }
        groups.Add(group);
        _filled = [.. groups];
        var defaults = FlowStoreOptions.Default;
        _parquet = new ParquetOptions { CompressionMethod = defaults.Compression, CompressionLevel = System.IO.Compression.CompressionLevel.Fastest };
        _memory = new MemoryStream(64 << 20);
        _encoder = new RowGroupEncoder();
        Directory.CreateDirectory(_root);
        // What the file costs on disk, printed once: the encodings decide it as much as the time.
        long bytes = ParquetEncode().GetAwaiter().GetResult();
        Console.WriteLine($"// flow file of {Records} records: {bytes} bytes, {(double)bytes / Records:F1} B/record");
    }

    /// <summary>The files of the last iteration go, so the disk does not fill over a run.</summary>
    [IterationCleanup]
    public void RemoveFiles()
    {
        foreach (string directory in Directory.EnumerateDirectories(_root))
            Directory.Delete(directory, recursive: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Description = "FlowStoreSink: batches -> 1 Parquet file", OperationsPerInvoke = Records)]
    public Task<long> SinkWrite() => WriteThroughSinkAsync(FlowStoreOptions.Default);

    [Benchmark(Description = "FlowStoreSink without rollups", OperationsPerInvoke = Records)]
    public Task<long> SinkWriteWithoutRollups() => WriteThroughSinkAsync(FlowStoreOptions.Default with { Rollups = false });

    private async Task<long> WriteThroughSinkAsync(FlowStoreOptions options)
    {
        var sink = new FlowStoreSink(options with { Directory = NextDirectory() }, timeProvider: _clock);
        foreach (var batch in _input.Batches)
            await sink.WriteAsync(batch, CancellationToken.None);
        await sink.DisposeAsync();
        var counters = sink.Counters;
        if (counters.FlowRecords != Records || counters.FilesFinished != 1 || counters.LostRecords != 0)
            throw new InvalidOperationException($"the sink wrote {counters.FlowRecords} records in {counters.FilesFinished} files, lost {counters.LostRecords}");
        return counters.BytesFinished;
    }

    [Benchmark(Description = "FlowRowGroup.Add only", OperationsPerInvoke = Records)]
    public int RowGroupAdd()
    {
        var group = _group;
        int total = 0;
        foreach (var batch in _input.Batches)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                if (group.IsFull)
                {
                    total += group.Count;
                    group.Clear();
                }
                group.Add(batch[i], ExporterName, 0, renormalize: false);
            }
        }
        total += group.Count;
        group.Clear();
        return total;
    }

    [Benchmark(Description = "FlowRowGroup.TryAddRuns, runs together", OperationsPerInvoke = Records)]
    public int RowGroupAddRuns()
    {
        int total = 0;
        foreach (var batch in _input.Batches)
            total += AddRuns(batch, together: true);
        return total + ClearGroup();
    }

    [Benchmark(Description = "FlowRowGroup.TryAddRuns, a run at a time", OperationsPerInvoke = Records)]
    public int RowGroupAddRunByRun()
    {
        int total = 0;
        foreach (var batch in _input.Batches)
            total += AddRuns(batch, together: false);
        return total + ClearGroup();
    }

    [Benchmark(Description = "FlowRowGroup.TryAddRuns, runs together, one batch in cache", OperationsPerInvoke = Records)]
    public int RowGroupAddRunsHot()
    {
        int total = 0;
        var batch = _input.Batches[0];
        for (int b = 0; b < _input.Batches.Length; b++)
            total += AddRuns(batch, together: true);
        return total + ClearGroup();
    }

    /// <summary>Every run of the batch through TryAddRuns, as FlowStoreSink.AddRuns takes them (one exporter, no sampling); the group is emptied when full.</summary>
    private int AddRuns(NetFlow.Protocol.Records.FlowRecordBatch batch, bool together)
    {
        var group = _group;
        int total = 0;
        for (int r = 0, skip = 0; r < batch.RunCount;)
        {
            if (group.IsFull)
            {
                total += group.Count;
                group.Clear();
            }
            int added = group.TryAddRuns(batch, r, together ? batch.RunCount - r : 1, skip, ExporterName, 0, renormalize: false);
            if (added == 0)
                throw new InvalidOperationException("a run of the benchmark's fixed-length template did not go column by column");
            skip += added;
            while (r < batch.RunCount && skip >= batch.Run(r).Count)
                skip -= batch.Run(r++).Count;
        }
        return total;
    }

    private int ClearGroup()
    {
        int count = _group.Count;
        _group.Clear();
        return count;
    }

    [Benchmark(Description = "Parquet write only (file, footer, fsync)", OperationsPerInvoke = Records)]
    public async Task<long> ParquetWrite()
    {
        string path = StoreLayout.NewFilePath(NextDirectory(), StoreLayout.FlowsDirectory, Exporter.ReceivedUtc);
        var file = FlowStoreFile.Create(path, _encoder, _parquet.CompressionMethod);
        var span = TimeRange.Empty;
        foreach (var group in _filled)
        {
            await file.WriteAsync(group, CancellationToken.None);
            span = span.Including(group.Span);
        }
        var (_, bytes) = await file.FinishAsync(span);
        return bytes;
    }

    /// <summary>The store's Parquet writer (FlowRowGroupWriter, RowGroupEncoder) into a MemoryStream: encoding and compression without the file system.</summary>
    [Benchmark(Description = "Parquet encode only (MemoryStream)", OperationsPerInvoke = Records)]
    public async Task<long> ParquetEncode()
    {
        _memory.SetLength(0);
        using var compressor = PageCompressor.For(_parquet.CompressionMethod);
        var writer = new ParquetFileWriter(_memory, FlowParquetSchema.Columns);
        foreach (var group in _filled)
        {
            var rowGroup = FlowRowGroupWriter.Encode(group, _encoder, compressor);
            await writer.WriteRowGroupAsync(rowGroup, _encoder.Bytes, CancellationToken.None);
        }
        await writer.FinishAsync(CancellationToken.None);
        return _memory.Length;
    }

    [Benchmark(Description = "detail: FlowRecord.TryGetStart + TryGetEnd", OperationsPerInvoke = Records)]
    public long RecordTimes()
    {
        long sum = 0;
        foreach (var batch in _input.Batches)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                var record = batch[i];
                if (record.TryGetStart(out var start))
                    sum += start.Ticks;
                if (record.TryGetEnd(out var end))
                    sum += end.Ticks;
            }
        }
        return sum;
    }

    [Benchmark(Description = "detail: FlowRecord.TryGetSamplingInterval", OperationsPerInvoke = Records)]
    public long RecordSampling()
    {
        long sum = 0;
        foreach (var batch in _input.Batches)
        {
            for (int i = 0; i < batch.Count; i++)
                sum += batch[i].TryGetSamplingInterval(out uint interval) ? interval : 1;
        }
        return sum;
    }

    private string NextDirectory() => Path.Combine(_root, (++_run).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
