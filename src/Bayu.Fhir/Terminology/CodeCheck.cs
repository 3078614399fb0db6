namespace Bayu.Fhir.Terminology;

/// <summary>Outcome of checking a code against a value set or code system.</summary>
public enum CodeCheckStatus
{
    /// <summary>The code is a member.</summary>
    Valid,

    /// <summary>The code is definitely not a member (or not in the code system).</summary>
    Invalid,

    /// <summary>The code belongs to a system Bayu cannot enumerate (SNOMED CT, LOINC …) or the value set is unknown.</summary>
    NotChecked,
}

/// <summary><c>$validate-code</c> result: status, a message for people, and a display warning when the display differs.</summary>
public sealed record CodeCheck(CodeCheckStatus Status, string Message, string? DisplayWarning = null, ExpandedCode? Concept = null)
{
    public bool IsValid => Status == CodeCheckStatus.Valid;
}
