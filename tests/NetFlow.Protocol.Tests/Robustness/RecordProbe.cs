using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Records;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// Reads everything a consumer could read from a record: every field through every accessor,
/// and every field as an RFC 6313 list, recursively. Finds the bytes of each value inside the
/// record and each nested record inside its list. What is wrong goes to <see cref="Violations"/>;
/// an exception from the library is caught and reported there too, with its stack.
/// </summary>
internal static class RecordProbe
{
    /// <summary>Our own bound for basicLists inside basicLists, which no library depth limit covers.</summary>
    private const int MaxNesting = 12;

    private static readonly InformationElement BasicList = InformationElementRegistry.FindIana(291)!;
    private static readonly InformationElement SubTemplateList = InformationElementRegistry.FindIana(292)!;
    private static readonly InformationElement SubTemplateMultiList = InformationElementRegistry.FindIana(293)!;

    /// <summary>
    /// Reads <paramref name="record"/>, which must lie inside <paramref name="container"/>, and each of
    /// its fields, which must lie inside it. With <paramref name="values"/> every value is also read
    /// through every accessor, and at the top level every field as each kind of list, whatever its
    /// type says, since a list reader must cope with any bytes; nested fields are read as their type says.
    /// </summary>
    public static void Read(in FlowRecord record, ReadOnlySpan<byte> container, List<string> violations, bool values = true, int nesting = 0)
    {
        if (!SpanBounds.IsWithin(record.Data, container))
        {
            violations.Add($"record of template {record.Template.Id} ({record.Data.Length} bytes at {SpanBounds.OffsetIn(record.Data, container)}) lies outside its container of {container.Length} bytes");
            return;
        }
        var template = record.Template;
        var fields = template.FieldList;
        if (record.FieldCount != fields.Count || template.FieldKeys.Count != fields.Count)
            violations.Add($"template {template.Id}: FieldCount {record.FieldCount}, {fields.Count} fields, {template.FieldKeys.Count} keys");
        if (record.ListDepth > SubTemplateListReader.MaxDepth)
            violations.Add($"record nested {record.ListDepth} deep, beyond SubTemplateListReader.MaxDepth");
        _ = record.Header.ExportTimeUtc;
        _ = record.IsOptions;

        for (int i = 0; i < record.FieldCount; i++)
        {
            var value = record[i];
            var field = fields[i];
            if (!SpanBounds.IsWithin(value.Bytes, record.Data))
            {
                violations.Add($"template {template.Id} field {i} ({value.Length} bytes at {SpanBounds.OffsetIn(value.Bytes, record.Data)}) lies outside its record of {record.Data.Length} bytes");
                continue;
            }
            if (!field.IsVariableLength && value.Length != field.Length)
                violations.Add($"template {template.Id} field {i}: {value.Length} bytes, template says {field.Length}");
            if (!ReferenceEquals(value.Element, record.ElementAt(i)) || !ReferenceEquals(value.Element, field.Element))
                violations.Add($"template {template.Id} field {i}: element differs between record, value and template");
            if (!values)
                continue;
            int first = record.IndexOf(value.Element.Id, value.Element.EnterpriseNumber);
            if (first < 0 || first > i)
                violations.Add($"template {template.Id} field {i}: IndexOf answered {first}");
            if (value.Element.EnterpriseNumber == 0)
                _ = record.TryGetUInt64(value.Element.Id, out _);

            ReadValue(value, violations);
            ReadAsLists(record, value, all: nesting == 0, violations, nesting);
        }
        if (values)
        {
            _ = record.TryGetStart(out _);
            _ = record.TryGetEnd(out _);
        }
    }

    /// <summary>Every scalar accessor, with the answers checked against the length they were given.</summary>
    public static void ReadValue(FieldValue value, List<string> violations)
    {
        int length = value.Length;
        if (value.TryGetUInt64(out _) != length is >= 1 and <= 8)
            violations.Add($"{value.Element}: TryGetUInt64 on {length} bytes");
        if (value.TryGetInt64(out _) != length is >= 1 and <= 8)
            violations.Add($"{value.Element}: TryGetInt64 on {length} bytes");
        if (value.TryGetDouble(out _) != length is 4 or 8)
            violations.Add($"{value.Element}: TryGetDouble on {length} bytes");
        _ = value.TryGetBoolean(out _);
        if (value.TryGetIPAddress(out var address) != length is 4 or 16 || (address is null) == length is 4 or 16)
            violations.Add($"{value.Element}: TryGetIPAddress on {length} bytes");
        _ = value.TryGetDateTime(out _);
        _ = value.GetString();
        if (value.GetHex().Length != 2 * length)
            violations.Add($"{value.Element}: GetHex of {length} bytes");
        _ = value.GetMacAddress();
    }

    private static void ReadAsLists(in FlowRecord parent, FieldValue value, bool all, List<string> violations, int nesting)
    {
        if (nesting >= MaxNesting)
            return;
        var type = value.Element.DataType;
        if (all || type == IeDataType.BasicList)
            ReadBasicList(parent, value, violations, nesting);
        if (all || type == IeDataType.SubTemplateList)
            ReadSubTemplateList(parent, type == IeDataType.SubTemplateList ? value : new FieldValue(SubTemplateList, value.Bytes), violations, nesting);
        if (all || type == IeDataType.SubTemplateMultiList)
            ReadSubTemplateList(parent, type == IeDataType.SubTemplateMultiList ? value : new FieldValue(SubTemplateMultiList, value.Bytes), violations, nesting);
    }

    private static void ReadBasicList(in FlowRecord parent, FieldValue list, List<string> violations, int nesting)
    {
        var reader = new BasicListReader(list.Element.DataType == IeDataType.BasicList ? list : new FieldValue(BasicList, list.Bytes));
        _ = reader.Semantic;
        _ = reader.Element;
        int remaining = list.Length + 1; // each element takes a byte at least, or the reader refuses
        while (reader.TryReadNext(out var item))
        {
            if (--remaining < 0)
            {
                violations.Add($"basicList of {list.Length} bytes yields more elements than it has bytes");
                return;
            }
            if (!SpanBounds.IsWithin(item.Bytes, list.Bytes))
            {
                violations.Add($"basicList element ({item.Length} bytes at {SpanBounds.OffsetIn(item.Bytes, list.Bytes)}) lies outside its list of {list.Length} bytes");
                return;
            }
            if (!ReferenceEquals(item.Element, reader.Element))
                violations.Add("basicList element differs from the list's element");
            ReadValue(item, violations);
            ReadAsLists(parent, item, all: false, violations, nesting + 1);
        }
        if (reader.Status is not (DecodeStatus.Ok or DecodeStatus.BadList))
            violations.Add($"basicList ended with {reader.Status}");
    }

    private static void ReadSubTemplateList(in FlowRecord parent, FieldValue list, List<string> violations, int nesting)
    {
        var reader = new SubTemplateListReader(in parent, list);
        _ = reader.Semantic;
        int remaining = list.Length + 1;
        while (reader.TryReadNext(out var child))
        {
            _ = reader.TemplateId;
            if (--remaining < 0)
            {
                violations.Add($"{list.Element.Name} of {list.Length} bytes yields more records than it has bytes");
                return;
            }
            if (child.ListDepth != parent.ListDepth + 1)
                violations.Add($"{list.Element.Name}: record at depth {child.ListDepth} under a parent at {parent.ListDepth}");
            Read(child, list.Bytes, violations, values: true, nesting + 1);
        }
        if (reader.Status is not (DecodeStatus.Ok or DecodeStatus.BadList or DecodeStatus.TemplateMissing))
            violations.Add($"{list.Element.Name} ended with {reader.Status}");
    }
}
