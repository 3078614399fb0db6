using System.Data.Common;

namespace Bayu.Storage.Store;

/// <summary>
/// Small ADO.NET helpers shared by both providers (positional <c>@pN</c> parameters); public for
/// modules' own tables, so they bind parameters the way the store does instead of by hand.
/// </summary>
public static class SqlCommands
{
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<object?> values)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameter.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<object?> values, CancellationToken ct)
    {
        await using var command = Create(connection, transaction, sql, values);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
