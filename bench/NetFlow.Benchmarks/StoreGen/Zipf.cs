namespace NetFlow.Benchmarks.StoreGen;

/// <summary>Ranks 0..n-1 drawn with probability proportional to 1/(rank+1)^s (a cumulative table and a binary search).</summary>
internal sealed class Zipf
{
    private readonly double[] _cumulative;

    public Zipf(int n, double s)
    {
        _cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += 1.0 / Math.Pow(i + 1, s);
            _cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++)
            _cumulative[i] /= sum;
    }

    public int Next(Random random)
    {
        int i = Array.BinarySearch(_cumulative, random.NextDouble());
        return Math.Min(i < 0 ? ~i : i, _cumulative.Length - 1);
    }
}
