using System.Globalization;

namespace NetFlow.Storage.Text;

/// <summary>Durations as operators type them: 90s, 15m, 1h, 7d, 2w (and .NET's 01:00:00 form).</summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        text = text.Trim();
        char unit = char.ToLowerInvariant(text[^1]);
        if (char.IsAsciiLetter(unit))
        {
            if (!double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n) || n < 0)
                return false;
            double seconds = unit switch { 's' => n, 'm' => n * 60, 'h' => n * 3600, 'd' => n * 86400, 'w' => n * 7 * 86400, _ => -1 };
            if (seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
                return false;
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    public static TimeSpan Parse(string text, string what) =>
        TryParse(text, out var value) ? value : throw new FormatException($"{what}: '{text}' is not a duration (e.g. 90s, 15m, 1h, 7d)");

    /// <summary>The shortest of the forms above that says it exactly.</summary>
    public static string Format(TimeSpan value) =>
        value.Ticks % TimeSpan.TicksPerDay == 0 && value >= TimeSpan.FromDays(1) ? $"{value.Ticks / TimeSpan.TicksPerDay}d"
        : value.Ticks % TimeSpan.TicksPerHour == 0 && value >= TimeSpan.FromHours(1) ? $"{value.Ticks / TimeSpan.TicksPerHour}h"
        : value.Ticks % TimeSpan.TicksPerMinute == 0 && value >= TimeSpan.FromMinutes(1) ? $"{value.Ticks / TimeSpan.TicksPerMinute}m"
        : value.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{value.Ticks / TimeSpan.TicksPerSecond}s"
        : value.ToString("c", CultureInfo.InvariantCulture);
}
