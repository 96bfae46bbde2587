namespace NetFlow.Storage.Writing;

internal sealed partial class FlowRowGroup
{
    /// <summary>
    /// A nullable column of value type: a plain value per row, and whether the row has one in that
    /// row's presence bits (<see cref="Bit"/>). Adding a record is a store of the value and one bit;
    /// nothing is cleared per row, and the writer hands Parquet.Net the values as they are when
    /// every row has one (no packing, no <c>T?</c> to unwrap).
    /// </summary>
    public sealed class ValueColumn<T>(int capacity, ulong[] present, ulong bit) where T : struct
    {
        public ulong Bit { get; } = bit;

        /// <summary>The value of each row; what a row without one holds there is meaningless.</summary>
        public T[] Values { get; } = new T[capacity];

        public T? this[int row] => (present[row] & Bit) != 0 ? Values[row] : null;

        /// <summary>
        /// The values of the first <paramref name="rows"/> rows that have one, in row order, into
        /// <paramref name="packed"/>, and a definition level (1 present, 0 NULL) per row into
        /// <paramref name="levels"/>: what a Parquet page holds. Returns how many values there are.
        /// </summary>
        public int Pack(int rows, Span<T> packed, Span<int> levels)
        {
            int count = 0;
            var values = Values;
            for (int row = 0; row < rows; row++)
            {
                bool has = (present[row] & Bit) != 0;
                levels[row] = has ? 1 : 0;
                if (has)
                    packed[count++] = values[row];
            }
            return count;
        }
    }

    /// <summary>
    /// A nullable column of references (IPv6 addresses, application ids, extra), present as a
    /// <see cref="ValueColumn{T}"/> is: by the row's bit, so a slot a failed add left behind is never read.
    /// </summary>
    public sealed class ReferenceColumn<T>(int capacity, ulong[] present, ulong bit) where T : class
    {
        public ulong Bit { get; } = bit;

        public T?[] Values { get; } = new T?[capacity];

        public T? this[int row] => (present[row] & Bit) != 0 ? Values[row] : null;

        /// <summary>As <see cref="ValueColumn{T}.Pack"/>, each value turned into what Parquet.Net takes by <paramref name="convert"/>.</summary>
        public int Pack<TOut>(int rows, Span<TOut> packed, Span<int> levels, Func<T, TOut> convert)
        {
            int count = 0;
            var values = Values;
            for (int row = 0; row < rows; row++)
            {
                bool has = (present[row] & Bit) != 0;
                levels[row] = has ? 1 : 0;
                if (has)
                    packed[count++] = convert(values[row]!);
            }
            return count;
        }
    }
}
