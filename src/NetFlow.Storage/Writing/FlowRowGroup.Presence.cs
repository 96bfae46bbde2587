namespace NetFlow.Storage.Writing;

internal sealed partial class FlowRowGroup
{
    /// <summary>The presence word of each row (a bit per nullable column), for the writer to build a mixed column's definition levels from.</summary>
    public ReadOnlySpan<ulong> PresenceWords => _present.AsSpan(0, Count);
}
