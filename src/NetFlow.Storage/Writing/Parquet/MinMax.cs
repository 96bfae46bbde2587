using System.Numerics;
using System.Runtime.InteropServices;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// The least and greatest of a column's values, a vector at a time (<see cref="Vector{T}"/>: 32 bytes
/// on AVX2). The comparison is the element type's own, so unsigned columns compare unsigned, which is
/// the order of their logical type (UINT_8 ... UINT_64) that readers prune row groups by.
/// </summary>
internal static class MinMax
{
    public static (T Min, T Max) Of<T>(ReadOnlySpan<T> values) where T : unmanaged, INumber<T>
    {
        if (values.IsEmpty)
            throw new ArgumentException("no values", nameof(values));
        int width = Vector<T>.Count;
        if (!Vector.IsHardwareAccelerated || values.Length < width)
            return Scalar(values);
        ref T start = ref MemoryMarshal.GetReference(values);
        var min = Vector.LoadUnsafe(ref start);
        var max = min;
        int i = width;
        for (; i <= values.Length - width; i += width)
        {
            var v = Vector.LoadUnsafe(ref start, (nuint)i);
            min = Vector.Min(min, v);
            max = Vector.Max(max, v);
        }
        if (i < values.Length)
        {
            // The last whole vector again, overlapping ones already seen: min and max do not mind.
            var v = Vector.LoadUnsafe(ref start, (nuint)(values.Length - width));
            min = Vector.Min(min, v);
            max = Vector.Max(max, v);
        }
        T lo = min[0];
        T hi = max[0];
        for (int k = 1; k < width; k++)
        {
            lo = T.Min(lo, min[k]);
            hi = T.Max(hi, max[k]);
        }
        return (lo, hi);
    }

    private static (T Min, T Max) Scalar<T>(ReadOnlySpan<T> values) where T : INumber<T>
    {
        T lo = values[0];
        T hi = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            lo = T.Min(lo, values[i]);
            hi = T.Max(hi, values[i]);
        }
        return (lo, hi);
    }
}
