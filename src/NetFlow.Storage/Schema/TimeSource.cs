using NetFlow.Protocol.Templates;

namespace NetFlow.Storage.Schema;

/// <summary>
/// How a template's records carry one of their flow times, for the two common cases read without
/// a search per record: absolute milliseconds (IPFIX flowStart/EndMilliseconds) and v1-v9
/// sysUpTime (FIRST/LAST_SWITCHED). Anything else is <see cref="TimeSourceKind.General"/>:
/// <c>FlowRecord.TryGetStart/End</c>, whose order of preference this follows (absolute forms
/// before uptime), so both give the same time.
/// </summary>
internal readonly record struct TimeSource(TimeSourceKind Kind, int Field)
{
    public static TimeSource For(Template template, ushort milliseconds, ushort seconds, ushort[] others, ushort sysUpTime)
    {
        int ms = IndexOf(template, milliseconds);
        if (ms >= 0)
            return new TimeSource(TimeSourceKind.Milliseconds, ms);
        if (IndexOf(template, seconds) >= 0 || others.Any(id => IndexOf(template, id) >= 0))
            return new TimeSource(TimeSourceKind.General, -1);
        int up = IndexOf(template, sysUpTime);
        return up >= 0 && template.Version <= 9
            ? new TimeSource(TimeSourceKind.V9SysUpTime, up)
            : new TimeSource(TimeSourceKind.General, -1);
    }

    private static int IndexOf(Template template, ushort id)
    {
        var fields = template.FieldList;
        for (int i = 0; i < fields.Count; i++)
        {
            if (fields[i].Element.Id == id && fields[i].Element.EnterpriseNumber == 0)
                return i;
        }
        return -1;
    }
}

internal enum TimeSourceKind : byte
{
    General,
    Milliseconds,
    V9SysUpTime,
}
