using NetFlow.Storage.Rollups;

namespace NetFlow.Storage.Tests.Rollups;

/// <summary>The open-addressing IPv4 table: every address keeps its group through collisions, wrap-around and growth.</summary>
public sealed class Ipv4GroupTableTests
{
    /// <summary>Addresses whose home slot in a table of <paramref name="capacity"/> slots is <paramref name="slot"/>, the first <paramref name="count"/> found.</summary>
    private static List<uint> AddressesAt(int slot, int capacity, int count)
    {
        var found = new List<uint>();
        for (uint a = 0; found.Count < count; a++)
        {
            if (Ipv4GroupTable.HomeSlotOf(a, capacity) == slot)
                found.Add(a);
        }
        return found;
    }

    [Fact]
    public void An_address_gets_the_group_offered_once_and_keeps_it()
    {
        var table = new Ipv4GroupTable();
        table.GetOrAdd(0x0A000001, 0).ShouldBe(0);
        table.GetOrAdd(0x0A000002, 1).ShouldBe(1);
        table.GetOrAdd(0x0A000001, 2).ShouldBe(0);
        // 0.0.0.0 is an address like another: an empty slot is told by its group, not its address.
        table.GroupOf(0).ShouldBe(-1);
        table.GetOrAdd(0, 2).ShouldBe(2);
        table.GroupOf(0).ShouldBe(2);
        table.GroupOf(0x0A000003).ShouldBe(-1);
        table.Count.ShouldBe(3);
    }

    [Fact]
    public void Addresses_of_one_home_slot_probe_past_each_other_and_wrap_around_the_end()
    {
        // The last slot: the run of colliding addresses wraps to the first slots, where others live too.
        int capacity = Ipv4GroupTable.MinCapacity;
        var colliding = AddressesAt(capacity - 1, capacity, 40);
        var atStart = AddressesAt(0, capacity, 10);
        var table = new Ipv4GroupTable();
        int group = 0;
        foreach (uint a in colliding.Take(20).Concat(atStart).Concat(colliding.Skip(20)))
            table.GetOrAdd(a, group++);

        table.Capacity.ShouldBe(capacity);
        for (int i = 0; i < 20; i++)
            table.GroupOf(colliding[i]).ShouldBe(i);
        for (int i = 0; i < atStart.Count; i++)
            table.GroupOf(atStart[i]).ShouldBe(20 + i);
        for (int i = 20; i < colliding.Count; i++)
            table.GroupOf(colliding[i]).ShouldBe(10 + i);
        table.GroupOf(AddressesAt(capacity - 1, capacity, 41)[40]).ShouldBe(-1);
    }

    [Fact]
    public void The_table_doubles_before_it_is_half_full_and_every_address_keeps_its_group()
    {
        var table = new Ipv4GroupTable();
        var random = new Random(7);
        var groups = new Dictionary<uint, int>();
        for (int i = 0; groups.Count < 300_000; i++)
        {
            // Sequential and random addresses, as sources of a network and a scan would be (some twice).
            uint a = i % 2 == 0 ? 0x0A000000u + (uint)i : (uint)random.NextInt64(0, 1L << 32);
            int expected = groups.TryGetValue(a, out int g) ? g : groups.Count;
            table.GetOrAdd(a, groups.Count).ShouldBe(expected);
            groups.TryAdd(a, expected);
            table.Count.ShouldBe(groups.Count);
            (table.Count * 2).ShouldBeLessThanOrEqualTo(table.Capacity);
        }
        table.Capacity.ShouldBe(1 << 20);
        foreach (var (a, g) in groups)
            table.GroupOf(a).ShouldBe(g);
        foreach (var (a, g) in groups.Take(1000))
            table.GetOrAdd(a, -5).ShouldBe(g);
        table.Count.ShouldBe(groups.Count);
    }

    [Fact]
    public void Clearing_empties_the_table_and_gives_a_large_one_back()
    {
        var table = new Ipv4GroupTable();
        for (int i = 0; i < 1000; i++)
            table.GetOrAdd((uint)i, i);
        table.Clear();
        table.Count.ShouldBe(0);
        table.Capacity.ShouldBe(2048);
        table.GroupOf(5).ShouldBe(-1);
        table.GetOrAdd(5, 0).ShouldBe(0);

        for (int i = 0; i < 200_000; i++)
            table.GetOrAdd((uint)i * 7919u, i);
        table.Clear();
        table.Capacity.ShouldBe(Ipv4GroupTable.MinCapacity);
        table.GetOrAdd(7919, 3).ShouldBe(3);
        table.GroupOf(7919).ShouldBe(3);
    }
}
