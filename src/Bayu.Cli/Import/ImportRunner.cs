namespace Bayu.Cli.Import;

/// <summary>
/// Reads the files in order and keeps up to <c>parallel</c> units in flight. A unit of shared
/// reference data is a barrier: everything before it finishes, then it runs alone, so later
/// bundles can resolve conditional references (e.g. <c>Organization?identifier=…</c>) to it.
/// </summary>
internal static class ImportRunner
{
    public static Task RunAsync(IReadOnlyList<ImportFile> files, ImportReader reader, IImportTarget target, int parallel, ImportReport report, Action<long>? progress, CancellationToken ct) =>
        RunAsync(files.SelectMany(reader.Read), target, parallel, report, progress, ct);

    public static async Task RunAsync(IEnumerable<IImportItem> items, IImportTarget target, int parallel, ImportReport report, Action<long>? progress, CancellationToken ct)
    {
        var inFlight = new List<Task>();
        using var slots = new SemaphoreSlim(parallel);

        async Task Send(ImportUnit unit)
        {
            IReadOnlyList<EntryOutcome> outcomes;
            try
            {
                outcomes = await target.SendAsync(unit, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A store-side failure of one unit must not stop the rest; it is reported per entry.
                var reason = $"{ex.GetType().Name}: {ex.Message}";
                outcomes = [.. unit.Entries.Select(_ => new EntryOutcome(false, null, reason))];
            }
            report.Add(unit, outcomes);
            progress?.Invoke(unit.SourceBytes);
        }

        foreach (var item in items)
        {
            switch (item)
            {
                case ImportInputError error:
                    report.Add(error);
                    progress?.Invoke(error.SourceBytes);
                    break;
                case ImportUnit { IsReferenceData: true } barrier:
                    await Task.WhenAll(inFlight);
                    inFlight.Clear();
                    await Send(barrier);
                    break;
                case ImportUnit unit:
                    await slots.WaitAsync(ct);
                    inFlight.RemoveAll(t => t.IsCompleted);
                    inFlight.Add(SendReleasing(unit));
                    break;
            }
        }
        await Task.WhenAll(inFlight);
        report.Stop();

        async Task SendReleasing(ImportUnit unit)
        {
            try
            {
                await Task.Yield();
                await Send(unit);
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
