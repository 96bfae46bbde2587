namespace NetFlow.Storage.Writing;

internal sealed partial class FlowRowGroup
{
    /// <summary>
    /// A nullable column of value type: a plain value per row, and whether the row has one in that
    /// row's presence bits (<see cref="Bit"/>). Adding a record is a store of the value and one bit;
    /// nothing is cleared per row, and the writer encodes the values as they are when every
    /// row has one (no packing, no <c>T?</c> to unwrap).
    /// </summary>
    public sealed class ValueColumn<T>(int capacity, ulong[] present, ulong bit) where T : struct
    {
        public ulong Bit { get; } = bit;

        /// <summary>The value of each row; what a row without one holds there is meaningless.</summary>
        public T[] Values { get; } = new T[capacity];

        public T? this[int row] => (present[row] & Bit) != 0 ? Values[row] : null;
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
    }
}
