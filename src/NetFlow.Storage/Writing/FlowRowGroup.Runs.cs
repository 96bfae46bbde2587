using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Records;
using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Writing;

internal sealed partial class FlowRowGroup
{
    private const long MaxUnixMilliseconds = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z, as FieldValue.TryGetDateTime allows

    /// <summary>
    /// Adds records of fixed-length runs column by column: each typed field's column filled by one
    /// loop over the records' bytes at the template's stride, the columns every record shares
    /// (exporter, presence ...) by a fill; only fields without a typed column still go record by
    /// record, into extra. This is the common case at high rates and costs a fraction of
    /// <see cref="Add"/> per record.
    /// <para>
    /// It starts at record <paramref name="skip"/> of run <paramref name="firstRun"/> and goes on
    /// into the <paramref name="runCount"/> - 1 runs after it as long as they have the same template
    /// and version and their bytes follow on (as the sets of one exporter's datagrams in a batch
    /// do): one loop per column over all of them, where a run is one datagram's set of some 28
    /// records and a loop per run and column cost about as much as its values. Times and export
    /// time, which depend on each message's header, still go run by run.
    /// </para>
    /// Returns how many records it added (as many as fit), or 0 when they must go record by record:
    /// a plan that is not <see cref="FlowRowGroupPlan.Columnar"/>, counters to renormalise, or a
    /// value that does not fit its column or time (that record then goes to extra as
    /// <see cref="Add"/> writes it). Rows it touched before giving up are not counted, so the caller
    /// adds the same records another way: run by run, or with <see cref="Add"/>.
    /// </summary>
    /// <param name="sampling">The rate for every record of the runs: a columnar plan has no sampling fields, so it comes from the message's domain or header; the caller passes runs that share it.</param>
    public int TryAddRuns(FlowRecordBatch batch, int firstRun, int runCount, int skip, string exporter, uint sampling, bool renormalize)
    {
        ref readonly var head = ref batch.Run(firstRun);
        var template = head.Template;
        int stride = template.FixedRecordLength;
        if (stride <= 0 || (renormalize && sampling > 1))
            return 0;
        var plan = PlanOf(template);
        if (!plan.Columnar)
            return 0;
        int room = Capacity - Count;
        int n = Math.Min(head.Count - skip, room);
        if (n <= 0)
            return 0;
        var version = head.Context.Header.Version;
        int runs = 1;
        for (; runs < runCount && n < room; runs++)
        {
            // The same template object is the same exporter session and domain.
            ref readonly var next = ref batch.Run(firstRun + runs);
            if (!ReferenceEquals(next.Template, template) || next.Context.Header.Version != version)
                break;
            n += Math.Min(next.Count, room - n);
        }
        int firstRecord = head.First + skip;
        var data = batch.RecordData(firstRecord, n);
        if (data.Length != n * stride)
        {
            // Not back to back after all: the first run alone, whose records always are.
            runs = 1;
            n = Math.Min(head.Count - skip, room);
            data = batch.RecordData(firstRecord, n);
        }
        int row = Count;
        // The span the times cover, in milliseconds since 1970, and each time column's own bounds.
        long min = long.MaxValue, max = long.MinValue;
        long startMin = long.MaxValue, startMax = long.MinValue, endMin = long.MaxValue, endMax = long.MinValue;
        ulong present = plan.Bits;

        // What depends on each message's header, run by run.
        for (int k = 0, done = 0; k < runs; k++)
        {
            ref readonly var run = ref batch.Run(firstRun + k);
            int count = Math.Min(run.Count - (k == 0 ? skip : 0), n - done);
            var header = run.Context.Header;
            var bytes = data.Slice(done * stride, count * stride);
            if (plan.Start.Kind != TimeSourceKind.General
                && !TrySetTimes(TimeStart.Values.AsSpan(row + done, count), plan.Start.Kind, plan.StartField, header, bytes, stride, ref startMin, ref startMax))
                return 0;
            if (plan.End.Kind != TimeSourceKind.General
                && !TrySetTimes(TimeEnd.Values.AsSpan(row + done, count), plan.End.Kind, plan.EndField, header, bytes, stride, ref endMin, ref endMax))
                return 0;
            long exportTime = UnixMilliseconds(header.ExportTimeUtc);
            // A flow without a start or an end time is placed at its export time (as Add does).
            if (plan.Start.Kind == TimeSourceKind.General || plan.End.Kind == TimeSourceKind.General)
            {
                min = Math.Min(min, exportTime);
                max = Math.Max(max, exportTime);
            }
            TimeExport.AsSpan(row + done, count).Fill(exportTime);
            done += count;
        }
        if (plan.Start.Kind != TimeSourceKind.General)
        {
            present |= TimeStart.Bit;
            (min, max) = (Math.Min(min, startMin), Math.Max(max, startMax));
        }
        if (plan.End.Kind != TimeSourceKind.General)
        {
            present |= TimeEnd.Bit;
            (min, max) = (Math.Min(min, endMin), Math.Max(max, endMax));
        }

        var writes = plan.ColumnWrites;
        for (int i = 0; i < writes.Length; i++)
        {
            ref readonly var write = ref writes[i];
            if (!write.Setter.TrySetRun(row, data, stride, write.Offset, write.Length, n))
                return 0;
        }
        if (sampling > 0)
        {
            SamplingInterval.Values.AsSpan(row, n).Fill(sampling);
            SamplingInterval.Widen(sampling, sampling);
            present |= SamplingInterval.Bit;
        }
        _present.AsSpan(row, n).Fill(present);
        ulong inAll = present, inAny = present;
        if (plan.HasExtraFields)
        {
            // Fields without a typed column, record by record; the times are known here (or the template has none).
            int withExtra = 0;
            for (int i = 0; i < n; i++)
            {
                bool started = false;
                WriteExtraFields(ref started, batch[firstRecord + i], plan, failed: 0, startKnown: true, endKnown: true);
                if (started)
                {
                    Extra.Values[row + i] = FinishExtra();
                    _present[row + i] |= Extra.Bit;
                    withExtra++;
                }
            }
            if (withExtra > 0)
                inAny |= Extra.Bit;
            if (withExtra == n)
                inAll |= Extra.Bit;
        }
        if (plan.Start.Kind != TimeSourceKind.General)
            TimeStart.Widen(startMin, startMax);
        if (plan.End.Kind != TimeSourceKind.General)
            TimeEnd.Widen(endMin, endMax);
        SetExporter(row, exporter);
        Version.AsSpan(row, n).Fill((byte)version);
        Domain.AsSpan(row, n).Fill(head.Context.Header.Domain);
        TemplateId.AsSpan(row, n).Fill(template.Id);
        Span = Span.Including(TimeOf(min)).Including(TimeOf(max));
        _presentInAll &= inAll;
        _presentInAny |= inAny;
        Count += n;
        return n;
    }

    /// <summary>
    /// One time column of a run, as milliseconds since 1970: IPFIX's as they are, or v9 uptime made
    /// absolute against the header (as <see cref="MessageHeader.FromSysUptime"/>). False when a value is
    /// out of range (the record then needs <see cref="Add"/>). Widens [min, max] by every time set. The
    /// usual forms (v9 uptime in 4 bytes, IPFIX milliseconds in 8) get a loop each, compiled for that width and form.
    /// </summary>
    private static bool TrySetTimes(Span<long> times, TimeSourceKind kind, (int Offset, int Length) field, in MessageHeader header,
        ReadOnlySpan<byte> data, int stride, ref long min, ref long max)
    {
        if (!StridedField.InBounds(data, stride, field.Offset, field.Length, times.Length))
            return false;
        var clock = new ExportClock(UnixMilliseconds(header.ExportTimeUtc), header.SysUptimeMs);
        ref byte first = ref StridedField.First(data, field.Offset);
        return (kind, field.Length) switch
        {
            (TimeSourceKind.V9SysUpTime, 4) => FillTimes<StridedField.BigEndian32, SysUptimeTime>(times, ref first, stride, clock, ref min, ref max),
            (TimeSourceKind.V9SysUpTime, 8) => FillTimes<StridedField.BigEndian64, SysUptimeTime>(times, ref first, stride, clock, ref min, ref max),
            (TimeSourceKind.Milliseconds, 8) => FillTimes<StridedField.BigEndian64, UnixMillisecondsTime>(times, ref first, stride, clock, ref min, ref max),
            (TimeSourceKind.Milliseconds, 4) => FillTimes<StridedField.BigEndian32, UnixMillisecondsTime>(times, ref first, stride, clock, ref min, ref max),
            _ => TrySetReducedSizeTimes(times, kind, field, data, stride, clock, ref min, ref max),
        };
    }

    private static bool FillTimes<TWidth, TForm>(Span<long> times, ref byte first, int stride, ExportClock clock, ref long min, ref long max)
        where TWidth : struct, StridedField.IWidth
        where TForm : struct, ITimeForm
    {
        long lo = min, hi = max;
        nint p = 0;
        for (int i = 0; i < times.Length; i++, p += stride)
        {
            if (!TForm.TryMilliseconds(TWidth.Read(ref first, p), clock, out long time))
                return false;
            times[i] = time;
            lo = Math.Min(lo, time);
            hi = Math.Max(hi, time);
        }
        (min, max) = (lo, hi);
        return true;
    }

    /// <summary>Times of other widths (RFC 7011 §6.2 reduced size), read the general way.</summary>
    private static bool TrySetReducedSizeTimes(Span<long> times, TimeSourceKind kind, (int Offset, int Length) field,
        ReadOnlySpan<byte> data, int stride, ExportClock clock, ref long min, ref long max)
    {
        bool milliseconds = kind == TimeSourceKind.Milliseconds;
        for (int i = 0, p = field.Offset; i < times.Length; i++, p += stride)
        {
            ulong value = FieldValue.TryReadUInt64(data.Slice(p, field.Length), out ulong v) ? v : ulong.MaxValue;
            bool ok = milliseconds ? UnixMillisecondsTime.TryMilliseconds(value, clock, out long time) : SysUptimeTime.TryMilliseconds(value, clock, out time);
            if (!ok)
                return false;
            times[i] = time;
            min = Math.Min(min, time);
            max = Math.Max(max, time);
        }
        return true;
    }

    /// <summary>What a message's times are taken against: its export time (milliseconds since 1970) and the exporter's uptime then.</summary>
    private readonly record struct ExportClock(long ExportTime, uint UptimeMs);

    /// <summary>How a time field's value becomes milliseconds since 1970; a type per form, so a loop over a run is compiled once per form.</summary>
    private interface ITimeForm
    {
        static abstract bool TryMilliseconds(ulong value, ExportClock clock, out long time);
    }

    /// <summary>Milliseconds since 1970 (IPFIX flowStart/EndMilliseconds), up to the end of year 9999.</summary>
    private readonly struct UnixMillisecondsTime : ITimeForm
    {
        public static bool TryMilliseconds(ulong value, ExportClock clock, out long time)
        {
            time = (long)Math.Min(value, MaxUnixMilliseconds);
            return value <= MaxUnixMilliseconds;
        }
    }

    /// <summary>
    /// v9 FIRST/LAST_SWITCHED: the exporter's uptime in milliseconds, made absolute against the
    /// header's; the difference is taken modulo 2^32 and read as signed, as <see cref="MessageHeader.FromSysUptime"/> does.
    /// </summary>
    private readonly struct SysUptimeTime : ITimeForm
    {
        public static bool TryMilliseconds(ulong value, ExportClock clock, out long time)
        {
            int behindMs = unchecked((int)(clock.UptimeMs - (uint)value));
            time = clock.ExportTime - behindMs;
            return value <= uint.MaxValue;
        }
    }
}
