using System.CommandLine;
using Bayu.Server.Platform.Workers;

namespace Bayu.Cli.Worker;

/// <summary>
/// <c>bayu worker</c>: a process that delivers outbox events and runs durable jobs for a Bayu
/// server, with the server's configuration (appsettings, <c>Bayu__…</c> environment variables and
/// <c>--Bayu:…=value</c> settings) and modules. Several may share one PostgreSQL database; on
/// SQLite run the workers inside the server (the default).
/// </summary>
public static class WorkerCommands
{
    public static Command Build()
    {
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (the server's ConnectionStrings:Postgres)" };
        var data = new Option<string?>("--data") { Description = "Data directory of the SQLite store (the server's Bayu:DataDirectory)" };
        var command = new Command("worker", "Run background work (outbox deliveries, durable jobs) for the platform (后台任务进程)") { postgres, data };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, ct) =>
        {
            var settings = new List<string>(parseResult.UnmatchedTokens);
            if (parseResult.GetValue(postgres) is { Length: > 0 } connection)
            {
                settings.Add($"--postgres={connection}");
            }
            if (parseResult.GetValue(data) is { Length: > 0 } directory)
            {
                settings.Add($"--Bayu:DataDirectory={directory}");
            }
            return await WorkerHost.RunAsync([.. settings], ct).ConfigureAwait(false);
        });
        return command;
    }
}
