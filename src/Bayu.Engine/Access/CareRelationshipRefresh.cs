using Bayu.Engine.Pipeline;

namespace Bayu.Engine.Access;

/// <summary>
/// A new encounter, consent or managed patient widens an institution's reach at once in this
/// process, instead of after <see cref="CareRelationships.Freshness"/>: a doctor who has just
/// admitted a patient expects to open the record.
/// </summary>
public sealed class CareRelationshipRefresh(CareRelationships care) : ICommitInterceptor
{
    public int Order => 0;

    public ValueTask AfterCommitAsync(CommitScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Versions.Any(v => CareRelationships.DefinesReach(v.ResourceType)))
        {
            care.InvalidateAll();
        }
        return ValueTask.CompletedTask;
    }
}
