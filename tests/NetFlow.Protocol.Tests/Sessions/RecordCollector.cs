using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Records;

namespace NetFlow.Protocol.Tests.Sessions;

/// <summary>Keeps what a decode handed out, as plain values a test can look at afterwards.</summary>
internal sealed class RecordCollector : IFlowRecordHandler
{
    public List<Dictionary<string, object?>> Records { get; } = [];
    public List<DecodeError> Errors { get; } = [];

    public void OnRecord(in FlowRecord record)
    {
        var values = new Dictionary<string, object?>
        {
            ["$templateId"] = record.Template.Id,
            ["$options"] = record.IsOptions,
            ["$domain"] = record.Header.Domain,
        };
        if (record.TryGetStart(out var start))
            values["$start"] = start;
        if (record.TryGetEnd(out var end))
            values["$end"] = end;
        for (int i = 0; i < record.FieldCount; i++)
        {
            var v = record[i];
            values[record.Template.FieldKeys[i]] = v.Element.DataType switch
            {
                >= IeDataType.Unsigned8 and <= IeDataType.Unsigned64 when v.TryGetUInt64(out ulong u) => u,
                >= IeDataType.Signed8 and <= IeDataType.Signed64 when v.TryGetInt64(out long s) => s,
                IeDataType.Ipv4Address or IeDataType.Ipv6Address when v.TryGetIPAddress(out var a) => a!.ToString(),
                IeDataType.String => v.GetString(),
                >= IeDataType.DateTimeSeconds and <= IeDataType.DateTimeNanoseconds when v.TryGetDateTime(out var t) => t,
                _ => v.GetHex(),
            };
        }
        Records.Add(values);
    }

    public void OnError(in DecodeError error) => Errors.Add(error);
}
