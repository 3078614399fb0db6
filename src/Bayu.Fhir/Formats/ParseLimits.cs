namespace Bayu.Fhir.Formats;

/// <summary>
/// Bounds that content must keep before any deserializer or validator sees it: the SDK's
/// deserializers recurse once per element, so unbounded nesting can exhaust the stack (which no
/// handler can catch), and every later stage — validation, indexing, storage, the XML writer —
/// costs in proportion to depth and string size. Both are counted on the reader, in one pass.
/// </summary>
/// <param name="MaxDepth">
/// Elements nested inside each other: a JSON object or an XML element is one level; JSON arrays
/// do not count, so the same resource has the same depth in both formats (an XML primitive's own
/// element is its value, as the JSON property is). The root is level 1.
/// </param>
/// <param name="MaxStringLength">Characters in one string value or XML attribute (base64 <c>data</c> and narrative <c>div</c> excepted, which only the body size bounds).</param>
/// <param name="DepthSetting">The configuration key named in a refusal, so the caller knows what to change.</param>
/// <param name="StringSetting">The configuration key named in a refusal of a long string.</param>
public sealed record ParseLimits(int MaxDepth, int MaxStringLength, string? DepthSetting = null, string? StringSetting = null)
{
    /// <summary>
    /// 64 levels: the deepest official R4 example nests 12 (a Bundle of ValueSets; a
    /// QuestionnaireResponse 11), Synthea's bundles 7 — five times the deepest real content.
    /// 1 MiB strings: FHIR R4 §2.24.0.1 "Strings SHALL NOT exceed 1MB in size".
    /// </summary>
    public static ParseLimits Default { get; } = new(64, 1024 * 1024);

    /// <summary>
    /// For reading back what Bayu itself stored: only the JSON reader's own depth bound applies
    /// (content written under <see cref="Default"/> is far inside it).
    /// </summary>
    public static ParseLimits Stored { get; } = new(int.MaxValue, int.MaxValue);

    internal bool ChecksDepth => MaxDepth != int.MaxValue;

    internal bool ChecksStrings => MaxStringLength != int.MaxValue;

    internal string DepthMessage(int depth) =>
        $"The content nests elements at least {depth} levels deep; at most {MaxDepth} are allowed{Named(DepthSetting)}.";

    internal string StringMessage(long length) =>
        $"A string value has {length} characters; at most {MaxStringLength} are allowed{Named(StringSetting)}.";

    private static string Named(string? setting) => setting is null ? "" : $" ({setting})";
}
