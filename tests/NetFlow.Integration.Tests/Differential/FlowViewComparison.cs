using System.Text;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>
/// Compares two lists of records as multisets: every record of ours must have an identical record
/// of theirs and the other way round, duplicates counted. Whatever is left over is paired by
/// addresses and protocol (closest fields first) so a failure names each differing field.
/// </summary>
public static class FlowViewComparison
{
    public static IReadOnlyList<string> Mismatches(IReadOnlyList<FlowView> ours, IReadOnlyList<FlowView> theirs, string peer)
    {
        var unmatchedTheirs = new List<FlowView>(theirs);
        var unmatchedOurs = new List<FlowView>();
        foreach (var record in ours)
        {
            var index = unmatchedTheirs.IndexOf(record);
            if (index >= 0)
                unmatchedTheirs.RemoveAt(index);
            else
                unmatchedOurs.Add(record);
        }

        var problems = new List<string>();
        foreach (var record in unmatchedOurs)
        {
            var partner = unmatchedTheirs
                .Where(t => t.Identity == record.Identity)
                .OrderBy(t => record.Differences(t).Count())
                .FirstOrDefault();
            if (partner is null)
            {
                problems.Add($"only in ours (not in {peer}): {record}");
                continue;
            }
            unmatchedTheirs.Remove(partner);
            problems.Add($"{record.Identity}: {string.Join("; ", record.Differences(partner).Select(d => d.Replace("theirs", peer, StringComparison.Ordinal)))}" +
                $"\n    ours:   {record}\n    {peer}: {partner}");
        }
        problems.AddRange(unmatchedTheirs.Select(t => $"only in {peer} (not in ours): {t}"));
        return problems;
    }

    /// <summary>Fails with every mismatch at once, and both full lists, unless the multisets are equal.</summary>
    public static void ShouldAgree(IReadOnlyList<FlowView> ours, IReadOnlyList<FlowView> theirs, string peer, string context)
    {
        var problems = Mismatches(ours, theirs, peer);
        if (problems.Count == 0)
            return;
        var message = new StringBuilder()
            .AppendLine($"{context}: netflow decode and {peer} disagree on {problems.Count} record(s) (ours {ours.Count}, {peer} {theirs.Count}):")
            .AppendJoin('\n', problems.Select(p => "  " + p))
            .AppendLine()
            .AppendLine("ours:")
            .AppendJoin('\n', ours.Select(r => "  " + r))
            .AppendLine()
            .AppendLine($"{peer}:")
            .AppendJoin('\n', theirs.Select(r => "  " + r));
        throw new ShouldAssertException(message.ToString());
    }
}
