using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace NetFlow.Protocol.Templates;

/// <summary>
/// The templates of one exporter (one UDP source address or one TCP connection), over all its
/// domains and both protocol versions that have templates. Changed only by the one worker that
/// decodes the session (which keeps templates and data in order without locks); read also by
/// sinks on other threads, for RFC 6313 sub-template lists inside records handed on in batches,
/// hence a concurrent dictionary (lock-free reads).
/// </summary>
public sealed class TemplateStore(int maxTemplates, SharedBudget? budget = null)
{
    private readonly ConcurrentDictionary<ulong, Template> _templates = new();
    private long _useClock;
    /// <summary>
    /// The template <see cref="TryGetForData"/> found last: an exporter's data sets name the same one
    /// set after set, and comparing its own key fields costs a fraction of a concurrent dictionary's
    /// hash and probe (1 % of the collector's time at 200k packets/s). Read and written only by the
    /// decoding worker, which alone changes the store; every change drops it.
    /// </summary>
    private Template? _lastFound;

    public int Count => _templates.Count;
    public int MaxTemplates { get; } = maxTemplates;
    public IEnumerable<Template> All => _templates.Values;

    public bool TryGet(ushort version, uint domain, ushort templateId, [NotNullWhen(true)] out Template? template)
    {
        if (!_templates.TryGetValue(new TemplateKey(version, domain, templateId).Packed, out template))
            return false;
        template.LastUse = ++_useClock;
        return true;
    }

    /// <summary>
    /// <see cref="TryGet"/> for the decoding worker's data sets, through the last one found. Not for
    /// other threads (a sink reading sub-template lists): the cache is the worker's alone.
    /// </summary>
    internal bool TryGetForData(ushort version, uint domain, ushort templateId, [NotNullWhen(true)] out Template? template)
    {
        var last = _lastFound;
        if (last is not null && last.Id == templateId && last.Domain == domain && last.Version == version)
        {
            template = last;
            template.LastUse = ++_useClock;
            return true;
        }
        if (!TryGet(version, domain, templateId, out template))
            return false;
        _lastFound = template;
        return true;
    }

    /// <summary>
    /// If the exporter re-sent a template byte for byte (the usual periodic refresh), note the time
    /// and report true, so the caller need not parse or allocate anything.
    /// </summary>
    internal bool TryRefresh(TemplateKey key, TemplateKind kind, ReadOnlySpan<byte> wire, DateTime receivedUtc)
    {
        if (_templates.TryGetValue(key.Packed, out var existing) && existing.Kind == kind && wire.SequenceEqual(existing.WireBytes))
        {
            if (receivedUtc > existing.LastSeenUtc)
                existing.LastSeenUtc = receivedUtc;
            existing.LastUse = ++_useClock;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Stores a template. When the store is full, the least recently used eighth is evicted first:
    /// a flood of made-up templates from the exporter's address then churns through the store
    /// instead of locking the exporter's real templates (re-sent and used all the time) out for good.
    /// The same when the collector-wide field budget is spent; if this exporter has nothing to give
    /// up, the template is refused. <paramref name="evicted"/> says how many went.
    /// </summary>
    internal TemplateChange Add(Template template, out int evicted)
    {
        evicted = 0;
        template.LastUse = ++_useClock;
        var key = new TemplateKey(template.Version, template.Domain, template.Id).Packed;
        bool replacing = Remove(key);
        if (MaxTemplates <= 0)
            return TemplateChange.Refused;
        if (!replacing && _templates.Count >= MaxTemplates)
            evicted = EvictLeastRecentlyUsed(Math.Max(1, _templates.Count / 8));
        if (budget is not null && !budget.TryTake(Cost(template)))
        {
            // The collector-wide budget is spent: make room from this exporter's own least used, once.
            if (!_templates.IsEmpty)
                evicted += EvictLeastRecentlyUsed(Math.Max(1, _templates.Count / 8));
            if (!budget.TryTake(Cost(template)))
                return TemplateChange.Refused;
        }
        _templates[key] = template;
        _lastFound = null;
        return replacing ? TemplateChange.Replaced : TemplateChange.Added;
    }

    private int EvictLeastRecentlyUsed(int count)
    {
        var oldest = _templates.OrderBy(t => t.Value.LastUse).Take(count).Select(t => t.Key).ToArray();
        foreach (var key in oldest)
            Remove(key);
        return oldest.Length;
    }

    /// <summary>What a template takes from the shared budget: its fields (and one for itself).</summary>
    private static int Cost(Template template) => template.Fields.Length + 1;

    private bool Remove(ulong key)
    {
        if (!_templates.TryRemove(key, out var removed))
            return false;
        _lastFound = null;
        budget?.Give(Cost(removed));
        return true;
    }

    /// <summary>Drops every template (the exporter is being forgotten), giving their share of the budget back.</summary>
    public void Clear()
    {
        foreach (var key in _templates.Keys)
            Remove(key);
    }

    /// <summary>RFC 7011 §8.1: withdraw one template; only if it is of the kind the withdrawal's set names.</summary>
    internal bool Withdraw(ushort version, uint domain, ushort templateId, TemplateKind kind)
    {
        var key = new TemplateKey(version, domain, templateId).Packed;
        if (_templates.TryGetValue(key, out var existing) && existing.Kind == kind)
            return Remove(key);
        return false;
    }

    /// <summary>RFC 7011 §8.1: withdraw every template of one kind in one domain.</summary>
    internal int WithdrawAll(ushort version, uint domain, TemplateKind kind)
    {
        int removed = 0;
        foreach (var (key, template) in _templates)
        {
            if (template.Version == version && template.Domain == domain && template.Kind == kind && Remove(key))
                removed++;
        }
        return removed;
    }

    /// <summary>Forget templates not refreshed since <paramref name="cutoffUtc"/> (UDP template lifetime).</summary>
    public int ExpireOlderThan(DateTime cutoffUtc)
    {
        int removed = 0;
        foreach (var (key, template) in _templates)
        {
            if (template.LastSeenUtc < cutoffUtc && Remove(key))
                removed++;
        }
        return removed;
    }
}

internal enum TemplateChange : byte
{
    Added,
    Replaced,
    Refused,
}
