using System.Globalization;
using Bayu.Cli.Infrastructure;
using Bayu.Engine.Context;
using Bayu.Engine.Errors;
using Bayu.Engine.Interactions;
using Bayu.Fhir.Formats;
using Bayu.Storage.Store;
using Microsoft.Extensions.DependencyInjection;
using Hl7.Fhir.Model;

namespace Bayu.Cli.Import;

/// <summary>
/// Writes units straight into a store through the same engine the server uses
/// (<see cref="FhirEngine.ProcessBundleAsync"/>), without HTTP: for first loads and benchmarks.
/// </summary>
internal sealed class StoreImportTarget : IImportTarget
{
    private readonly Microsoft.Extensions.Hosting.IHost _platform;
    private readonly IResourceStore _store;
    private readonly FhirEngine _engine;
    private readonly RequestContext _context = RequestContext.System("bayu-import");

    /// <param name="settings">Configuration of the platform's services, as the server takes it.</param>
    private StoreImportTarget(string[] settings, string description)
    {
        // The store comes from the platform's services, so it carries the modules' outbox
        // subscriptions: an imported version raises the same events as one written over HTTP.
        // The engine has no pipeline: bulk loads skip the validator (docs/adr/0550).
        _platform = Bayu.Server.Platform.Workers.WorkerHost.BuildServices(settings);
        _store = _platform.Services.GetRequiredService<IResourceStore>();
        _engine = new FhirEngine(_store);
        Description = description;
    }

    public string Description { get; }

    public static StoreImportTarget Sqlite(string dataDirectory, Bayu.Storage.Sqlite.SqliteSynchronous synchronous = Bayu.Storage.Sqlite.SqliteSynchronous.Full) =>
        new([$"--Bayu:DataDirectory={dataDirectory}", "--Bayu:Storage:Provider=Sqlite", $"--Bayu:Storage:SqliteSynchronous={synchronous}"], $"SQLite store in {Path.GetFullPath(dataDirectory)}");

    public static StoreImportTarget Postgres(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return new(["--Bayu:Storage:Provider=Postgres", $"--ConnectionStrings:Postgres={connectionString}"], "PostgreSQL store");
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException($"--postgres: {ex.Message}");
        }
    }

    public async System.Threading.Tasks.Task CheckAsync(CancellationToken ct)
    {
        try
        {
            await _store.MigrateAsync(_platform.Services.GetServices<Bayu.Storage.Schema.MigrationSet>(), ct);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or System.Net.Sockets.SocketException)
        {
            throw new CliUsageException($"cannot open the {Description}: {ex.Message}");
        }
    }

    public async Task<IReadOnlyList<EntryOutcome>> SendAsync(ImportUnit unit, CancellationToken ct)
    {
        var parsed = FhirFormats.Parse(unit.Bundle, FhirFormat.Json);
        if (!parsed.IsSuccess || parsed.Resource is not Bundle bundle)
        {
            return Repeat(unit, KindText(FhirErrorKind.Invalid), OutcomeText(parsed.Outcome, "not a Bundle"));
        }
        try
        {
            var outcome = await _engine.ProcessBundleAsync(_context, bundle, ct);
            return [.. outcome.Entries.Select(e => e.Error is { } error
                ? new EntryOutcome(false, KindText(error.Kind), OutcomeText(error.Outcome, KindText(error.Kind)))
                : new EntryOutcome(true, e.Write?.Kind.ToString().ToLowerInvariant() ?? "read", null))];
        }
        catch (FhirError error)
        {
            // A refused transaction: nothing was written, every entry fails for the same reason.
            return Repeat(unit, KindText(error.Kind), OutcomeText(error.Outcome, error.Message));
        }
    }

    public System.Threading.Tasks.Task FinishAsync(CancellationToken ct) => _store.RefreshStatisticsAsync(ct);

    // The platform's container owns the store (an IAsyncDisposable singleton) and disposes it.
    public ValueTask DisposeAsync() => ((IAsyncDisposable)_platform).DisposeAsync();

    /// <summary>The refusal's kind as a report shows it (no HTTP here: "precondition-failed", not 412).</summary>
    private static string KindText(FhirErrorKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static List<EntryOutcome> Repeat(ImportUnit unit, string status, string reason) =>
        [.. unit.Entries.Select(_ => new EntryOutcome(false, status, reason))];

    private static string OutcomeText(OperationOutcome? outcome, string fallback)
    {
        var texts = outcome?.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => i.Diagnostics ?? i.Details?.Text ?? i.Code?.ToString())
            .OfType<string>()
            .Distinct()
            .ToList();
        return texts is { Count: > 0 } ? string.Join("; ", texts) : fallback;
    }
}
