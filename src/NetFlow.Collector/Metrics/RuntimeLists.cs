namespace NetFlow.Collector.Metrics;

/// <summary>
/// Reads the runtime's lists of listeners, workers and sinks from the scrape thread. They are
/// only appended to, during <see cref="CollectorRuntime.Start"/>, which may be running right now:
/// so no enumerator (it would throw on the concurrent add), indexes below the count read at the
/// start, and a slot not written yet (null) is skipped.
/// </summary>
internal static class RuntimeLists
{
    public static List<T> Snapshot<T>(IReadOnlyList<T> list)
        where T : class
    {
        int count = list.Count;
        var items = new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            if (list[i] is { } item)
                items.Add(item);
        }
        return items;
    }
}
