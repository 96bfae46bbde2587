namespace NetFlow.Generator.Packets;

/// <summary>
/// Flow times relative to the export: record j of a packet ended 10·(j mod 30) ms before it and
/// lasted 1 to 30 s, so every flow started within the last 31 s and ended before the export.
/// </summary>
internal static class RecordTiming
{
    public const int Cycle = 30;

    public static uint EndAgoMilliseconds(int record) => 10u * (uint)(record % Cycle);

    public static uint DurationMilliseconds(int record) => 1000u * (uint)(1 + record % Cycle);
}
