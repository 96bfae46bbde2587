using System.Text.Json;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>Our JSON lines output (`netflow decode`, `netflow collect --json`) parsed line by line, failing on the first bad line.</summary>
internal static class JsonLinesText
{
    public static List<JsonElement> Parse(string text, string source)
    {
        var records = new List<JsonElement>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                records.Add(document.RootElement.Clone());
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"{source}: line {lineNumber} is not JSON ({e.Message}): {line}", e);
            }
        }
        return records;
    }
}
