using FsCheck.Xunit;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>
/// The dictionary of an RLE_DICTIONARY chunk: every value's index points back at it, the entries are
/// the distinct values in order of first appearance, a limit is kept, and a cleared dictionary
/// starts from nothing. Checked for the direct tables (bytes, ushorts), the hash and the range table
/// (wider values), against a reference made with a .NET Dictionary.
/// </summary>
public sealed class IntegerDictionaryTests
{
    [Property(MaxTest = 300, Replay = "(1234567,7654321)")]
    public void Bytes_map_like_the_reference(byte[] values) => ShouldMapLikeTheReference(new IntegerDictionary<byte>(), values);

    [Property(MaxTest = 300, Replay = "(2234567,7654321)")]
    public void Ushorts_map_like_the_reference(ushort[] values) => ShouldMapLikeTheReference(new IntegerDictionary<ushort>(), values);

    [Property(MaxTest = 300, Replay = "(3234567,7654321)")]
    public void Uints_map_like_the_reference(uint[] values) => ShouldMapLikeTheReference(new IntegerDictionary<uint>(), values);

    [Property(MaxTest = 300, Replay = "(4234567,7654321)")]
    public void Longs_map_like_the_reference(long[] values) => ShouldMapLikeTheReference(new IntegerDictionary<long>(), values);

    [Property(MaxTest = 300, Replay = "(5234567,7654321)")]
    public void Uints_within_a_range_map_by_offset_like_the_reference(ushort[] offsets, uint least)
    {
        // Offsets up to 65535 from a least value anywhere, wrapping past uint.MaxValue as the type does.
        var values = offsets.Select(o => unchecked(least + o)).ToArray();
        ShouldMapLikeTheReference(new IntegerDictionary<uint>(), values, least);
    }

    [Property(MaxTest = 300, Replay = "(6234567,7654321)")]
    public void Longs_within_a_range_map_by_offset_like_the_reference(ushort[] offsets, long least)
    {
        var values = offsets.Select(o => unchecked(least + o)).ToArray();
        ShouldMapLikeTheReference(new IntegerDictionary<long>(), values, least);
    }

    [Fact]
    public void The_range_table_takes_only_values_of_its_range_and_one_way_per_chunk()
    {
        var dictionary = new IntegerDictionary<long>();
        var indices = new int[4];
        Should.Throw<ArgumentOutOfRangeException>(() => dictionary.TryMapRange(new long[] { 10, 10 + IntegerDictionary<long>.RangeSlots }, 10, indices, 100));
        dictionary.Clear();
        dictionary.TryMapRange(new long[] { 70_000, 5_000_000_000 }.AsSpan(0, 1), 70_000, indices, 100).ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => dictionary.TryMap(new long[] { 1 }, indices, 100));
        dictionary.Clear();
        // Cleared, the hash may be used again, and the range table starts empty.
        dictionary.TryMap(new long[] { 5_000_000_000, 1 }, indices, 100).ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => dictionary.TryMapRange(new long[] { 1 }, 1, indices, 100));
        dictionary.Clear();
        dictionary.TryMapRange(new long[] { 70_001, 70_000 }, 70_000, indices, 1).ShouldBeFalse("a limit of one value");
        dictionary.Clear();
        dictionary.TryMapRange(new long[] { 70_001, 70_000, 70_001 }, 70_000, indices, 100).ShouldBeTrue();
        indices[..3].ShouldBe([0, 1, 0]);
        Should.Throw<InvalidOperationException>(() => new IntegerDictionary<byte>().TryMapRange(new byte[] { 1 }, 0, indices, 10));
    }

    [Fact]
    public void A_full_hash_keeps_every_value_apart()
    {
        // 16 Ki distinct values (as many as a hashed dictionary takes) fill half the table's slots:
        // many land on a taken slot and probe on, and each must still find its own index.
        var random = new Random(5);
        var distinct = Enumerable.Range(0, 16 * 1024).Select(i => (uint)i * 2654435761u ^ (uint)random.Next()).Distinct().ToArray();
        var values = Enumerable.Range(0, 3 * distinct.Length).Select(i => distinct[(i * 7919) % distinct.Length]).ToArray();
        ShouldMapLikeTheReference(new IntegerDictionary<uint>(), values);
        var longs = values.Select(v => (long)v << 20 | v).ToArray();
        ShouldMapLikeTheReference(new IntegerDictionary<long>(), longs);
    }

    [Fact]
    public void Past_the_limit_it_says_no_and_a_clear_starts_again()
    {
        var dictionary = new IntegerDictionary<uint>();
        var indices = new int[100];
        dictionary.TryMap(Enumerable.Range(0, 100).Select(i => (uint)i).ToArray(), indices, limit: 10).ShouldBeFalse();
        dictionary.Count.ShouldBe(10);

        dictionary.Clear();
        dictionary.Count.ShouldBe(0);
        // After the clear none of the old values is still there: 7 gets index 0, not its old 7.
        dictionary.TryMap(new uint[] { 7, 3, 7 }, indices, limit: 10).ShouldBeTrue();
        indices[..3].ShouldBe([0, 1, 0]);
        dictionary.Entries.ToArray().ShouldBe([7u, 3u]);

        var bytes = new IntegerDictionary<byte>();
        bytes.TryMap(new byte[] { 1, 2, 3 }, indices, limit: 2).ShouldBeFalse();
        bytes.Clear();
        bytes.TryMap(new byte[] { 3, 3, 1 }, indices, limit: 2).ShouldBeTrue();
        indices[..3].ShouldBe([0, 0, 1]);
    }

    [Fact]
    public void A_chunk_mapped_in_two_calls_continues_the_first_call_s_indices()
    {
        // The encoder maps a sample first, then the rest.
        var dictionary = new IntegerDictionary<long>();
        var indices = new int[6];
        dictionary.TryMap(new long[] { 5, 9, 5 }, indices, limit: 10).ShouldBeTrue();
        dictionary.TryMap(new long[] { 9, 11, 5 }, indices.AsSpan(3), limit: 10).ShouldBeTrue();
        indices.ShouldBe([0, 1, 0, 1, 2, 0]);
        dictionary.Entries.ToArray().ShouldBe([5L, 9L, 11L]);
    }

    [Property(MaxTest = 300, Replay = "(7234567,7654321)")]
    public void Bytes_collected_find_their_index_in_the_table_as_mapping_gives_it(byte[] values) => ShouldCollectLikeMapping(values);

    [Property(MaxTest = 300, Replay = "(8234567,7654321)")]
    public void Ushorts_collected_find_their_index_in_the_table_as_mapping_gives_it(ushort[] values) => ShouldCollectLikeMapping(values);

    // Columns of a few values (protocols, ToS, flags) are collected 32 values at a time against the
    // entries so far, up to 16 entries; past that, and for the last values, through the table.
    [Property(MaxTest = 300, Replay = "(9234567,7654321)")]
    public void Bytes_of_a_few_values_collected_find_their_index_as_mapping_gives_it(byte[] alphabet, int seed, byte extra) =>
        ShouldCollectLikeMapping(FewValued(alphabet, seed, extra));

    [Property(MaxTest = 300, Replay = "(9334567,7654321)")]
    public void Ushorts_of_a_few_values_collected_find_their_index_as_mapping_gives_it(ushort[] alphabet, int seed, byte extra) =>
        ShouldCollectLikeMapping(FewValued(alphabet, seed, extra));

    /// <summary>At least 64 values (two stretches a half) drawn from up to 20 of the alphabet's: sometimes past the 16 entries the vectors take.</summary>
    private static T[] FewValued<T>(T[] alphabet, int seed, byte extra) where T : unmanaged
    {
        if (alphabet.Length == 0)
            alphabet = [default];
        var random = new Random(seed);
        int distinct = Math.Min(alphabet.Length, 20);
        return Enumerable.Range(0, 64 + extra * 3).Select(_ => alphabet[random.Next(distinct)]).ToArray();
    }

    [Fact]
    public void Collecting_a_few_values_keeps_the_limit_and_leaves_the_table_whole()
    {
        var values = Enumerable.Range(0, 96).Select(i => (ushort)(1000 + i % 5)).ToArray();
        var dictionary = new IntegerDictionary<ushort>();
        var indexBytes = new byte[values.Length];
        dictionary.TryCollect(values, limit: 3, indexBytes).ShouldBeFalse();
        dictionary.Count.ShouldBe(3);
        dictionary.Clear();
        dictionary.Slots[1000].ShouldBe(0);
        dictionary.Slots[1002].ShouldBe(0);
        dictionary.TryCollect(values, limit: 5, indexBytes).ShouldBeTrue();
        dictionary.Entries.ToArray().ShouldBe([(ushort)1000, (ushort)1001, (ushort)1002, (ushort)1003, (ushort)1004]);
        indexBytes.ShouldBe(values.Select(v => (byte)(v - 1000)).ToArray());
        dictionary.Slots[1004].ShouldBe(5);
    }

    [Fact]
    public void Collecting_keeps_the_limit_and_is_for_tables_only()
    {
        var bytes = new IntegerDictionary<byte>();
        var indexBytes = new byte[4];
        bytes.TryCollect(new byte[] { 1, 2, 3 }, limit: 2, indexBytes).ShouldBeFalse();
        bytes.Count.ShouldBe(2);
        bytes.Clear();
        // Cleared, the table holds none of the old values: 3 is index 0, and 1 has no slot.
        bytes.TryCollect(new byte[] { 3, 3 }, limit: 2, indexBytes).ShouldBeTrue();
        bytes.Slots[3].ShouldBe(1);
        bytes.Slots[1].ShouldBe(0);
        Should.Throw<InvalidOperationException>(() => new IntegerDictionary<uint>().TryCollect(new uint[] { 1 }, 10, new byte[1]));
        Should.Throw<InvalidOperationException>(() => _ = new IntegerDictionary<long>().Slots.Length);
    }

    /// <summary>What the encoder does with bytes and ushorts: collect the values and their indices cut to a byte, or read each one's index from the table (slot - 1).</summary>
    private static void ShouldCollectLikeMapping<T>(T[] values) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var mapped = new IntegerDictionary<T>();
        var indices = new int[values.Length];
        mapped.TryMap(values, indices, int.MaxValue).ShouldBeTrue();
        var collected = new IntegerDictionary<T>();
        for (int pass = 0; pass < 2; pass++)
        {
            collected.Clear();
            // In two calls, as a sample and the rest would be.
            var indexBytes = new byte[values.Length];
            int half = values.Length / 2;
            collected.TryCollect(values.AsSpan(0, half), int.MaxValue, indexBytes).ShouldBeTrue();
            collected.TryCollect(values.AsSpan(half), int.MaxValue, indexBytes.AsSpan(half)).ShouldBeTrue();
            collected.Entries.ToArray().ShouldBe(mapped.Entries.ToArray());
            for (int i = 0; i < values.Length; i++)
            {
                (collected.Slots[int.CreateTruncating(values[i])] - 1).ShouldBe(indices[i], $"index of value {i} ({values[i]})");
                indexBytes[i].ShouldBe((byte)indices[i], $"index byte of value {i} ({values[i]})");
            }
        }
    }

    /// <param name="rangeFrom">Map by range from this least value (<see cref="IntegerDictionary{T}.TryMapRange"/>) instead of by hash or table.</param>
    private static void ShouldMapLikeTheReference<T>(IntegerDictionary<T> dictionary, T[] values, T? rangeFrom = null) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        // Twice, with a clear between: the second pass sees tables the first one used.
        for (int pass = 0; pass < 2; pass++)
        {
            dictionary.Clear();
            var indices = new int[values.Length];
            (rangeFrom is { } least ? dictionary.TryMapRange(values, least, indices, int.MaxValue) : dictionary.TryMap(values, indices, int.MaxValue)).ShouldBeTrue();
            var reference = new Dictionary<T, int>();
            var expectedEntries = new List<T>();
            for (int i = 0; i < values.Length; i++)
            {
                if (!reference.TryGetValue(values[i], out int index))
                {
                    index = reference[values[i]] = expectedEntries.Count;
                    expectedEntries.Add(values[i]);
                }
                indices[i].ShouldBe(index, $"index of value {i} ({values[i]})");
            }
            dictionary.Entries.ToArray().ShouldBe(expectedEntries.ToArray());
        }
    }
}
