using System.Globalization;
using Bayu.Storage.Store;

namespace Bayu.Server.Modules.InstitutionRegistry;

/// <summary>One version attributed to an institution.</summary>
internal sealed record Submission(string OrganizationId, string ResourceType, string ResourceId, int VersionId, DateTimeOffset SubmittedAt);

/// <summary>What one institution submitted of one resource type.</summary>
internal sealed record SubmissionCount(string OrganizationId, string ResourceType, long Submissions, DateTimeOffset LastSubmittedAt);

/// <summary>
/// The module's tables (<see cref="RegistrySchema"/>), the only class of the module that holds SQL.
/// Statements are the same on both providers but for the larger-of-two function.
/// </summary>
internal sealed class SubmissionTable(IResourceStore store)
{
    private readonly SqlResourceStore _store = store as SqlResourceStore ?? throw new ArgumentException("the institution registry keeps its tables in the SQL store", nameof(store));

    /// <summary>
    /// Records a submission once: the version's row is inserted unless it is there already, and only
    /// a new row moves the counts, in the same transaction — so a repeated delivery changes nothing,
    /// whatever order deliveries arrive in.
    /// </summary>
    /// <returns>Whether the submission was new.</returns>
    public Task<bool> RecordAsync(Submission submission, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var greatest = _store.Provider == StoreProvider.Postgres ? "GREATEST" : "max";
        return _store.InWriteAsync(async (connection, transaction) =>
        {
            var at = submission.SubmittedAt.UtcTicks;
            var inserted = await SqlCommands.ExecuteAsync(connection, transaction, """
                INSERT INTO institution_registry_submissions (resource_type, resource_id, version_id, organization_id, submitted_at)
                VALUES (@p0, @p1, @p2, @p3, @p4) ON CONFLICT DO NOTHING
                """, [submission.ResourceType, submission.ResourceId, submission.VersionId, submission.OrganizationId, at], ct).ConfigureAwait(false);
            if (inserted == 1)
            {
                await SqlCommands.ExecuteAsync(connection, transaction, $"""
                    INSERT INTO institution_registry_counts (organization_id, resource_type, submissions, last_submitted_at)
                    VALUES (@p0, @p1, 1, @p2)
                    ON CONFLICT (organization_id, resource_type) DO UPDATE SET
                        submissions = institution_registry_counts.submissions + 1,
                        last_submitted_at = {greatest}(institution_registry_counts.last_submitted_at, excluded.last_submitted_at)
                    """, [submission.OrganizationId, submission.ResourceType, at], ct).ConfigureAwait(false);
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return inserted == 1;
        }, ct);
    }

    /// <summary>Every (institution, resource type) total.</summary>
    public async Task<IReadOnlyList<SubmissionCount>> CountsAsync(CancellationToken ct)
    {
        await using var connection = await _store.OpenReadAsync(ct).ConfigureAwait(false);
        await using var command = SqlCommands.Create(connection, null,
            "SELECT organization_id, resource_type, submissions, last_submitted_at FROM institution_registry_counts", []);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var counts = new List<SubmissionCount>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            counts.Add(new SubmissionCount(
                reader.GetString(0),
                reader.GetString(1),
                Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture),
                new DateTimeOffset(Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture), TimeSpan.Zero)));
        }
        return counts;
    }
}
