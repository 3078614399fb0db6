using System.Collections.Concurrent;
using System.Text.Json;
using Bayu.Storage.Search;
using Bayu.Storage.Store;

namespace Bayu.Engine.Access;

/// <summary>
/// The patients an institution has a care relationship with (DOMAIN.md §1.8: staff see the records
/// of their own patients): those it manages (<c>Patient.managingOrganization</c>), those with an
/// encounter there, and those who consented to its access (an active permit <c>Consent</c> naming it).
/// Recomputed at most every <see cref="Freshness"/> per institution, so a new encounter is visible
/// to its staff within that time without a query per request.
/// </summary>
public sealed class CareRelationships(IResourceStore store, TimeProvider? time = null)
{
    /// <summary>Most patients one institution's reach holds; beyond, the newest relationships are kept and the rest need an explicit consent or break-glass.</summary>
    public const int MaxPatients = 5000;

    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlySet<string> Patients)> _cache = new(StringComparer.Ordinal);

    /// <param name="organization"><c>Organization/…</c>.</param>
    public async ValueTask<IReadOnlySet<string>> PatientsOfAsync(string organization, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(organization, out var cached) && now - cached.At < Freshness)
        {
            return cached.Patients;
        }
        var patients = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in await SearchAsync("Patient", "organization", organization, ct).ConfigureAwait(false))
        {
            patients.Add(resource.Id);
        }
        await AddReferencesAsync(patients, "Encounter", "service-provider", organization, "subject", ct).ConfigureAwait(false);
        await AddReferencesAsync(patients, "Consent", "actor", organization, "patient", ct).ConfigureAwait(false);
        IReadOnlySet<string> reach = patients.Count > MaxPatients ? patients.Take(MaxPatients).ToHashSet(StringComparer.Ordinal) : patients;
        _cache[organization] = (now, reach);
        return reach;
    }

    /// <summary>Forgets an institution's reach (after a write that changes it, e.g. a new encounter or consent).</summary>
    public void Invalidate(string organization) => _cache.TryRemove(organization, out _);

    /// <summary>Forgets every institution's reach (a committed write of a type that defines it).</summary>
    public void InvalidateAll() => _cache.Clear();

    /// <summary>Types whose writes change who is whose patient.</summary>
    public static bool DefinesReach(string resourceType) => resourceType is "Patient" or "Encounter" or "Consent";

    private async Task AddReferencesAsync(HashSet<string> patients, string type, string parameter, string organization, string patientElement, CancellationToken ct)
    {
        foreach (var resource in await SearchAsync(type, parameter, organization, ct).ConfigureAwait(false))
        {
            if (type == "Consent" && !IsActivePermit(resource.Json))
            {
                continue;
            }
            if (PatientId(resource.Json, patientElement) is { } id)
            {
                patients.Add(id);
            }
        }
    }

    private async Task<IReadOnlyList<StoredResource>> SearchAsync(string type, string parameter, string value, CancellationToken ct)
    {
        var query = SearchParser.Default.Parse(type, [new(parameter, value), new("_count", SearchQuery.MaxCount.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        query.Sort.Clear();
        var all = new List<StoredResource>();
        while (all.Count < MaxPatients * 2)
        {
            var page = await store.SearchAsync(query, ct).ConfigureAwait(false);
            all.AddRange(page.Resources);
            if (page.Resources.Count < query.Count)
            {
                break;
            }
            query.Offset += query.Count;
        }
        return all;
    }

    private static string? PatientId(string? json, string element)
    {
        if (json is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.TryGetProperty(element, out var reference) && reference.ValueKind == JsonValueKind.Object
            && reference.TryGetProperty("reference", out var text) && text.GetString() is { } value && value.StartsWith("Patient/", StringComparison.Ordinal))
        {
            var id = value["Patient/".Length..];
            var history = id.IndexOf('/', StringComparison.Ordinal);
            return history < 0 ? id : id[..history];
        }
        return null;
    }

    private static bool IsActivePermit(string? json)
    {
        if (json is null)
        {
            return false;
        }
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var active = root.TryGetProperty("status", out var status) && status.GetString() == "active";
        var permit = !root.TryGetProperty("provision", out var provision) || !provision.TryGetProperty("type", out var kind) || kind.GetString() == "permit";
        return active && permit;
    }
}
