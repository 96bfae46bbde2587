using System.Globalization;

namespace NetFlow.Storage.Text;

/// <summary>Sizes as operators type them: 500M, 20G, 1.5T (powers of 1000, as disks are sold) or 512MiB, 20GiB (powers of 1024).</summary>
public static class ByteSizeText
{
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var s = text.Trim();
        int end = s.Length;
        while (end > 0 && char.IsAsciiLetter(s[end - 1]))
            end--;
        string unit = s[end..].ToLowerInvariant();
        double scale = unit switch
        {
            "" or "b" => 1,
            "k" or "kb" => 1e3, "m" or "mb" => 1e6, "g" or "gb" => 1e9, "t" or "tb" => 1e12,
            "kib" => 1L << 10, "mib" => 1L << 20, "gib" => 1L << 30, "tib" => 1L << 40,
            _ => 0,
        };
        if (scale == 0 || !double.TryParse(s.AsSpan(0, end), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n))
            return false;
        double value = n * scale;
        if (value < 0 || value >= long.MaxValue)
            return false;
        bytes = (long)value;
        return true;
    }

    public static long Parse(string text, string what) =>
        TryParse(text, out long value) ? value : throw new FormatException($"{what}: '{text}' is not a size (e.g. 500M, 20G, 512MiB)");
}
