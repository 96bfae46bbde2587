using System.Runtime.CompilerServices;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// Read-only looks at a session's pending buffer: records decoded from held data are views into
/// these copies, not into the datagram at hand, and must be checked against them.
/// </summary>
internal static class SessionInternals
{
    /// <summary>The bodies held now, with the datagram offsets they came from.</summary>
    public static PendingCopy[] PendingCopies(ExporterSession session)
    {
        var sets = Sets(Pending(session));
        if (sets.Count == 0)
            return [];
        var copies = new PendingCopy[sets.Count];
        int i = 0;
        foreach (var set in sets)
            copies[i++] = new PendingCopy(set.Body, set.Offset);
        return copies;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_pending")]
    private static extern ref PendingDataBuffer Pending(ExporterSession session);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_sets")]
    private static extern ref LinkedList<PendingSet> Sets(PendingDataBuffer buffer);
}

/// <summary>A held data set body and where in its own datagram it started.</summary>
internal readonly record struct PendingCopy(byte[] Body, int Offset);
