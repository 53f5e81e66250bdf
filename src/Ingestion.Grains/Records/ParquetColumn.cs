using System.Runtime.CompilerServices;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace Ingestion.Records;

/// <summary>
/// One column of the row group a Parquet file is building: its values, typed as Parquet writes them (never the records'
/// JSON), and an estimate of their size, which says when the row group is big enough to write.
/// </summary>
internal abstract class ParquetColumn(DataField dataField)
{
    /// <summary>The values a column has room for at first; it doubles as it fills, and keeps its room for the next row group.</summary>
    protected const int InitialCapacity = 64;

    public DataField Field => dataField;

    public string Name => dataField.Name;

    /// <summary>The values buffered.</summary>
    public abstract int Count { get; }

    /// <summary>
    /// Appends a record's value (a missing field, the default <see cref="JsonElement"/>, or a JSON null is a null) and
    /// returns an estimate of its size in bytes. Throws <see cref="InvalidOperationException"/>, appending nothing, when
    /// the column's type cannot hold it.
    /// </summary>
    public abstract int Append(JsonElement value);

    /// <summary>Drops the values past the first <paramref name="count"/>: the ones of a record that did not fit, or all.</summary>
    public abstract void Truncate(int count);

    /// <summary>Writes the values buffered as this column's chunk of <paramref name="rowGroup"/>.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken);

    /// <summary>The column a record column is in Parquet: nullable, as a record may lack any field.</summary>
    public static ParquetColumn For(RecordColumn column) => column.Type switch
    {
        ColumnType.Int64 => ForInt64(column.Name),
        ColumnType.Double => new ParquetColumn<double>(new DataField<double>(column.Name, nullable: true), JsonColumnValues.ToDouble, static _ => sizeof(double)),
        ColumnType.Boolean => new ParquetColumn<bool>(new DataField<bool>(column.Name, nullable: true), JsonColumnValues.ToBoolean, static _ => sizeof(bool)),
        ColumnType.Timestamp => ForTimestamp(column.Name),
        ColumnType.String => ForText(column.Name, JsonColumnValues.ToText),
        ColumnType.Json => ForText(column.Name, JsonColumnValues.ToJsonText),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, $"Column '{column.Name}' has no Parquet type."),
    };

    public static ParquetColumn<long> ForInt64(string name) =>
        new(new DataField<long>(name, nullable: true), JsonColumnValues.ToInt64, static _ => sizeof(long));

    /// <summary>
    /// A UTC instant, in milliseconds: Parquet's TIMESTAMP(isAdjustedToUTC, MILLIS), which readers such as DuckDB see as
    /// a timestamp with time zone. Parquet.Net writes no <see cref="DateTimeOffset"/>, so values are UTC
    /// <see cref="DateTime"/>s, truncated to the millisecond as written.
    /// </summary>
    /// <remarks>
    /// Not microseconds, though Parquet.Net writes those: it writes a column's min/max statistics in milliseconds
    /// whatever the unit (aloneguid/parquet-dotnet#769, in 6.1.0), and readers trust them to skip row groups, so a
    /// filter such as DuckDB's <c>WHERE at &gt; '2024-01-01'</c> would find nothing in a column of microseconds.
    /// </remarks>
    public static ParquetColumn<DateTime> ForTimestamp(string name) =>
        new(
            new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: true),
            JsonColumnValues.ToTimestamp,
            static _ => sizeof(long));

    /// <summary>A UTF-8 string column, its values the text <paramref name="read"/> makes of each JSON value.</summary>
    public static ParquetColumn<ReadOnlyMemory<char>> ForText(string name, Func<JsonElement, string, string> read) =>
        new(new DataField<string>(name, nullable: true), (value, column) => read(value, column).AsMemory(), static text => text.Length);
}

/// <summary>A <see cref="ParquetColumn"/> of values of type <typeparamref name="T"/>, nulls included.</summary>
internal sealed class ParquetColumn<T>(DataField dataField, Func<JsonElement, string, T> read, Func<T, int> sizeOf) : ParquetColumn(dataField)
    where T : struct
{
    private T?[] _values = new T?[InitialCapacity];
    private int _count;

    public override int Count => _count;

    public override int Append(JsonElement value) =>
        Append(value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : read(value, Name));

    /// <summary>Appends <paramref name="value"/> and returns an estimate of its size in bytes.</summary>
    public int Append(T? value)
    {
        if (_count == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[_count++] = value;

        // What the value takes encoded, and a byte for its definition level, so that even nulls fill a row group.
        return 1 + (value is { } present ? sizeOf(present) : 0);
    }

    public override void Truncate(int count)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            // Strings written need not outlive their row group.
            Array.Clear(_values, count, _count - count);
        }

        _count = count;
    }

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken) =>
        rowGroup.WriteAsync<T>(Field, _values.AsMemory(0, _count), repetitionLevels: null, customMetadata: null, cancellationToken);
}
