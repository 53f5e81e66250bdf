using System.Globalization;
using System.Numerics;
using DuckDB.NET.Data;

namespace Ingestion.Testing;

/// <summary>DuckDB in memory, in UTC, to read the service's output as a data engineer reads it.</summary>
public static class DuckDb
{
    /// <summary>Every row of <paramref name="sql"/>, each value as DuckDB gives it (null for SQL NULL).</summary>
    public static async Task<List<object?[]>> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        using var duckdb = new DuckDBConnection("DataSource=:memory:");
        await duckdb.OpenAsync(cancellationToken);
        using (var utc = duckdb.CreateCommand())
        {
            utc.CommandText = "SET TimeZone = 'UTC'";
            await utc.ExecuteNonQueryAsync(cancellationToken);
        }

        using var query = duckdb.CreateCommand();
        query.CommandText = sql;
        using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A count or an integer column as a long (DuckDB sums BIGINTs as HUGEINTs).</summary>
    public static long Count(object? value) => value is BigInteger huge ? (long)huge : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>A path as DuckDB's SQL takes it.</summary>
    public static string PathOf(string path) => path.Replace('\\', '/');
}
