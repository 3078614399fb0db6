namespace Bayu.Storage.Store;

/// <summary>Column types as the providers' bulk paths need them (PostgreSQL's binary COPY is typed).</summary>
internal enum ColumnKind { Text, Int16, Int32, Int64, Real, Json }

/// <summary>A table the write path inserts into, with its columns in row order.</summary>
internal sealed record TableShape(string Table, params (string Name, ColumnKind Kind)[] Columns)
{
    public string ColumnList => string.Join(", ", Columns.Select(c => c.Name));

    public static readonly TableShape Resources = new("resources",
        ("resource_type", ColumnKind.Text), ("id", ColumnKind.Text), ("version_id", ColumnKind.Int32), ("last_updated", ColumnKind.Int64),
        ("is_current", ColumnKind.Int16), ("is_deleted", ColumnKind.Int16), ("method", ColumnKind.Int16), ("compartment", ColumnKind.Text), ("json", ColumnKind.Json));

    public static readonly TableShape Token = Index("idx_token", ("system", ColumnKind.Text), ("code", ColumnKind.Text), ("text_value", ColumnKind.Text));

    public static readonly TableShape String = Index("idx_string", ("norm", ColumnKind.Text), ("exact", ColumnKind.Text));

    public static readonly TableShape Date = Index("idx_date", ("low", ColumnKind.Int64), ("high", ColumnKind.Int64));

    public static readonly TableShape Number = Index("idx_number", ("low", ColumnKind.Real), ("high", ColumnKind.Real));

    public static readonly TableShape Quantity = Index("idx_quantity", ("system", ColumnKind.Text), ("code", ColumnKind.Text), ("low", ColumnKind.Real), ("high", ColumnKind.Real),
        ("canonical_code", ColumnKind.Text), ("canonical_low", ColumnKind.Real), ("canonical_high", ColumnKind.Real));

    public static readonly TableShape Reference = Index("idx_reference", ("target_type", ColumnKind.Text), ("target_id", ColumnKind.Text), ("url", ColumnKind.Text),
        ("identifier_system", ColumnKind.Text), ("identifier_value", ColumnKind.Text));

    public static readonly TableShape Uri = Index("idx_uri", ("value", ColumnKind.Text));

    public static IReadOnlyList<TableShape> IndexTables { get; } = [Token, String, Date, Number, Quantity, Reference, Uri];

    private static TableShape Index(string table, params (string, ColumnKind)[] columns) =>
        new(table, [("resource_type", ColumnKind.Text), ("id", ColumnKind.Text), ("param", ColumnKind.Text), .. columns]);
}

/// <summary>Rows bound for one table in one flush.</summary>
internal sealed record TableRows(TableShape Shape, List<object?[]> Rows);
