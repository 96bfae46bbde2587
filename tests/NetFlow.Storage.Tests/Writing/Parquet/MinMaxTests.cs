using System.Numerics;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>The vectorised min and max agree with a plain loop for every element type and length, unsigned types compared unsigned.</summary>
public sealed class MinMaxTests
{
    [Fact]
    public void Min_and_max_are_those_of_a_plain_loop()
    {
        var random = new Random(10);
        for (int length = 1; length < 300; length += length < 70 ? 1 : 37)
        {
            Check(length, () => (byte)random.Next(256));
            Check(length, () => (ushort)random.Next(65536));
            Check(length, () => (uint)random.NextInt64(0, 1L << 32));
            Check(length, () => random.NextInt64(long.MinValue, long.MaxValue));
            Check(length, () => (ulong)random.NextInt64(long.MinValue, long.MaxValue));
        }
    }

    [Fact]
    public void Unsigned_values_past_the_signed_range_are_the_greatest()
    {
        uint[] values = [.. Enumerable.Range(0, 100).Select(i => (uint)i), uint.MaxValue, 0x8000_0000];
        MinMax.Of<uint>(values).ShouldBe((0u, uint.MaxValue));
        ulong[] longs = [.. Enumerable.Range(1, 100).Select(i => (ulong)i), 1UL << 63, ulong.MaxValue - 1];
        MinMax.Of<ulong>(longs).ShouldBe((1UL, ulong.MaxValue - 1));
        Should.Throw<ArgumentException>(() => MinMax.Of(ReadOnlySpan<int>.Empty));
    }

    private static void Check<T>(int length, Func<T> next) where T : unmanaged, INumber<T>
    {
        var values = new T[length];
        for (int i = 0; i < length; i++)
            values[i] = next();
        MinMax.Of<T>(values).ShouldBe((values.Min(), values.Max()), $"{typeof(T).Name} x {length}");
    }
}
