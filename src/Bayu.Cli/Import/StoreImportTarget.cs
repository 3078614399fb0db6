using System.Globalization;
using Bayu.Cli.Infrastructure;
using Bayu.Fhir.Formats;
using Bayu.Storage.Store;
using Bayu.Storage.Writing;
using Hl7.Fhir.Model;

namespace Bayu.Cli.Import;

/// <summary>
/// Writes units straight into a store through the same write path the server uses
/// (<see cref="FhirRepository.ProcessBundleAsync"/>), without HTTP: for first loads and benchmarks.
/// </summary>
internal sealed class StoreImportTarget : IImportTarget
{
    private readonly IResourceStore _store;
    private readonly FhirRepository _repository;

    private StoreImportTarget(IResourceStore store, string description)
    {
        _store = store;
        _repository = new FhirRepository(store);
        Description = description;
    }

    public string Description { get; }

    public static StoreImportTarget Sqlite(string dataDirectory, Bayu.Storage.Sqlite.SqliteSynchronous synchronous = Bayu.Storage.Sqlite.SqliteSynchronous.Full) =>
        new(ResourceStores.Sqlite(dataDirectory, synchronous), $"SQLite store in {Path.GetFullPath(dataDirectory)}");

    public static StoreImportTarget Postgres(string connectionString)
    {
        try
        {
            return new(ResourceStores.Postgres(connectionString), "PostgreSQL store");
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
            await _store.MigrateAsync(ct);
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
            return Repeat(unit, "400", OutcomeText(parsed.Outcome, "not a Bundle"));
        }
        try
        {
            var response = await _repository.ProcessBundleAsync(bundle, returnResources: false, ct);
            return [.. response.Entry.Select(e => e.Response?.Status is { } status && status.StartsWith('2')
                ? new EntryOutcome(true, status, null)
                : new EntryOutcome(false, e.Response?.Status, OutcomeText(e.Response?.Outcome as OperationOutcome, e.Response?.Status ?? "failed")))];
        }
        catch (FhirOperationError error)
        {
            // A refused transaction: nothing was written, every entry fails for the same reason.
            return Repeat(unit, error.Status.ToString(CultureInfo.InvariantCulture), OutcomeText(error.Outcome, error.Message));
        }
    }

    public System.Threading.Tasks.Task FinishAsync(CancellationToken ct) => _store.RefreshStatisticsAsync(ct);

    public ValueTask DisposeAsync() => _store.DisposeAsync();

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
