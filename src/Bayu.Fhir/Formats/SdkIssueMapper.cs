using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Hl7.Fhir.Validation;

namespace Bayu.Fhir.Formats;

/// <summary>
/// Turns the SDK's deserialization exceptions into OperationOutcome issues: one issue per
/// problem, a FHIRPath-style location, and severities adjusted to the parse mode.
/// </summary>
internal static class SdkIssueMapper
{
    // Problems that make the data unusable whatever the mode: no type to build, or data lost.
    private static readonly HashSet<string> s_alwaysErrors =
    [
        CodedValidationException.UNKNOWN_RESOURCE_TYPE_CODE,
        FhirJsonException.NO_RESOURCETYPE_PROPERTY_CODE,
        FhirJsonException.RESOURCETYPE_SHOULD_BE_STRING_CODE,
    ];

    // "No overflow" by the SDK's classification, but not safe: a null inside a repeating
    // primitive makes the list throw, and a wrong-cased name is not bound in strict binding.
    private static readonly HashSet<string> s_unsafeEvenWithoutOverflow =
    [
        CodedValidationException.REPEATING_ELEMENT_CANNOT_CONTAIN_NULL_CODE,
        CodedValidationException.WRONG_CASED_ELEMENT_CODE,
        CodedValidationException.WRONG_CASED_RESOURCE_TYPE_CODE,
    ];

    // The SDK reports an empty array at the position of its (absent) first item, a null item
    // at an index past the end, and an array-vs-single mistake at an item; the problem is the
    // element itself.
    private static readonly HashSet<string> s_reportedOnElement =
    [
        FhirJsonException.ARRAYS_CANNOT_BE_EMPTY_CODE,
        CodedValidationException.REPEATING_ELEMENT_CANNOT_CONTAIN_NULL_CODE,
    ];

    // Codes that restate a structural problem already reported at the same location.
    private static readonly HashSet<string> s_structural =
    [
        FhirJsonException.OBJECTS_CANNOT_BE_EMPTY_CODE,
        FhirJsonException.ARRAYS_CANNOT_BE_EMPTY_CODE,
        FhirJsonException.EXPECTED_PRIMITIVE_NOT_NULL_CODE,
        FhirXmlException.EMPTY_RESOURCE_CONTAINER_CODE,
    ];

    public static List<OperationOutcome.IssueComponent> Map(IEnumerable<CodedException> exceptions, string? rootType, ParseMode mode)
    {
        var mapped = new List<(string Code, string? Path, OperationOutcome.IssueComponent Issue)>();
        foreach (var exception in exceptions)
        {
            var (code, path, issue) = MapOne(exception, rootType, mode);
            mapped.Add((code, path, issue));
        }

        var structuralPaths = mapped.Where(m => s_structural.Contains(m.Code)).Select(m => m.Path).ToHashSet();
        var seen = new HashSet<(string?, string?)>();
        var result = new List<OperationOutcome.IssueComponent>(mapped.Count);
        foreach (var (code, path, issue) in mapped)
        {
            // "Empty FHIR elements are invalid" repeats the JSON-level empty/null report.
            if (code == CodedValidationException.ELEMENT_CANNOT_BE_EMPTY_CODE && structuralPaths.Contains(path))
            {
                continue;
            }
            if (seen.Add((path, issue.Diagnostics)))
            {
                result.Add(issue);
            }
        }
        return result;
    }

    private static (string Code, string? Path, OperationOutcome.IssueComponent Issue) MapOne(CodedException exception, string? rootType, ParseMode mode)
    {
        var code = exception.ErrorCode;
        if (exception is not ExtendedCodedException extended)
        {
            var plain = IssueFactory.Create(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Structure, null, exception.Message, errorCode: code);
            return (code, null, plain);
        }

        var path = NormalizePath(extended.InstancePath, rootType, code, extended.BaseErrorMessage);
        var severity = extended.IssueSeverity switch
        {
            OperationOutcome.IssueSeverity.Fatal => OperationOutcome.IssueSeverity.Fatal,
            OperationOutcome.IssueSeverity.Warning => OperationOutcome.IssueSeverity.Warning,
            OperationOutcome.IssueSeverity.Information => OperationOutcome.IssueSeverity.Information,
            _ => OperationOutcome.IssueSeverity.Error,
        };
        if (mode == ParseMode.Lenient && severity == OperationOutcome.IssueSeverity.Error && IsSafeToContinue(extended))
        {
            severity = OperationOutcome.IssueSeverity.Warning;
        }

        // The SDK names the root "$this" in some messages; say which resource it is.
        var message = rootType is null ? extended.BaseErrorMessage : extended.BaseErrorMessage.Replace("'$this.", $"'{rootType}.", StringComparison.Ordinal);
        var issue = IssueFactory.Create(severity, extended.IssueType, path, message, extended.LineNumber, extended.Position, code);
        return (code, path, issue);
    }

    /// <summary>
    /// An issue is safe to continue past when every property of the returned model can still be
    /// read: the SDK's "no overflow" class (empty objects and arrays, nulls, narrative rules), plus
    /// unknown elements, which sit in overflow but no typed property reads them. Wrong JSON types
    /// and bad literals are not: the SDK keeps them in overflow and the property getter throws.
    /// </summary>
    private static bool IsSafeToContinue(ExtendedCodedException exception) =>
        !s_alwaysErrors.Contains(exception.ErrorCode)
        && (exception.ErrorCode == CodedValidationException.UNKNOWN_ELEMENT_CODE
            || (CodedExceptionFilters.FilterNoOverflowIssues(exception) && !s_unsafeEvenWithoutOverflow.Contains(exception.ErrorCode)));

    internal static string? NormalizePath(string? instancePath, string? rootType, string code, string message)
    {
        if (string.IsNullOrEmpty(instancePath) || instancePath == "$this")
        {
            return rootType;
        }
        var path = instancePath.StartsWith("$this", StringComparison.Ordinal) && rootType is not null
            ? rootType + instancePath["$this".Length..]
            : instancePath;

        var reportedOnItem = s_reportedOnElement.Contains(code)
            || (code == CodedValidationException.PROPERTY_TYPE_MISMATCH_CODE && message.Contains("collection", StringComparison.Ordinal));
        if (reportedOnItem && path.EndsWith(']'))
        {
            var open = path.LastIndexOf('[');
            if (open > 0)
            {
                path = path[..open];
            }
        }
        return path;
    }
}
