using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Sessions;

public sealed partial class ExporterSession
{
    /// <summary>Above this many fields the per-record field bounds go on the heap instead of the stack.</summary>
    private const int StackBoundsLimit = 256;

    /// <summary>
    /// A data set (id >= 256): decoded at once if its template is known, otherwise held until it
    /// arrives. Returns the number of records decoded, or -1 when the set is held (or dropped).
    /// </summary>
    private int DecodeDataSet<THandler>(in MessageContext context, ushort setId, ReadOnlySpan<byte> body, int bodyOffset,
        DateTime receivedUtc, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        var header = context.Header;
        if (Templates.TryGetForData(header.Version, header.Domain, setId, out var template))
            return DecodeRecords(template, context, body, bodyOffset, ref handler);

        Report(ref handler, new DecodeError(DecodeStatus.TemplateMissing, bodyOffset - 4, header.Version, setId, setId));
        int evicted = _pending.Hold(new TemplateKey(header.Version, header.Domain, setId), context, body, bodyOffset, receivedUtc);
        for (int i = 0; i < evicted; i++)
            Report(ref handler, new DecodeError(DecodeStatus.PendingOverflow, bodyOffset - 4, header.Version, setId, setId));
        if (body.Length <= _options.MaxPendingBytesPerExporter)
            Counters.PendingSetsHeld++;
        return -1;
    }

    /// <summary>
    /// Every record of one set. What is left when no further record fits is padding (RFC 3954
    /// §5.3, RFC 7011 §3.3.1). A variable-length prefix that points past the set ends the set.
    /// </summary>
    private int DecodeRecords<THandler>(Template template, in MessageContext context, ReadOnlySpan<byte> body, int bodyOffset,
        ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        int count = 0, position = 0;
        bool stoppedOnError = false;
        bool isOptions = template.Kind == TemplateKind.Options;
        if (template.FixedBounds is not null && !isOptions)
        {
            // Data records of a fixed layout: the whole set at once (what does not fill a record is padding).
            int records = body.Length / template.FixedRecordLength;
            if (records > 0)
            {
                position = records * template.FixedRecordLength;
                THandler.OnRecordSet(ref handler, new RecordSet(context, template, body[..position], Templates));
                count = records;
            }
        }
        else if (template.FixedBounds is { } optionsBounds)
        {
            int length = template.FixedRecordLength;
            while (body.Length - position >= length)
            {
                var slice = body.Slice(position, length);
                // The options path gets a record of its own: taking the address of the one handed
                // to the handler would make the JIT build and copy it in memory for every record.
                LearnFromOptions(new FlowRecord(context, template, slice, optionsBounds, Templates));
                var record = new FlowRecord(context, template, slice, optionsBounds, Templates);
                handler.OnRecord(in record);
                position += length;
                count++;
            }
        }
        else
        {
            int boundsLength = template.Fields.Length * 2;
            Span<int> bounds = boundsLength <= StackBoundsLimit * 2 ? stackalloc int[boundsLength] : new int[boundsLength];
            while (body.Length - position >= template.MinimumRecordLength)
            {
                var rest = body[position..];
                int length = RecordLayout.Measure(template, rest, bounds);
                if (length <= 0)
                {
                    stoppedOnError = length < 0;
                    if (length < 0)
                        Report(ref handler, new DecodeError(DecodeStatus.BadVariableLength, bodyOffset + position, template.Version, template.Id, template.Id));
                    break;
                }
                if (isOptions)
                    LearnFromOptions(new FlowRecord(context, template, rest[..length], bounds, Templates));
                var record = new FlowRecord(context, template, rest[..length], bounds, Templates);
                handler.OnRecord(in record);
                position += length;
                count++;
            }
        }

        var padding = body[position..];
        Counters.PaddingBytes += padding.Length;
        // Padding should be zero, but MikroTik and nProbe fill it with leftovers: counted, not an error.
        if (!padding.IsEmpty && !stoppedOnError && !IsZeroPadding(padding))
            Counters.NonZeroPaddingSets++;
        Counters.CountRecords(template.Version, isOptions, count);
        return count;
    }

    /// <summary>Options data that later records of the domain depend on is remembered before the record is handed on.</summary>
    private static void LearnFromOptions(FlowRecord record)
    {
        if (record.Context.Domain is not { } domain)
            return;
        int i = record.IndexOf(SystemInitTimeMilliseconds);
        if (i >= 0 && record[i].TryGetDateTime(out var init))
            domain.SystemInitTimeUtc = init;
        if (SamplingFields.TryGetInterval(record, out uint interval))
            domain.LearnSamplingInterval(SamplingFields.TryGetSamplerId(record, out ulong id) ? id : null, interval);
    }

    private const ushort SystemInitTimeMilliseconds = 160;

    /// <summary>A template just arrived: decode what was waiting for it, in the order it came.</summary>
    private void DecodePendingFor<THandler>(Template template, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        if (_pending.Count == 0)
            return;
        var sets = _pending.TakeFor(new TemplateKey(template.Version, template.Domain, template.Id));
        if (sets is null)
            return;
        foreach (var set in sets)
            Counters.PendingRecordsDecoded += DecodeRecords(template, set.Context, set.Body, set.Offset, ref handler);
    }

    /// <summary>Stores a parsed template, counts what happened, and releases data waiting for it.</summary>
    private void AddTemplate<THandler>(Template template, int offset, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        if (template.MinimumRecordLength == 0)
        {
            // Records of no bytes would let a data set repeat the same empty record forever.
            Report(ref handler, new DecodeError(DecodeStatus.ZeroLengthRecord, offset, template.Version, 0, template.Id));
            return;
        }
        switch (Templates.Add(template, out int evicted))
        {
            case TemplateChange.Added:
                Counters.TemplatesAdded++;
                Counters.TemplatesEvicted += evicted;
                for (int i = 0; i < evicted; i++)
                    Report(ref handler, new DecodeError(DecodeStatus.TooManyTemplates, offset, template.Version, 0, template.Id));
                break;
            case TemplateChange.Replaced:
                Counters.TemplatesReplaced++;
                break;
            default:
                Report(ref handler, new DecodeError(DecodeStatus.TooManyTemplates, offset, template.Version, 0, template.Id));
                return;
        }
        DecodePendingFor(template, ref handler);
    }
}
