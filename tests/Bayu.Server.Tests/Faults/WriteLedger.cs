using System.Collections.Concurrent;

namespace Bayu.Server.Tests.Faults;

/// <summary>
/// What the writers were told. A write is acknowledged by a 2xx answer and refused by a 4xx one;
/// a request that got no answer (the server died under it, or was down) is neither: it may or
/// may not have committed, and the test claims nothing about it beyond what the store holds.
/// </summary>
internal sealed class WriteLedger
{
    private long _requests;
    private long _acknowledgedRequests;
    private long _refusedRequests;
    private long _unanswered;
    private long _serverErrors;

    /// <summary>Every version a 2xx answer named.</summary>
    public ConcurrentBag<VersionKey> Acknowledged { get; } = [];

    /// <summary>Resources (type, id) that only refused or rolled-back writes ever named.</summary>
    public ConcurrentBag<(string Type, string Id)> Refused { get; } = [];

    /// <summary>Answers the scenario does not allow (a refusal of a valid write, a success of a failing one).</summary>
    public ConcurrentQueue<string> Unexpected { get; } = new();

    public long Requests => Interlocked.Read(ref _requests);

    public long AcknowledgedRequests => Interlocked.Read(ref _acknowledgedRequests);

    /// <summary>Requests refused whole (4xx).</summary>
    public long RefusedRequests => Interlocked.Read(ref _refusedRequests);

    public long Unanswered => Interlocked.Read(ref _unanswered);

    /// <summary>5xx answers: unknown outcome, like no answer (a 503 when the database is away).</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    public void Sent() => Interlocked.Increment(ref _requests);

    public void NoAnswer() => Interlocked.Increment(ref _unanswered);

    public void ServerError() => Interlocked.Increment(ref _serverErrors);

    public void Acknowledge(IEnumerable<VersionKey> versions)
    {
        Interlocked.Increment(ref _acknowledgedRequests);
        foreach (var version in versions)
        {
            Acknowledged.Add(version);
        }
    }

    public void Refuse((string Type, string Id) resource)
    {
        Interlocked.Increment(ref _refusedRequests);
        Refused.Add(resource);
    }

    public void Surprise(string what)
    {
        if (Unexpected.Count < 50)
        {
            Unexpected.Enqueue(what);
        }
    }
}
