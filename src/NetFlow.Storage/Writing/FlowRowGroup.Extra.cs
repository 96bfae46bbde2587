using System.Buffers;
using System.Text;
using System.Text.Json;
using NetFlow.Collector.Output;
using NetFlow.Protocol.Records;

namespace NetFlow.Storage.Writing;

/// <summary>The <c>extra</c> column: every field of a record without a typed place, as one JSON object under element names.</summary>
internal sealed partial class FlowRowGroup
{
    private readonly ArrayBufferWriter<byte> _extraBuffer = new(1024);
    private readonly Utf8JsonWriter _extra;

    /// <summary>
    /// Writes into extra, in template order, the fields without a typed column, those whose value
    /// did not fit theirs (an address of the wrong length, a number too large), and times that
    /// could not be made absolute: kept as the wire had them. Returns the presence bits of the
    /// columns left empty by the fields that did not fit.
    /// </summary>
    private ulong WriteExtraFields(ref bool started, in FlowRecord record, FlowRowGroupPlan plan, ulong failed, bool startKnown, bool endKnown)
    {
        ulong empty = 0;
        foreach (var field in plan.Fields)
        {
            bool toExtra = field.Target switch
            {
                FieldTarget.Column => (failed & (1UL << field.ColumnWriteIndex)) != 0,
                FieldTarget.StartTime => !startKnown,
                FieldTarget.EndTime => !endKnown,
                _ => true,
            };
            if (!toExtra)
                continue;
            if (field.Target == FieldTarget.Column)
                empty |= plan.ColumnWrites[field.ColumnWriteIndex].Setter.Bits;
            WriteExtra(ref started, record, field.Field);
        }
        return empty;
    }

    private void StartExtra(ref bool started)
    {
        if (started)
            return;
        _extraBuffer.ResetWrittenCount();
        _extra.Reset();
        _extra.WriteStartObject();
        started = true;
    }

    private void WriteExtra(ref bool started, in FlowRecord record, int field)
    {
        StartExtra(ref started);
        _extra.WritePropertyName(record.Template.FieldKeys[field]);
        FlowRecordJsonWriter.WriteValue(_extra, record[field], record);
    }

    private string FinishExtra()
    {
        _extra.WriteEndObject();
        _extra.Flush();
        return Encoding.UTF8.GetString(_extraBuffer.WrittenSpan);
    }
}
