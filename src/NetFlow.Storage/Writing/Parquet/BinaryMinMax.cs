namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// The least and greatest of a BYTE_ARRAY column's values in unsigned byte-wise order (the order of
/// BLOB and STRING columns; a prefix sorts first), kept in buffers reused from chunk to chunk, so a
/// new extreme costs a copy and no allocation.
/// </summary>
internal sealed class BinaryMinMax
{
    private byte[] _min = new byte[64];
    private byte[] _max = new byte[64];
    private int _minLength = -1;
    private int _maxLength = -1;

    public void Reset()
    {
        _minLength = -1;
        _maxLength = -1;
    }

    public void Offer(ReadOnlySpan<byte> value)
    {
        if (_minLength < 0)
        {
            Keep(ref _min, ref _minLength, value);
            Keep(ref _max, ref _maxLength, value);
        }
        else if (value.SequenceCompareTo(_min.AsSpan(0, _minLength)) < 0)
        {
            Keep(ref _min, ref _minLength, value);
        }
        else if (value.SequenceCompareTo(_max.AsSpan(0, _maxLength)) > 0)
        {
            Keep(ref _max, ref _maxLength, value);
        }
    }

    /// <summary>Copies of the extremes; none when there was no value or one is longer than <paramref name="maxLength"/> (not worth a place in the footer).</summary>
    public (byte[]? Min, byte[]? Max) ToStatistics(int maxLength) =>
        _minLength < 0 || _minLength > maxLength || _maxLength > maxLength
            ? (null, null)
            : (_min.AsSpan(0, _minLength).ToArray(), _max.AsSpan(0, _maxLength).ToArray());

    private static void Keep(ref byte[] buffer, ref int length, ReadOnlySpan<byte> value)
    {
        if (buffer.Length < value.Length)
            buffer = new byte[Math.Max(value.Length, buffer.Length * 2)];
        value.CopyTo(buffer);
        length = value.Length;
    }
}
