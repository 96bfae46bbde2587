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
        int ms = template.IndexOf(milliseconds);
        if (ms >= 0)
            return new TimeSource(TimeSourceKind.Milliseconds, ms);
        if (template.IndexOf(seconds) >= 0 || others.Any(id => template.IndexOf(id) >= 0))
            return new TimeSource(TimeSourceKind.General, -1);
        int up = template.IndexOf(sysUpTime);
        return up >= 0 && template.Version <= 9
            ? new TimeSource(TimeSourceKind.V9SysUpTime, up)
            : new TimeSource(TimeSourceKind.General, -1);
    }
}

internal enum TimeSourceKind : byte
{
    General,
    Milliseconds,
    V9SysUpTime,
}
