using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// Drives generated requests at a server with several concurrent clients, checks the property after
/// each one, samples accepted writes, compares the demo region before and after, and tallies it all.
/// </summary>
internal sealed partial class FuzzRun
{
    private readonly ConcurrentBag<Violation> _violations = [];
    private readonly ConcurrentDictionary<string, int> _requestsByKind = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _written = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _dumped = new(StringComparer.Ordinal);
    private int _requests;
    private int _accepted;
    private int _sampled;
    private int _slow;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Count, TimeSpan Longest)> _slowByClass = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Violation> Violations => _violations;

    public static async Task<FuzzRun> RunAsync(Uri baseAddress, string label, int cases, int clients, ulong seed)
    {
        var run = new FuzzRun { Label = label, Seed = seed, Clients = clients };
        using var client = new FuzzClient(baseAddress, clients);
        var oracle = new FuzzOracle(client);
        var before = await DemoSnapshot.TakeAsync(oracle).ConfigureAwait(false);
        if (before.Failure is not null || before.Versions.Count == 0)
        {
            throw new InvalidOperationException("the demo region could not be read before the run: " + (before.Failure ?? "empty"));
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var queue = Channel.CreateBounded<FuzzRequest>(clients * 2);
        var producer = Task.Run(async () =>
        {
            foreach (var request in FuzzGenerators.Cases(FuzzGenerators.All(before.Ids()), seed, cases))
            {
                await queue.Writer.WriteAsync(request).ConfigureAwait(false);
            }
            queue.Writer.Complete();
        });
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            await foreach (var request in queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await run.OneAsync(client, oracle, request).ConfigureAwait(false);
            }
        })).ToList();
        await Task.WhenAll([producer, .. workers]).ConfigureAwait(false);
        run.Elapsed = clock.Elapsed;
        if (!await oracle.IsAliveAsync().ConfigureAwait(false))
        {
            run._violations.Add(new Violation(FuzzOracle.Crash, new FuzzRequest { Kind = "demo", Class = "demo/health" }, "GET /health failed after the run"));
        }
        var after = await DemoSnapshot.TakeAsync(oracle).ConfigureAwait(false);
        foreach (var change in before.UnexplainedChanges(after, run._written.Keys.ToHashSet(StringComparer.Ordinal)).Take(20))
        {
            run._violations.Add(new Violation(FuzzOracle.DemoChanged, new FuzzRequest { Kind = "demo", Class = "demo/compare" }, change));
        }
        return run;
    }

    public string Label { get; private init; } = "";

    public ulong Seed { get; private init; }

    public int Clients { get; private init; }

    public TimeSpan Elapsed { get; private set; }

    private async Task OneAsync(FuzzClient client, FuzzOracle oracle, FuzzRequest request)
    {
        var response = await client.SendAsync(request).ConfigureAwait(false);
        if (Interlocked.Increment(ref _requests) % 500 == 0 && FuzzSettings.ProgressFile is { } progress)
        {
            await File.WriteAllTextAsync(progress, Summary()).ConfigureAwait(false);
        }
        _requestsByKind.AddOrUpdate(request.Kind, 1, (_, n) => n + 1);
        if (response.Elapsed > TimeSpan.FromSeconds(5))
        {
            Interlocked.Increment(ref _slow);
            _slowByClass.AddOrUpdate(request.Class, (1, response.Elapsed), (_, s) => (s.Count + 1, s.Longest > response.Elapsed ? s.Longest : response.Elapsed));
        }
        var found = await oracle.CheckAsync(request, response).ConfigureAwait(false);
        if (response.Status is >= 200 and < 300 && request.Method is "PUT" or "PATCH" or "DELETE")
        {
            // An accepted write to this id explains a change of it in the demo region.
            if (ResourcePath().Match(request.Path) is { Success: true } m)
            {
                _written.TryAdd(m.Groups[1].Value + "/" + m.Groups[2].Value, 0);
            }
        }
        if (response.Status == 200 && request.Kind == "bundle")
        {
            // A batch or transaction may update demo resources by id or condition; count its types as written.
            foreach (Match m in BundleLocation().Matches(response.Text))
            {
                _written.TryAdd(m.Groups[1].Value + "/" + m.Groups[2].Value, 0);
            }
        }
        if (response.Status == 201 && response.Location is { } location && Interlocked.Increment(ref _accepted) % FuzzSettings.SampleEvery == 1)
        {
            Interlocked.Increment(ref _sampled);
            found.AddRange(await oracle.CheckAcceptedWriteAsync(request, location).ConfigureAwait(false));
        }
        foreach (var violation in found)
        {
            _violations.Add(violation);
            Dump(violation);
        }
    }

    /// <summary>Writes the first few failing inputs of each cause and class in corpus format, to promote into the corpus.</summary>
    private void Dump(Violation violation)
    {
        if (FuzzSettings.FailuresDirectory is not { } directory)
        {
            return;
        }
        var key = Slug(violation.Cause) + "__" + Slug(violation.Request.Class);
        var n = _dumped.AddOrUpdate(key, 1, (_, c) => c + 1);
        if (n > 3)
        {
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{Slug(Label)}__{key}__{n}.json"), FuzzCorpus.Serialize(violation.Request, violation.Cause, violation.Detail));
    }

    private static string Slug(string text) => SlugPattern().Replace(text.ToLowerInvariant(), "-").Trim('-');

    public string Summary()
    {
        var text = new StringBuilder();
        var by = _violations.GroupBy(v => v.Cause).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        int Count(string cause) => by.GetValueOrDefault(cause);
        text.AppendLine(CultureInfo.InvariantCulture, $"Fuzz run {Label}: seed {Seed} (BAYU_FUZZ_SEED), {_requests} requests, {Clients} clients, {Elapsed.TotalSeconds:F0} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"  crashes {Count(FuzzOracle.Crash)}, 5xx {Count(FuzzOracle.ServerError)}, no answer in 20 s {Count(FuzzOracle.NoAnswer)}, closed without answer {Count(FuzzOracle.Closed)}, slower than 5 s {_slow}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  4xx without OperationOutcome {Count(FuzzOracle.NoOutcome)}, transactions half-written {Count(FuzzOracle.HalfWritten)}, 5xx inside batches {Count(FuzzOracle.BundleServerError)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  accepted creates {_accepted}, sampled {_sampled}: unreadable {Count(FuzzOracle.Unreadable)}, invalid on $validate {Count(FuzzOracle.Invalid)}; demo region changes unexplained {Count(FuzzOracle.DemoChanged)}");
        foreach (var (cls, slow) in _slowByClass.OrderByDescending(s => s.Value.Count).Take(5))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"       {slow.Count,4} × slower than 5 s — {cls} (longest {slow.Longest.TotalSeconds:F1} s)");
        }
        text.AppendLine("  requests per kind: " + string.Join(", ", _requestsByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}")));
        foreach (var group in _violations.GroupBy(v => (v.Cause, v.Request.Class)).OrderByDescending(g => g.Count()))
        {
            var example = group.First();
            text.AppendLine(CultureInfo.InvariantCulture, $"  {group.Count(),6} × {group.Key.Cause} — {group.Key.Class}: {FuzzOracle.Cut(example.Request.ToString(), 180)} → {FuzzOracle.Cut(example.Detail, 200)}");
        }
        return text.ToString();
    }

    [GeneratedRegex("^/fhir/([A-Za-z]+)/([A-Za-z0-9\\-\\.]{1,64})(?:[/?]|$)")]
    private static partial Regex ResourcePath();

    [GeneratedRegex("\"location\":\"(?:[^\"]*/)?([A-Z][A-Za-z]+)/([A-Za-z0-9\\-\\.]{1,64})/_history")]
    private static partial Regex BundleLocation();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugPattern();
}
