using System.Numerics;

namespace NetFlow.Storage.Writing;

internal sealed partial class FlowRowGroup
{
    /// <summary>
    /// A nullable column of value type: a plain value per row, and whether the row has one in that
    /// row's presence bits (<see cref="Bit"/>). Adding a record is a store of the value and one bit;
    /// nothing is cleared per row, and the writer encodes the values as they are when every
    /// row has one (no packing, no <c>T?</c> to unwrap).
    /// </summary>
    public sealed class ValueColumn<T>(int capacity, ulong[] present, ulong bit) where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        public ulong Bit { get; } = bit;

        /// <summary>The value of each row; what a row without one holds there is meaningless.</summary>
        public T[] Values { get; } = new T[capacity];

        public T? this[int row] => (present[row] & Bit) != 0 ? Values[row] : null;

        private T _least = T.MaxValue, _greatest = T.MinValue;
        private bool _boundsKept = true;

        /// <summary>
        /// The least and greatest value of the row group's rows that have one, when every value was
        /// stored by a run that kept them (<see cref="Widen"/>), so the writer need not read the column
        /// once more for its statistics; null when a value came another way (<see cref="LoseBounds"/>).
        /// </summary>
        public (T Min, T Max)? Bounds => _boundsKept && _least <= _greatest ? (_least, _greatest) : null;

        /// <summary>Values from <paramref name="least"/> to <paramref name="greatest"/> were stored by a run.</summary>
        public void Widen(T least, T greatest)
        {
            if (least < _least)
                _least = least;
            if (greatest > _greatest)
                _greatest = greatest;
        }

        /// <summary>A value was stored without <see cref="Widen"/>: the writer reads the column for its bounds.</summary>
        public void LoseBounds() => _boundsKept = false;

        /// <summary>For the next row group.</summary>
        public void ResetBounds()
        {
            (_least, _greatest) = (T.MaxValue, T.MinValue);
            _boundsKept = true;
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
    }
}
