using System.CommandLine;
using Bayu.Cli.Infrastructure;

namespace Bayu.Cli.Import;

/// <summary>The target options shared by <c>bayu import</c> and <c>bayu demo</c>: exactly one must be given.</summary>
internal sealed class ImportTargetOptions
{
    public Option<string?> Server { get; } = new("--server")
    {
        Description = "FHIR base URL of a running Bayu server, e.g. http://localhost:5000/fhir",
    };

    public Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = "Write straight into the SQLite store of this data directory (stop the server first)",
    };

    public Option<string?> Postgres { get; } = new("--postgres")
    {
        Description = "Write straight into the PostgreSQL store at this Npgsql connection string",
    };

    /// <summary>Two units in flight: one is parsed and prepared while the other waits on the database.</summary>
    public const int DefaultParallel = 2;

    public Option<int> Parallel { get; } = new("--parallel")
    {
        Description = "Units sent at the same time",
        DefaultValueFactory = _ => DefaultParallel,
    };

    public Option<bool> NoProgress { get; } = new("--no-progress")
    {
        Description = "Do not draw the progress bar",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(DataDirectory);
        command.Options.Add(Postgres);
        command.Options.Add(Parallel);
        command.Options.Add(NoProgress);
    }

    public IImportTarget Create(ParseResult parseResult)
    {
        var server = parseResult.GetValue(Server);
        var dataDirectory = parseResult.GetValue(DataDirectory);
        var postgres = parseResult.GetValue(Postgres);
        var given = new[] { server, dataDirectory, postgres }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            throw new CliUsageException("give exactly one target: --server URL, --data-dir DIR or --postgres CONNECTION-STRING");
        }
        if (parseResult.GetValue(Parallel) is < 1 or > 64)
        {
            throw new CliUsageException("--parallel must be between 1 and 64");
        }
        if (server is not null)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new CliUsageException($"--server '{server}' is not an http(s) URL");
            }
            return new HttpImportTarget(uri);
        }
        return dataDirectory is not null ? StoreImportTarget.Sqlite(dataDirectory) : StoreImportTarget.Postgres(postgres!);
    }
}
