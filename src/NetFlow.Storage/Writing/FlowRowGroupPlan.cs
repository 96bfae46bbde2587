using NetFlow.Protocol.Records;
using NetFlow.Protocol.Templates;
using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Writing;

/// <summary>
/// A template's <see cref="TemplateColumnMap"/> bound to one row group's columns, built once per
/// template and row group. Adding a record is then a loop over <see cref="ColumnWrites"/> (where a
/// field's bytes lie, an offset when every record of the template has the same layout, and the
/// setter of its column), and, only when some field goes to extra, a pass over <see cref="Fields"/>
/// in template order, so extra keeps the fields in the order the record has them.
/// </summary>
internal sealed class FlowRowGroupPlan
{
    /// <summary>A template has at most one field per typed column, so which of its column writes failed fits in one word.</summary>
    public const int MaxColumnWrites = 64;

    private FlowRowGroupPlan(ColumnWrite[] columnWrites, FieldWrite[] fields, ulong bits, bool fixedLength, TimeSource start, TimeSource end, bool carriesSampling)
    {
        ColumnWrites = columnWrites;
        Fields = fields;
        Bits = bits;
        FixedLength = fixedLength;
        Start = start;
        End = end;
        HasExtraFields = fields.Any(f => f.Target == FieldTarget.Extra);
        HasStartFields = fields.Any(f => f.Target == FieldTarget.StartTime);
        HasEndFields = fields.Any(f => f.Target == FieldTarget.EndTime);
        Columnar = fixedLength && !carriesSampling && TakesColumnar(start, HasStartFields) && TakesColumnar(end, HasEndFields);
    }

    /// <summary>
    /// A run of this template's records can be added column by column (<see cref="FlowRowGroup.TryAddRuns"/>):
    /// a fixed layout, no sampling fields (the run then has one rate), and times the quick way
    /// (milliseconds or v9 uptime) or none at all.
    /// </summary>
    public bool Columnar { get; }
    /// <summary>For a columnar plan: where the start and end time fields lie in a record.</summary>
    public (int Offset, int Length) StartField { get; private init; }
    public (int Offset, int Length) EndField { get; private init; }

    private static bool TakesColumnar(TimeSource source, bool hasTimeFields) => source.Kind switch
    {
        TimeSourceKind.Milliseconds => true,
        TimeSourceKind.V9SysUpTime => true,
        _ => !hasTimeFields,
    };

    /// <summary>The fields that go to typed columns, in template order.</summary>
    public ColumnWrite[] ColumnWrites { get; }
    /// <summary>Every field but padding, in template order: what the extra pass walks.</summary>
    public FieldWrite[] Fields { get; }
    /// <summary>The presence bits of every typed column the template's fields fill (a field whose value does not fit clears its own).</summary>
    public ulong Bits { get; }
    /// <summary>Every record has the same layout: fields are read at <see cref="ColumnWrite.Offset"/>.</summary>
    public bool FixedLength { get; }
    public TimeSource Start { get; }
    public TimeSource End { get; }
    /// <summary>Some field has no typed column: every record has an extra.</summary>
    public bool HasExtraFields { get; }
    /// <summary>Some field is a start time: it goes to extra when the record's start time cannot be made absolute.</summary>
    public bool HasStartFields { get; }
    public bool HasEndFields { get; }

    public static FlowRowGroupPlan For(Template template, Func<FlowColumn, ColumnSetter> setterOf)
    {
        var map = TemplateColumnMap.For(template);
        var offsets = map.FixedOffsets;
        var columnWrites = new List<ColumnWrite>();
        var fields = new List<FieldWrite>(map.Columns.Length);
        ulong bits = 0;
        for (int i = 0; i < map.Columns.Length; i++)
        {
            var column = map.Columns[i];
            switch (column)
            {
                case FlowColumn.Skip:
                    continue;
                case FlowColumn.Extra:
                    fields.Add(new FieldWrite(FieldTarget.Extra, i, -1));
                    break;
                case FlowColumn.StartTime:
                    fields.Add(new FieldWrite(FieldTarget.StartTime, i, -1));
                    break;
                case FlowColumn.EndTime:
                    fields.Add(new FieldWrite(FieldTarget.EndTime, i, -1));
                    break;
                default:
                    var setter = setterOf(column);
                    bits |= setter.Bits;
                    fields.Add(new FieldWrite(FieldTarget.Column, i, columnWrites.Count));
                    columnWrites.Add(new ColumnWrite(setter, i, offsets?[i] ?? -1, template.FieldList[i].Length));
                    break;
            }
        }
        if (columnWrites.Count > MaxColumnWrites)
            throw new InvalidOperationException($"{columnWrites.Count} fields map to typed columns; a template has at most one per column");
        (int, int) FieldAt(TimeSource source) =>
            offsets is not null && source.Kind != TimeSourceKind.General ? (offsets[source.Field], template.FieldList[source.Field].Length) : (-1, 0);
        return new FlowRowGroupPlan([.. columnWrites], [.. fields], bits, offsets is not null, map.Start, map.End, SamplingFields.Carries(template))
        {
            StartField = FieldAt(map.Start),
            EndField = FieldAt(map.End),
        };
    }
}

/// <param name="Field">The field's index in the template.</param>
/// <param name="Offset">Where the field starts in a record of a fixed-length template; -1 otherwise.</param>
/// <param name="Length">The field's length in a fixed-length template.</param>
internal readonly record struct ColumnWrite(ColumnSetter Setter, int Field, int Offset, int Length);

/// <param name="Field">The field's index in the template.</param>
/// <param name="ColumnWriteIndex">For <see cref="FieldTarget.Column"/>: its index in <see cref="FlowRowGroupPlan.ColumnWrites"/>.</param>
internal readonly record struct FieldWrite(FieldTarget Target, int Field, int ColumnWriteIndex);

/// <summary>Where one template field goes when a record is added.</summary>
internal enum FieldTarget : byte
{
    /// <summary>Its typed column; to extra when its value does not fit.</summary>
    Column,
    Extra,
    /// <summary>Dropped when the record's start time is known (it is in time_start), else to extra.</summary>
    StartTime,
    EndTime,
}
