using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Bayu.Server.Security.Authorization;

/// <summary>
/// EHR launch: the EHR (or the portal) registers the patient and encounter it opens an app for and
/// passes the returned opaque <c>launch</c> value to the app, whose authorize request carries it back.
/// Kept in memory for ten minutes and used once.
/// </summary>
public sealed class LaunchContexts(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, LaunchContext Context)> _launches = new(StringComparer.Ordinal);

    public string Create(LaunchContext context)
    {
        foreach (var expired in _launches.Where(l => l.Value.Expires < time.GetUtcNow()).Select(l => l.Key).ToList())
        {
            _launches.TryRemove(expired, out _);
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _launches[id] = (time.GetUtcNow() + Lifetime, context);
        return id;
    }

    public LaunchContext? Take(string launch) =>
        _launches.TryRemove(launch, out var entry) && entry.Expires >= time.GetUtcNow() ? entry.Context : null;
}

/// <param name="Patient"><c>Patient/…</c>.</param>
/// <param name="Encounter"><c>Encounter/…</c>, when the launch is about one.</param>
public sealed record LaunchContext(string Patient, string? Encounter);
