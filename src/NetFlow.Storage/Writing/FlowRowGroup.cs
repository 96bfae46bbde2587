using System.Runtime.InteropServices;
using System.Text.Json;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Templates;
using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Writing;

/// <summary>
/// Flow records taken apart into column arrays, one row group's worth, ready for Parquet. A
/// record is one pass over its fields through its template's <see cref="FlowRowGroupPlan"/>
/// (compiled once per template): typed stores into the columns, and JSON into <c>extra</c> for
/// what has no typed column. A nullable column keeps a plain value per row; which columns a row
/// has is one presence word per row (a bit per nullable column), so a row costs a store per field
/// and one per row, nothing cleared. The arrays are reused from one row group to the next, so
/// steady traffic allocates only IPv6 addresses, application ids and extra JSON text.
/// </summary>
internal sealed partial class FlowRowGroup
{
    /// <summary>Past this many templates the plan cache starts again (a template flood must not grow it).</summary>
    private const int MaxCachedTemplates = 4096;

    private readonly Dictionary<Template, FlowRowGroupPlan> _plans = new(ReferenceEqualityComparer.Instance);
    private readonly ColumnSetter?[] _setters;
    private readonly ulong[] _present;
    private readonly List<ExporterRun> _exporterRuns = [];
    private Template? _lastTemplate;
    private FlowRowGroupPlan? _lastPlan;
    private ulong _presentInAll = ulong.MaxValue;
    private ulong _presentInAny;
    private readonly List<Action> _resetBounds = [];
    /// <summary>A record was added one by one (<see cref="Add"/>): no column's bounds were kept.</summary>
    private bool _addedOneByOne;

    public FlowRowGroup(int capacity)
    {
        Capacity = capacity;
        _present = new ulong[capacity];
        int bits = 0;
        ValueColumn<T> Value<T>() where T : struct, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
        {
            var column = new ValueColumn<T>(capacity, _present, 1UL << bits++);
            _resetBounds.Add(column.ResetBounds);
            return column;
        }
        ReferenceColumn<T> Reference<T>() where T : class => new(capacity, _present, 1UL << bits++);

        TimeStart = Value<long>();
        TimeEnd = Value<long>();
        TimeExport = new long[capacity];
        Version = new byte[capacity];
        Domain = new uint[capacity];
        TemplateId = new ushort[capacity];
        SrcIp4 = Value<uint>();
        DstIp4 = Value<uint>();
        NextHop4 = Value<uint>();
        SrcIp6 = Reference<byte[]>();
        DstIp6 = Reference<byte[]>();
        NextHop6 = Reference<byte[]>();
        SrcPort = Value<ushort>();
        DstPort = Value<ushort>();
        Proto = Value<byte>();
        TcpFlags = Value<ushort>();
        Tos = Value<byte>();
        IcmpType = Value<byte>();
        IcmpCode = Value<byte>();
        Bytes = Value<long>();
        Packets = Value<long>();
        InIf = Value<uint>();
        OutIf = Value<uint>();
        SrcAs = Value<uint>();
        DstAs = Value<uint>();
        SrcMask = Value<byte>();
        DstMask = Value<byte>();
        Direction = Value<byte>();
        SrcVlan = Value<ushort>();
        DstVlan = Value<ushort>();
        SrcMac = Value<ulong>();
        DstMac = Value<ulong>();
        SamplingInterval = Value<uint>();
        ForwardingStatus = Value<byte>();
        FlowEndReason = Value<byte>();
        ApplicationId = Reference<byte[]>();
        Extra = Reference<string>();
        if (bits > 64)
            throw new InvalidOperationException("more nullable columns than presence bits in a word");
        _setters = CreateSetters();
        _extra = new Utf8JsonWriter(_extraBuffer, new JsonWriterOptions { SkipValidation = true });
    }

    public int Capacity { get; }
    public int Count { get; private set; }
    public bool IsFull => Count == Capacity;

    /// <summary>
    /// Times as what the file stores (TIMESTAMP(MILLIS): milliseconds since 1970, truncated): IPFIX
    /// times are that already and v9 uptimes come to it with a subtraction, where ticks took a
    /// multiply on the way in and a division on the way out. <see cref="TimeOf"/> makes one a DateTime.
    /// </summary>
    public ValueColumn<long> TimeStart { get; }
    public ValueColumn<long> TimeEnd { get; }
    /// <summary>Columns every record fills are not nullable: no definition levels to build and encode.</summary>
    public long[] TimeExport { get; }

    /// <summary>
    /// The exporter of the rows as runs: the row each run starts at and the exporter's text (one
    /// string object per exporter). Rows come a batch, a run of one exporter, at a time, so a run
    /// per change is what the column's dictionary pages and the exporter rollup need, where a
    /// reference per row cost a GC write barrier per row.
    /// </summary>
    public ReadOnlySpan<ExporterRun> ExporterRuns => CollectionsMarshal.AsSpan(_exporterRuns);

    /// <summary>The exporter of row <paramref name="row"/>.</summary>
    public string ExporterOf(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        var runs = ExporterRuns;
        int lo = 0, hi = runs.Length - 1;
        // The last run starting at or before the row.
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (runs[mid].Start <= row)
                lo = mid;
            else
                hi = mid - 1;
        }
        return runs[lo].Exporter;
    }

    /// <summary>Rows from <paramref name="row"/> on have this exporter: a new run unless the last one has it.</summary>
    private void SetExporter(int row, string exporter)
    {
        if (_exporterRuns.Count == 0 || !ReferenceEquals(_exporterRuns[^1].Exporter, exporter))
            _exporterRuns.Add(new ExporterRun(row, exporter));
    }
    public byte[] Version { get; }
    public uint[] Domain { get; }
    public ushort[] TemplateId { get; }
    public ValueColumn<uint> SrcIp4 { get; }
    public ValueColumn<uint> DstIp4 { get; }
    public ValueColumn<uint> NextHop4 { get; }
    public ReferenceColumn<byte[]> SrcIp6 { get; }
    public ReferenceColumn<byte[]> DstIp6 { get; }
    public ReferenceColumn<byte[]> NextHop6 { get; }
    public ValueColumn<ushort> SrcPort { get; }
    public ValueColumn<ushort> DstPort { get; }
    public ValueColumn<byte> Proto { get; }
    public ValueColumn<ushort> TcpFlags { get; }
    public ValueColumn<byte> Tos { get; }
    public ValueColumn<byte> IcmpType { get; }
    public ValueColumn<byte> IcmpCode { get; }
    public ValueColumn<long> Bytes { get; }
    public ValueColumn<long> Packets { get; }
    public ValueColumn<uint> InIf { get; }
    public ValueColumn<uint> OutIf { get; }
    public ValueColumn<uint> SrcAs { get; }
    public ValueColumn<uint> DstAs { get; }
    public ValueColumn<byte> SrcMask { get; }
    public ValueColumn<byte> DstMask { get; }
    public ValueColumn<byte> Direction { get; }
    public ValueColumn<ushort> SrcVlan { get; }
    public ValueColumn<ushort> DstVlan { get; }
    public ValueColumn<ulong> SrcMac { get; }
    public ValueColumn<ulong> DstMac { get; }
    public ValueColumn<uint> SamplingInterval { get; }
    public ValueColumn<byte> ForwardingStatus { get; }
    public ValueColumn<byte> FlowEndReason { get; }
    public ReferenceColumn<byte[]> ApplicationId { get; }
    public ReferenceColumn<string> Extra { get; }

    /// <summary>The span the rows' flows cover (start to end, export time where a flow has none): the file's name carries it so queries can skip files.</summary>
    public TimeRange Span { get; private set; } = TimeRange.Empty;

    /// <summary>
    /// The least and greatest value <paramref name="column"/> holds in rows that have one, as the runs
    /// that filled it kept them; null when a record went one by one, or a value came another way.
    /// </summary>
    public (T Min, T Max)? BoundsOf<T>(ValueColumn<T> column) where T : struct, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T> =>
        _addedOneByOne ? null : column.Bounds;

    /// <summary>True when every row has a value in the column of this presence bit (the writer then passes the values as they are).</summary>
    public bool AllHave(ulong bit) => (_presentInAll & bit) != 0;

    /// <summary>True when no row has a value in the column of this presence bit (an all-NULL column chunk).</summary>
    public bool NoneHas(ulong bit) => (_presentInAny & bit) == 0;

    /// <summary>
    /// Adds one data record. <paramref name="sampling"/> is the rate that applies (0 when unknown);
    /// with <paramref name="renormalize"/> and a rate above 1, bytes and packets are scaled by it
    /// and <c>extra</c> says so (renormalizedBy), as the JSON output does.
    /// </summary>
    public void Add(in FlowRecord record, string exporter, uint sampling, bool renormalize)
    {
        if (IsFull)
            throw new InvalidOperationException("the row group is full; write it first");
        _addedOneByOne = true;
        int row = Count;
        var header = record.Header;
        var plan = PlanOf(record.Template);
        ulong present = plan.Bits;
        bool startKnown = TryGetTime(record, header, plan.Start, start: true, out var start);
        bool endKnown = TryGetTime(record, header, plan.End, start: false, out var end);
        if (startKnown)
        {
            TimeStart.Values[row] = UnixMilliseconds(start);
            present |= TimeStart.Bit;
        }
        if (endKnown)
        {
            TimeEnd.Values[row] = UnixMilliseconds(end);
            present |= TimeEnd.Bit;
        }

        ulong failed = 0;
        var data = record.Data;
        var writes = plan.ColumnWrites;
        for (int i = 0; i < writes.Length; i++)
        {
            ref readonly var write = ref writes[i];
            var value = plan.FixedLength ? data.Slice(write.Offset, write.Length) : record[write.Field].Bytes;
            if (!write.Setter.TrySet(row, value))
                failed |= 1UL << i;
        }
        bool extraStarted = false;
        if (failed != 0 || plan.HasExtraFields || (plan.HasStartFields && !startKnown) || (plan.HasEndFields && !endKnown))
            present &= ~WriteExtraFields(ref extraStarted, record, plan, failed, startKnown, endKnown);

        ulong scale = renormalize && sampling > 1 ? sampling : 1;
        if (scale > 1)
        {
            if ((present & Bytes.Bit) != 0)
                Bytes.Values[row] = Scaled(Bytes.Values[row], scale);
            if ((present & Packets.Bit) != 0)
                Packets.Values[row] = Scaled(Packets.Values[row], scale);
            StartExtra(ref extraStarted);
            _extra.WriteNumber("renormalizedBy", scale);
        }
        if (extraStarted)
        {
            Extra.Values[row] = FinishExtra();
            present |= Extra.Bit;
        }
        if (sampling > 0)
        {
            SamplingInterval.Values[row] = sampling;
            present |= SamplingInterval.Bit;
        }

        var exportTime = header.ExportTimeUtc;
        long export = UnixMilliseconds(exportTime);
        TimeExport[row] = export;
        // The span of the times as stored (whole milliseconds), as the column-by-column way has it.
        Span = Span.Including(TimeOf(startKnown ? TimeStart.Values[row] : export)).Including(TimeOf(endKnown ? TimeEnd.Values[row] : export));
        SetExporter(row, exporter);
        Version[row] = (byte)header.Version;
        Domain[row] = header.Domain;
        TemplateId[row] = record.Template.Id;
        _present[row] = present;
        _presentInAll &= present;
        _presentInAny |= present;
        Count++;
    }

    /// <summary>A flow time the quick way when the template's plan knows where it is, else the general way.</summary>
    private static bool TryGetTime(in FlowRecord record, in Protocol.Messages.MessageHeader header, TimeSource source, bool start, out DateTime time)
    {
        switch (source.Kind)
        {
            case TimeSourceKind.Milliseconds when record[source.Field].TryGetDateTime(out time):
                return true;
            case TimeSourceKind.V9SysUpTime when record[source.Field].TryGetUInt64(out ulong uptime) && uptime <= uint.MaxValue:
                time = header.FromSysUptime((uint)uptime);
                return true;
            default:
                // Not where the plan expected, or a form it does not take the quick way: the general reading decides.
                return start ? record.TryGetStart(out time) : record.TryGetEnd(out time);
        }
    }

    /// <summary>Empties the group for the next one; the arrays stay.</summary>
    public void Clear()
    {
        // References (strings, byte arrays) are dropped so the GC can take them; values are overwritten per row.
        Clear(SrcIp6);
        Clear(DstIp6);
        Clear(NextHop6);
        Clear(ApplicationId);
        Clear(Extra);
        _exporterRuns.Clear();
        foreach (var reset in _resetBounds)
            reset();
        _addedOneByOne = false;
        Count = 0;
        Span = TimeRange.Empty;
        _presentInAll = ulong.MaxValue;
        _presentInAny = 0;
    }

    private void Clear<T>(ReferenceColumn<T> column) where T : class
    {
        if (!NoneHas(column.Bit))
            Array.Clear(column.Values, 0, Count);
    }

    private FlowRowGroupPlan PlanOf(Template template)
    {
        // Consecutive records mostly share a template: one reference test instead of a lookup.
        if (ReferenceEquals(template, _lastTemplate))
            return _lastPlan!;
        if (!_plans.TryGetValue(template, out var plan))
        {
            if (_plans.Count >= MaxCachedTemplates)
                _plans.Clear();
            plan = FlowRowGroupPlan.For(template, column => _setters[(int)column] ?? throw new InvalidOperationException($"no setter for column {column}"));
            _plans.Add(template, plan);
        }
        _lastTemplate = template;
        _lastPlan = plan;
        return plan;
    }

    /// <summary>The setter of every typed column, by <see cref="FlowColumn"/> (the delta and total counters share theirs).</summary>
    private ColumnSetter?[] CreateSetters()
    {
        var setters = new ColumnSetter?[Enum.GetValues<FlowColumn>().Length];
        void Set(FlowColumn column, ColumnSetter setter) => setters[(int)column] = setter;
        Set(FlowColumn.SrcIp4, new Ipv4Setter(SrcIp4));
        Set(FlowColumn.DstIp4, new Ipv4Setter(DstIp4));
        Set(FlowColumn.NextHop4, new Ipv4Setter(NextHop4));
        Set(FlowColumn.SrcIp6, new BytesSetter(SrcIp6, 16));
        Set(FlowColumn.DstIp6, new BytesSetter(DstIp6, 16));
        Set(FlowColumn.NextHop6, new BytesSetter(NextHop6, 16));
        Set(FlowColumn.SrcMac, new MacSetter(SrcMac));
        Set(FlowColumn.DstMac, new MacSetter(DstMac));
        Set(FlowColumn.ApplicationId, new BytesSetter(ApplicationId, null));
        var bytes = new IntegerSetter<long>(Bytes);
        var packets = new IntegerSetter<long>(Packets);
        Set(FlowColumn.Bytes, bytes);
        Set(FlowColumn.BytesTotal, bytes);
        Set(FlowColumn.Packets, packets);
        Set(FlowColumn.PacketsTotal, packets);
        Set(FlowColumn.SrcPort, new IntegerSetter<ushort>(SrcPort));
        Set(FlowColumn.DstPort, new IntegerSetter<ushort>(DstPort));
        Set(FlowColumn.Proto, new IntegerSetter<byte>(Proto));
        Set(FlowColumn.TcpFlags, new IntegerSetter<ushort>(TcpFlags));
        Set(FlowColumn.Tos, new IntegerSetter<byte>(Tos));
        Set(FlowColumn.IcmpTypeCode, new IcmpTypeCodeSetter(IcmpType, IcmpCode));
        Set(FlowColumn.IcmpType, new IntegerSetter<byte>(IcmpType));
        Set(FlowColumn.IcmpCode, new IntegerSetter<byte>(IcmpCode));
        Set(FlowColumn.InIf, new IntegerSetter<uint>(InIf));
        Set(FlowColumn.OutIf, new IntegerSetter<uint>(OutIf));
        Set(FlowColumn.SrcAs, new IntegerSetter<uint>(SrcAs));
        Set(FlowColumn.DstAs, new IntegerSetter<uint>(DstAs));
        Set(FlowColumn.SrcMask, new IntegerSetter<byte>(SrcMask));
        Set(FlowColumn.DstMask, new IntegerSetter<byte>(DstMask));
        Set(FlowColumn.Direction, new IntegerSetter<byte>(Direction));
        Set(FlowColumn.SrcVlan, new IntegerSetter<ushort>(SrcVlan));
        Set(FlowColumn.DstVlan, new IntegerSetter<ushort>(DstVlan));
        Set(FlowColumn.ForwardingStatus, new IntegerSetter<byte>(ForwardingStatus));
        Set(FlowColumn.FlowEndReason, new IntegerSetter<byte>(FlowEndReason));
        return setters;
    }

    /// <summary>DateTime.UnixEpoch in milliseconds since 0001-01-01.</summary>
    private const long UnixEpochMilliseconds = 62_135_596_800_000;

    /// <summary>A time as the file stores it: whole milliseconds since 1970, truncated (floored: ticks are never negative).</summary>
    public static long UnixMilliseconds(DateTime time) => (long)((ulong)time.Ticks / TimeSpan.TicksPerMillisecond) - UnixEpochMilliseconds;

    /// <summary>A stored time as a UTC DateTime.</summary>
    public static DateTime TimeOf(long unixMilliseconds) => new((unixMilliseconds + UnixEpochMilliseconds) * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    private static long Scaled(long value, ulong scale) => (long)UInt128.Min((UInt128)(ulong)value * scale, long.MaxValue);
}

/// <summary>Rows from <see cref="Start"/> on (to the next run's start or the group's end) came from <see cref="Exporter"/>.</summary>
internal readonly record struct ExporterRun(int Start, string Exporter);
