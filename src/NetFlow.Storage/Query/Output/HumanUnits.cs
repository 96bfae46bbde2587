using System.Globalization;

namespace NetFlow.Storage.Query.Output;

/// <summary>Amounts as people read them: 1.2 GB, 3.4 Mpps, 850 kbps (powers of 1000, as network rates are quoted).</summary>
public static class HumanUnits
{
    private static readonly string[] Prefixes = ["", "k", "M", "G", "T", "P", "E"];

    /// <summary>Below 1000 the number as it is; above, three significant digits and an SI prefix.</summary>
    public static string Format(double value, string unit)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            return "-";
        int p = 0;
        double v = Math.Abs(value);
        while (v >= 999.95 && p < Prefixes.Length - 1)
        {
            v /= 1000;
            p++;
        }
        v = Math.CopySign(v, value);
        string number = p == 0 && value == Math.Floor(value)
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : v.ToString(Math.Abs(v) >= 100 ? "0" : Math.Abs(v) >= 10 ? "0.0" : "0.0#", CultureInfo.InvariantCulture);
        string suffix = Prefixes[p] + unit;
        return suffix.Length == 0 ? number : number + " " + suffix;
    }
}
