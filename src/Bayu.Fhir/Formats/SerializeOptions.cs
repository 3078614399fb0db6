using Hl7.Fhir.Rest;

namespace Bayu.Fhir.Formats;

/// <summary>Output shaping for <see cref="FhirFormats"/>, matching the REST parameters of the same names.</summary>
/// <param name="Pretty">Indent the output (<c>_pretty=true</c>).</param>
/// <param name="Summary">Restrict to a summary (<c>_summary</c>); <see cref="SummaryType.False"/> writes everything.</param>
/// <param name="Elements">Restrict to these top-level elements (<c>_elements</c>); mandatory elements are always kept.</param>
public sealed record SerializeOptions(bool Pretty = false, SummaryType Summary = SummaryType.False, IReadOnlyList<string>? Elements = null)
{
    /// <summary>Compact output of the whole resource.</summary>
    public static SerializeOptions Default { get; } = new();

    internal bool IsSubsetting => Summary != SummaryType.False || Elements is { Count: > 0 };
}
