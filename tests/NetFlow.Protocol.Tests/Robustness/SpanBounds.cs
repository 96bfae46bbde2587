using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>Whether one span lies inside another, by address: the check a view-based decoder must pass.</summary>
internal static class SpanBounds
{
    /// <summary>
    /// True when every byte of <paramref name="inner"/> is a byte of <paramref name="outer"/>; an
    /// empty span counts as inside when it points at or one past a byte of <paramref name="outer"/>.
    /// Distinct objects never share addresses, so an inner span from another buffer is never inside.
    /// </summary>
    public static bool IsWithin(ReadOnlySpan<byte> inner, ReadOnlySpan<byte> outer)
    {
        nint offset = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(outer), ref MemoryMarshal.GetReference(inner));
        return offset >= 0 && offset <= outer.Length - inner.Length;
    }

    /// <summary>Where <paramref name="inner"/> starts inside <paramref name="outer"/>, for messages.</summary>
    public static long OffsetIn(ReadOnlySpan<byte> inner, ReadOnlySpan<byte> outer) =>
        Unsafe.ByteOffset(ref MemoryMarshal.GetReference(outer), ref MemoryMarshal.GetReference(inner));
}
