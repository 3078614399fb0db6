using Hl7.Fhir.Model;

namespace Bayu.Server.Modules.InstitutionRegistry;

/// <summary>A connected institution as the shared record has it.</summary>
internal sealed record Institution(string Id, string? Name, IReadOnlyList<Coding> Types);

/// <summary>
/// The operation's answer: one <c>institution</c> parameter per institution, with its submissions
/// per resource type, its last submission (absent when it never submitted) and whether it is silent.
/// Pure: given the institutions, the counts and the threshold, the same Parameters.
/// </summary>
internal static class RegistryReport
{
    public static Parameters Build(IEnumerable<Institution> institutions, IEnumerable<SubmissionCount> counts, DateTimeOffset silentSince, bool? silentFilter)
    {
        ArgumentNullException.ThrowIfNull(institutions);
        ArgumentNullException.ThrowIfNull(counts);
        var byInstitution = counts.ToLookup(c => c.OrganizationId, StringComparer.Ordinal);
        var report = new Parameters();
        report.Add("silent-since", new Instant(silentSince.ToUniversalTime()));
        foreach (var institution in institutions)
        {
            var mine = byInstitution[institution.Id].OrderBy(c => c.ResourceType, StringComparer.Ordinal).ToList();
            DateTimeOffset? last = mine.Count == 0 ? null : mine.Max(c => c.LastSubmittedAt);
            var silent = last is not { } l || l < silentSince;
            if (silentFilter is { } wanted && wanted != silent)
            {
                continue;
            }
            var parts = new List<Parameters.ParameterComponent>
            {
                Part("organization", new ResourceReference("Organization/" + institution.Id, institution.Name)),
            };
            parts.AddRange(institution.Types.Select(t => Part("type", t)));
            parts.Add(Part("silent", new FhirBoolean(silent)));
            if (last is { } lastSubmission)
            {
                parts.Add(Part("last-submission", new Instant(lastSubmission)));
            }
            parts.Add(Part("submissions", Integer(mine.Sum(c => c.Submissions))));
            parts.AddRange(mine.Select(c => new Parameters.ParameterComponent
            {
                Name = "resource-type",
                Part =
                [
                    Part("code", new Code(c.ResourceType)),
                    Part("submissions", Integer(c.Submissions)),
                    Part("last-submission", new Instant(c.LastSubmittedAt)),
                ],
            }));
            report.Parameter.Add(new Parameters.ParameterComponent { Name = "institution", Part = parts });
        }
        return report;
    }

    private static Parameters.ParameterComponent Part(string name, DataType value) => new() { Name = name, Value = value };

    // R4 has no 64-bit integer type; two thousand million submissions of one type is far away.
    private static Integer Integer(long value) => new((int)Math.Min(value, int.MaxValue));
}
