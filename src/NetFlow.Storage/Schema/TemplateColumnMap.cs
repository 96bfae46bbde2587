using NetFlow.Protocol.Templates;

namespace NetFlow.Storage.Schema;

/// <summary>
/// A template's fields mapped to flow-file columns once, so writing a record is one pass over
/// its fields with a table lookup, not a search per column. The first field of an element wins
/// its column; a repeated element (a second sourceIPv4Address) goes to <c>extra</c> under its
/// own key, as do enterprise-specific and unlisted elements.
/// </summary>
internal sealed class TemplateColumnMap
{
    private const ushort PaddingOctets = 210;

    private TemplateColumnMap(FlowColumn[] columns, int[]? fixedOffsets, TimeSource start, TimeSource end)
    {
        Columns = columns;
        FixedOffsets = fixedOffsets;
        Start = start;
        End = end;
    }

    /// <summary>Where a record of this template gets its start time: worked out once, read per record without a search.</summary>
    public TimeSource Start { get; }
    public TimeSource End { get; }

    /// <summary>The column of each template field, in field order.</summary>
    public FlowColumn[] Columns { get; }

    /// <summary>
    /// Where each field starts within a record when the template has no variable-length field (every
    /// record then has the same layout, so a field is read at its offset without the record's bounds); null otherwise.
    /// </summary>
    public int[]? FixedOffsets { get; }

    public static TemplateColumnMap For(Template template)
    {
        var fields = template.FieldList;
        var columns = new FlowColumn[fields.Count];
        var taken = new HashSet<FlowColumn>();
        for (int i = 0; i < fields.Count; i++)
        {
            var element = fields[i].Element;
            var column = element.EnterpriseNumber == 0 ? ColumnOf(element.Id) : FlowColumn.Extra;
            if (column is not (FlowColumn.Extra or FlowColumn.Skip or FlowColumn.StartTime or FlowColumn.EndTime) && !taken.Add(column))
                column = FlowColumn.Extra;
            columns[i] = column;
        }
        // One source per column: the delta counter over the total, the combined ICMP type/code over the split ones.
        Demote(columns, taken, FlowColumn.Bytes, FlowColumn.BytesTotal);
        Demote(columns, taken, FlowColumn.Packets, FlowColumn.PacketsTotal);
        Demote(columns, taken, FlowColumn.IcmpTypeCode, FlowColumn.IcmpType);
        Demote(columns, taken, FlowColumn.IcmpTypeCode, FlowColumn.IcmpCode);
        return new TemplateColumnMap(columns, FixedOffsetsOf(template),
            TimeSource.For(template, milliseconds: 152, seconds: 150, others: [154, 156], sysUpTime: 22),
            TimeSource.For(template, milliseconds: 153, seconds: 151, others: [155, 157], sysUpTime: 21));
    }

    private static int[]? FixedOffsetsOf(Template template)
    {
        if (!template.IsFixedLength)
            return null;
        var fields = template.FieldList;
        var offsets = new int[fields.Count];
        int offset = 0;
        for (int i = 0; i < fields.Count; i++)
        {
            offsets[i] = offset;
            offset += fields[i].Length;
        }
        return offsets;
    }

    private static void Demote(FlowColumn[] columns, HashSet<FlowColumn> taken, FlowColumn preferred, FlowColumn other)
    {
        if (!taken.Contains(preferred) || !taken.Contains(other))
            return;
        int i = Array.IndexOf(columns, other);
        columns[i] = FlowColumn.Extra;
    }

    /// <summary>IANA element ids (RFC 7012 registry) of the typed columns; see <see cref="FlowColumns"/>.</summary>
    private static FlowColumn ColumnOf(ushort id) => id switch
    {
        1 => FlowColumn.Bytes,
        2 => FlowColumn.Packets,
        4 => FlowColumn.Proto,
        5 => FlowColumn.Tos,
        6 => FlowColumn.TcpFlags,
        7 => FlowColumn.SrcPort,
        8 => FlowColumn.SrcIp4,
        9 or 29 => FlowColumn.SrcMask,
        10 => FlowColumn.InIf,
        11 => FlowColumn.DstPort,
        12 => FlowColumn.DstIp4,
        13 or 30 => FlowColumn.DstMask,
        14 => FlowColumn.OutIf,
        15 => FlowColumn.NextHop4,
        16 => FlowColumn.SrcAs,
        17 => FlowColumn.DstAs,
        27 => FlowColumn.SrcIp6,
        28 => FlowColumn.DstIp6,
        32 or 139 => FlowColumn.IcmpTypeCode,
        56 => FlowColumn.SrcMac,
        58 => FlowColumn.SrcVlan,
        59 => FlowColumn.DstVlan,
        61 => FlowColumn.Direction,
        62 => FlowColumn.NextHop6,
        80 => FlowColumn.DstMac,
        85 => FlowColumn.BytesTotal,
        86 => FlowColumn.PacketsTotal,
        89 => FlowColumn.ForwardingStatus,
        95 => FlowColumn.ApplicationId,
        136 => FlowColumn.FlowEndReason,
        176 or 178 => FlowColumn.IcmpType,
        177 or 179 => FlowColumn.IcmpCode,
        22 or 150 or 152 or 154 or 156 or 158 => FlowColumn.StartTime, // flowStart* in every form; 22 is v9 FIRST_SWITCHED
        21 or 151 or 153 or 155 or 157 or 159 => FlowColumn.EndTime,   // flowEnd*; 21 is v9 LAST_SWITCHED
        PaddingOctets => FlowColumn.Skip,
        _ => FlowColumn.Extra,
    };
}
