using Bayu.Storage.Store;
using Npgsql;
using NpgsqlTypes;

namespace Bayu.Storage.Postgres;

/// <summary>
/// PostgreSQL inserts: a table with many rows goes through binary <c>COPY</c> (no SQL text, no
/// per-row parse); the small tables of a small write go together as multi-row INSERTs in one
/// <see cref="NpgsqlBatch"/>, so a single-resource create costs one round trip, not eight.
/// </summary>
internal static class PostgresBulkInsert
{
    // Below this many rows a COPY's own start-up round trips cost more than the INSERT it saves.
    private const int CopyThreshold = 200;

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TableRows> tables, CancellationToken ct)
    {
        var small = tables.Where(t => t.Rows.Count is > 0 and < CopyThreshold).ToList();
        if (small.Count > 0)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var table in small)
            {
                batch.BatchCommands.Add(MultiRowInsert(table));
            }
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        foreach (var table in tables.Where(t => t.Rows.Count >= CopyThreshold))
        {
            await CopyAsync(connection, table, ct).ConfigureAwait(false);
        }
    }

    private static NpgsqlBatchCommand MultiRowInsert(TableRows table)
    {
        var columns = table.Shape.Columns;
        var command = new NpgsqlBatchCommand();
        var sql = new System.Text.StringBuilder($"INSERT INTO {table.Shape.Table} ({table.Shape.ColumnList}) VALUES ");
        var n = 0;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                sql.Append(c == 0 ? "$" : ", $").Append(++n);
                command.Parameters.Add(new NpgsqlParameter { Value = table.Rows[r][c] ?? DBNull.Value, NpgsqlDbType = TypeOf(columns[c].Kind) });
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        return command;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, TableRows table, CancellationToken ct)
    {
        var columns = table.Shape.Columns;
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table.Shape.Table} ({table.Shape.ColumnList}) FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false);
        foreach (var row in table.Rows)
        {
            await importer.StartRowAsync(ct).ConfigureAwait(false);
            for (var c = 0; c < columns.Length; c++)
            {
                if (row[c] is null)
                {
                    await importer.WriteNullAsync(ct).ConfigureAwait(false);
                }
                else
                {
                    await WriteAsync(importer, row[c]!, columns[c].Kind, ct).ConfigureAwait(false);
                }
            }
        }
        await importer.CompleteAsync(ct).ConfigureAwait(false);
    }

    // Typed writes: binary COPY sends the value's wire format, which must match the column exactly.
    private static Task WriteAsync(NpgsqlBinaryImporter importer, object value, ColumnKind kind, CancellationToken ct) => kind switch
    {
        ColumnKind.Int16 => importer.WriteAsync(Convert.ToInt16(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Smallint, ct),
        ColumnKind.Int32 => importer.WriteAsync(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Integer, ct),
        ColumnKind.Int64 => importer.WriteAsync(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, ct),
        ColumnKind.Real => importer.WriteAsync(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Double, ct),
        ColumnKind.Json => importer.WriteAsync((string)value, NpgsqlDbType.Jsonb, ct),
        _ => importer.WriteAsync((string)value, NpgsqlDbType.Text, ct),
    };

    private static NpgsqlDbType TypeOf(ColumnKind kind) => kind switch
    {
        ColumnKind.Int16 => NpgsqlDbType.Smallint,
        ColumnKind.Int32 => NpgsqlDbType.Integer,
        ColumnKind.Int64 => NpgsqlDbType.Bigint,
        ColumnKind.Real => NpgsqlDbType.Double,
        ColumnKind.Json => NpgsqlDbType.Jsonb,
        _ => NpgsqlDbType.Text,
    };
}
