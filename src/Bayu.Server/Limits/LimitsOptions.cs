using System.ComponentModel.DataAnnotations;
using Bayu.Fhir.Formats;

namespace Bayu.Server.Limits;

/// <summary>
/// What one request may cost (section <c>Bayu:Limits</c>), enforced at the door before any parser,
/// validator or query sees the request, each refusal naming its setting. See docs/adr/0360.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Bayu:Limits";

    /// <summary>Bytes in one request body (413 above). 32 MiB: four times the largest Synthea patient bundle.</summary>
    [Range(1024, 1L << 30)]
    public long MaxBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Elements nested in one resource (400 above); see <see cref="ParseLimits.Default"/> for why 64.</summary>
    [Range(8, 200)]
    public int MaxDepth { get; set; } = ParseLimits.Default.MaxDepth;

    /// <summary>Characters in one string value (400 above); FHIR's own bound is 1 MB.</summary>
    [Range(256, 64 * 1024 * 1024)]
    public int MaxStringLength { get; set; } = ParseLimits.Default.MaxStringLength;

    /// <summary>Characters in the path and query of one request (414 above).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxUrlLength { get; set; } = 16 * 1024;

    /// <summary>Comma-separated values in one search parameter (400 above).</summary>
    [Range(1, 10_000)]
    public int MaxSearchValues { get; set; } = 100;

    /// <summary>Search parameters in one query, repeated ones counted each time (400 above).</summary>
    [Range(1, 1000)]
    public int MaxSearchParameters { get; set; } = 50;

    /// <summary>The largest page a search returns; a larger <c>_count</c> is lowered to it, as R4 lets servers do.</summary>
    [Range(1, 10_000)]
    public int MaxCount { get; set; } = 1000;

    /// <summary>Entries in one batch or transaction Bundle (413 above; bulk data goes through <c>bayu import</c>).</summary>
    [Range(1, 1_000_000)]
    public int MaxBundleEntries { get; set; } = 10_000;

    /// <summary>Seconds one database statement may run, and a connection may be waited for (503 with Retry-After above).</summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    public Bayu.Storage.Search.SearchLimits ToSearchLimits() =>
        new() { MaxValuesPerParameter = MaxSearchValues, MaxParameters = MaxSearchParameters, MaxCount = MaxCount };

    public ParseLimits ToParseLimits() =>
        new(MaxDepth, MaxStringLength, $"{Section}:{nameof(MaxDepth)}", $"{Section}:{nameof(MaxStringLength)}");
}
