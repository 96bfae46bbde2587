using System.Buffers;
using Parquet;
using Parquet.Schema;
using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Writing;

/// <summary>
/// Writes a <see cref="FlowRowGroup"/> as one Parquet row group, column by column in schema order.
/// Each column goes through Parquet.Net's low-level entry (<c>WriteAllPartsAsync</c>): the non-NULL
/// values packed and a definition level per row, which is what a page holds. A column every row
/// has is handed over as it is with a shared run of 1s, an all-NULL one as no values and a run of
/// 0s; only a column some rows lack is packed here. Parquet.Net would otherwise unwrap a
/// <c>T?</c> array and build the levels for every nullable column, all-NULL ones included.
/// </summary>
internal static class FlowRowGroupWriter
{
    public static async Task WriteAsync(ParquetWriter writer, FlowRowGroup rows, CancellationToken cancellationToken)
    {
        using var columns = new ColumnChunks(rows.Count, cancellationToken);
        using var g = writer.CreateRowGroup();
        await columns.TimesAsync(g, FlowFileSchema.TimeStartMillis, FlowFileSchema.TimeStart, rows.TimeStart, rows).ConfigureAwait(false);
        await columns.TimesAsync(g, FlowFileSchema.TimeEndMillis, FlowFileSchema.TimeEnd, rows.TimeEnd, rows).ConfigureAwait(false);
        await columns.RequiredTimesAsync(g, FlowFileSchema.TimeExportMillis, rows.TimeExport).ConfigureAwait(false);
        await columns.RequiredStringsAsync(g, FlowFileSchema.Exporter, rows.Exporter).ConfigureAwait(false);
        await columns.RequiredAsync(g, FlowFileSchema.Version, rows.Version).ConfigureAwait(false);
        await columns.RequiredAsync(g, FlowFileSchema.Domain, rows.Domain).ConfigureAwait(false);
        await columns.RequiredAsync(g, FlowFileSchema.TemplateId, rows.TemplateId).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.SrcIp4, rows.SrcIp4, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.DstIp4, rows.DstIp4, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.NextHop4, rows.NextHop4, rows).ConfigureAwait(false);
        await columns.ReferencesAsync(g, FlowFileSchema.SrcIp6, rows.SrcIp6, rows, AsBytes).ConfigureAwait(false);
        await columns.ReferencesAsync(g, FlowFileSchema.DstIp6, rows.DstIp6, rows, AsBytes).ConfigureAwait(false);
        await columns.ReferencesAsync(g, FlowFileSchema.NextHop6, rows.NextHop6, rows, AsBytes).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.SrcPort, rows.SrcPort, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.DstPort, rows.DstPort, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.Proto, rows.Proto, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.TcpFlags, rows.TcpFlags, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.Tos, rows.Tos, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.IcmpType, rows.IcmpType, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.IcmpCode, rows.IcmpCode, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.Bytes, rows.Bytes, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.Packets, rows.Packets, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.InIf, rows.InIf, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.OutIf, rows.OutIf, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.SrcAs, rows.SrcAs, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.DstAs, rows.DstAs, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.SrcMask, rows.SrcMask, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.DstMask, rows.DstMask, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.Direction, rows.Direction, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.SrcVlan, rows.SrcVlan, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.DstVlan, rows.DstVlan, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.SrcMac, rows.SrcMac, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.DstMac, rows.DstMac, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.SamplingInterval, rows.SamplingInterval, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.ForwardingStatus, rows.ForwardingStatus, rows).ConfigureAwait(false);
        await columns.ValuesAsync(g, FlowFileSchema.FlowEndReason, rows.FlowEndReason, rows).ConfigureAwait(false);
        await columns.ReferencesAsync(g, FlowFileSchema.ApplicationId, rows.ApplicationId, rows, AsBytes).ConfigureAwait(false);
        await columns.ReferencesAsync(g, FlowFileSchema.Extra, rows.Extra, rows, AsChars).ConfigureAwait(false);
        g.CompleteValidate();
    }

    private static readonly Func<byte[], ReadOnlyMemory<byte>> AsBytes = b => b;
    private static readonly Func<string, ReadOnlyMemory<char>> AsChars = s => s.AsMemory();

    /// <summary>
    /// The buffers one row group's columns are handed over in: definition levels (all 1, all 0,
    /// and one for a mixed column), rented for the row group, since Parquet.Net is done with them
    /// when each column's write completes.
    /// </summary>
    private sealed class ColumnChunks : IDisposable
    {
        private static readonly long UnixEpochMilliseconds = DateTime.UnixEpoch.Ticks / TimeSpan.TicksPerMillisecond;

        private readonly int _n;
        private readonly CancellationToken _cancellationToken;
        private readonly int[] _allPresent;
        private readonly int[] _allNull;
        private readonly int[] _levels;

        public ColumnChunks(int rows, CancellationToken cancellationToken)
        {
            _n = rows;
            _cancellationToken = cancellationToken;
            _allPresent = ArrayPool<int>.Shared.Rent(rows);
            _allNull = ArrayPool<int>.Shared.Rent(rows);
            _levels = ArrayPool<int>.Shared.Rent(rows);
            _allPresent.AsSpan(0, rows).Fill(1);
            _allNull.AsSpan(0, rows).Clear();
        }

        private ReadOnlyMemory<int> AllPresent => _allPresent.AsMemory(0, _n);
        private ReadOnlyMemory<int> AllNull => _allNull.AsMemory(0, _n);
        private ReadOnlyMemory<int> Levels => _levels.AsMemory(0, _n);

        public Task RequiredAsync<T>(ParquetRowGroupWriter g, DataField field, T[] values) where T : struct =>
            g.WriteAllPartsAsync(field, (ReadOnlyMemory<T>)values.AsMemory(0, _n), null, null, _cancellationToken);

        public Task ValuesAsync<T>(ParquetRowGroupWriter g, DataField field, FlowRowGroup.ValueColumn<T> column, FlowRowGroup rows) where T : struct
        {
            if (rows.AllHave(column.Bit))
                return g.WriteAllPartsAsync(field, (ReadOnlyMemory<T>)column.Values.AsMemory(0, _n), AllPresent, null, _cancellationToken);
            if (rows.NoneHas(column.Bit))
                return g.WriteAllPartsAsync(field, ReadOnlyMemory<T>.Empty, AllNull, null, _cancellationToken);
            return PackedValuesAsync(g, field, column);
        }

        private async Task PackedValuesAsync<T>(ParquetRowGroupWriter g, DataField field, FlowRowGroup.ValueColumn<T> column) where T : struct
        {
            var packed = ArrayPool<T>.Shared.Rent(_n);
            try
            {
                int count = column.Pack(_n, packed, _levels);
                await g.WriteAllPartsAsync(field, (ReadOnlyMemory<T>)packed.AsMemory(0, count), Levels, null, _cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<T>.Shared.Return(packed);
            }
        }

        /// <summary>
        /// A nullable time column as milliseconds since 1970 (see <see cref="FlowFileSchema.TimeStartMillis"/>). An
        /// all-NULL one goes as no DateTime values: Parquet.Net then writes no min and max, where for no
        /// INT64 values it would write 0 and 0, and there are no values to convert anyway.
        /// </summary>
        public async Task TimesAsync(ParquetRowGroupWriter g, DataField<long> field, DateTimeDataField timeField, FlowRowGroup.ValueColumn<DateTime> column, FlowRowGroup rows)
        {
            if (rows.NoneHas(column.Bit))
            {
                await g.WriteAllPartsAsync(timeField, ReadOnlyMemory<DateTime>.Empty, AllNull, null, _cancellationToken).ConfigureAwait(false);
                return;
            }
            var millis = ArrayPool<long>.Shared.Rent(_n);
            var times = ArrayPool<DateTime>.Shared.Rent(_n);
            try
            {
                ReadOnlyMemory<int> levels;
                int count;
                if (rows.AllHave(column.Bit))
                {
                    (levels, count) = (AllPresent, _n);
                    ToMilliseconds(column.Values.AsSpan(0, _n), millis);
                }
                else
                {
                    count = column.Pack(_n, times, _levels);
                    levels = Levels;
                    ToMilliseconds(times.AsSpan(0, count), millis);
                }
                await g.WriteAllPartsAsync(field, (ReadOnlyMemory<long>)millis.AsMemory(0, count), levels, null, _cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<DateTime>.Shared.Return(times);
                ArrayPool<long>.Shared.Return(millis);
            }
        }

        public async Task RequiredTimesAsync(ParquetRowGroupWriter g, DataField<long> field, DateTime[] values)
        {
            var millis = ArrayPool<long>.Shared.Rent(_n);
            try
            {
                ToMilliseconds(values.AsSpan(0, _n), millis);
                await g.WriteAllPartsAsync(field, (ReadOnlyMemory<long>)millis.AsMemory(0, _n), null, null, _cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<long>.Shared.Return(millis);
            }
        }

        public async Task RequiredStringsAsync(ParquetRowGroupWriter g, DataField field, string[] values)
        {
            var chars = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(_n);
            try
            {
                for (int row = 0; row < _n; row++)
                    chars[row] = values[row].AsMemory();
                await g.WriteAllPartsAsync(field, (ReadOnlyMemory<ReadOnlyMemory<char>>)chars.AsMemory(0, _n), null, null, _cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<ReadOnlyMemory<char>>.Shared.Return(chars, clearArray: true);
            }
        }

        public async Task ReferencesAsync<T, TOut>(ParquetRowGroupWriter g, DataField field, FlowRowGroup.ReferenceColumn<T> column, FlowRowGroup rows, Func<T, TOut> convert)
            where T : class where TOut : struct
        {
            if (rows.NoneHas(column.Bit))
            {
                await g.WriteAllPartsAsync(field, ReadOnlyMemory<TOut>.Empty, AllNull, null, _cancellationToken).ConfigureAwait(false);
                return;
            }
            var packed = ArrayPool<TOut>.Shared.Rent(_n);
            try
            {
                int count = column.Pack(_n, packed, _levels, convert);
                await g.WriteAllPartsAsync(field, (ReadOnlyMemory<TOut>)packed.AsMemory(0, count), Levels, null, _cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // The packed values point at the row group's strings and arrays: not kept alive by the pool.
                ArrayPool<TOut>.Shared.Return(packed, clearArray: true);
            }
        }

        /// <summary>What Parquet.Net's DateTime path writes for TIMESTAMP(MILLIS): whole milliseconds since 1970, truncated.</summary>
        private static void ToMilliseconds(ReadOnlySpan<DateTime> times, Span<long> millis)
        {
            for (int i = 0; i < times.Length; i++)
                millis[i] = times[i].Ticks / TimeSpan.TicksPerMillisecond - UnixEpochMilliseconds;
        }

        public void Dispose()
        {
            ArrayPool<int>.Shared.Return(_levels);
            ArrayPool<int>.Shared.Return(_allNull);
            ArrayPool<int>.Shared.Return(_allPresent);
        }
    }
}
