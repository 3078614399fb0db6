using System.Diagnostics;
using System.Globalization;

namespace Bayu.Cli.Import;

/// <summary>One resource (or input line) that did not make it, with the reason the target gave.</summary>
internal sealed record ImportFailure(string Source, string? Entry, string? Status, string Reason);

/// <summary>Running totals of an import; safe to update from several workers.</summary>
internal sealed class ImportReport
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, long> _imported = new(StringComparer.Ordinal);
    private readonly List<ImportFailure> _failures = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public long Imported { get; private set; }

    public int FailureCount
    {
        get
        {
            lock (_gate)
            {
                return _failures.Count;
            }
        }
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Stop() => _clock.Stop();

    public void Add(ImportUnit unit, IReadOnlyList<EntryOutcome> outcomes)
    {
        lock (_gate)
        {
            for (var i = 0; i < unit.Entries.Count; i++)
            {
                var entry = unit.Entries[i];
                var outcome = outcomes[i];
                if (outcome.Succeeded)
                {
                    _imported[entry.ResourceType] = _imported.GetValueOrDefault(entry.ResourceType) + 1;
                    Imported++;
                }
                else
                {
                    var label = string.Create(CultureInfo.InvariantCulture, $"entry {i + 1} ({entry.Label})");
                    _failures.Add(new ImportFailure(unit.Source, label, outcome.Status, outcome.Reason ?? "failed"));
                }
            }
        }
    }

    public void Add(ImportInputError error)
    {
        lock (_gate)
        {
            _failures.Add(new ImportFailure(error.Source, null, null, error.Reason));
        }
    }

    public IReadOnlyDictionary<string, long> ImportedByType()
    {
        lock (_gate)
        {
            return new SortedDictionary<string, long>(_imported, StringComparer.Ordinal);
        }
    }

    public IReadOnlyList<ImportFailure> Failures()
    {
        lock (_gate)
        {
            return [.. _failures];
        }
    }
}
