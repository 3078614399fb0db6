using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace Bayu.Fhir.Formats;

/// <summary>Parses FHIR JSON with the SDK's System.Text.Json deserializer and collects every issue.</summary>
internal static class JsonResourceParser
{
    // Strict mode of the SDK reports every problem it can detect; Bayu decides severities itself.
    private static readonly FhirJsonDeserializer s_deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    // FHIR JSON allows neither comments nor trailing commas. The reader's own depth bound counts
    // arrays too, so it sits above twice the element limit (an array per level at most in FHIR);
    // 512 where no element limit applies (stored content Bayu wrote itself).
    private const int StoredReaderDepth = 512;

    public static ParseResult Parse(ReadOnlySpan<byte> utf8, ParseMode mode, ParseLimits limits)
    {
        var readerDepth = limits.ChecksDepth ? Math.Min(StoredReaderDepth, (2 * limits.MaxDepth) + 4) : StoredReaderDepth;
        var strictReader = new JsonReaderOptions { MaxDepth = readerDepth };
        var tolerantReader = new JsonReaderOptions { MaxDepth = readerDepth, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        utf8 = SkipBom(utf8);
        var issues = new List<OperationOutcome.IssueComponent>();
        if (utf8.IsEmpty || utf8.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            issues.Add(IssueFactory.Create(OperationOutcome.IssueSeverity.Fatal, OperationOutcome.IssueType.Structure, null, "The content is empty."));
            return Failed(issues);
        }

        var syntaxError = Scan(utf8, strictReader, limits, out var inexactNumbers);
        if (syntaxError is not null)
        {
            if (mode == ParseMode.Strict || Scan(utf8, tolerantReader, limits, out inexactNumbers) is not null)
            {
                issues.Add(syntaxError);
                return Failed(issues);
            }
            issues.Add(IssueFactory.Create(
                OperationOutcome.IssueSeverity.Warning, OperationOutcome.IssueType.Structure, null,
                "The content uses comments or trailing commas, which FHIR JSON does not allow; they were skipped. " + syntaxError.Diagnostics));
        }
        var readerOptions = issues.Count == 0 ? strictReader : tolerantReader;

        var reader = new Utf8JsonReader(utf8, readerOptions);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            issues.Add(IssueFactory.Create(
                OperationOutcome.IssueSeverity.Fatal, OperationOutcome.IssueType.Structure, null,
                $"Expected a JSON object with a 'resourceType' at the root, found {Describe(reader.TokenType)}.", 1, 1));
            return Failed(issues);
        }

        reader = new Utf8JsonReader(utf8, readerOptions);
        Resource? resource;
        IEnumerable<CodedException> sdkIssues;
        try
        {
            s_deserializer.TryDeserializeResource(ref reader, out resource, out sdkIssues);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            issues.Add(IssueFactory.Create(OperationOutcome.IssueSeverity.Fatal, OperationOutcome.IssueType.Structure, null, ex.Message));
            return Failed(issues);
        }

        var rootType = resource is not null && ModelInfo.IsKnownResource(resource.TypeName) ? resource.TypeName : null;
        issues.AddRange(SdkIssueMapper.Map(sdkIssues, rootType, mode));
        if (inexactNumbers)
        {
            DecimalLiteralCheck.Run(utf8, readerOptions, rootType, mode, issues);
        }

        return Finish(resource, rootType, issues);
    }

    internal static ParseResult Finish(Resource? resource, string? rootType, List<OperationOutcome.IssueComponent> issues)
    {
        var usable = rootType is not null && !issues.Any(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
        return new ParseResult(usable ? resource : null, new OperationOutcome { Issue = issues });
    }

    internal static ParseResult Failed(List<OperationOutcome.IssueComponent> issues) =>
        new(null, new OperationOutcome { Issue = issues });

    /// <summary>
    /// Reads the whole document once (far faster than the model binding that follows) to find
    /// JSON syntax errors, including trailing content, and numbers a decimal cannot hold exactly.
    /// </summary>
    /// <remarks>The same pass enforces <see cref="ParseLimits"/> and refuses characters XML cannot carry, so whatever is accepted can be served in both formats.</remarks>
    private static OperationOutcome.IssueComponent? Scan(ReadOnlySpan<byte> utf8, JsonReaderOptions options, ParseLimits limits, out bool inexactNumbers)
    {
        inexactNumbers = false;
        var reader = new Utf8JsonReader(utf8, options);
        var objects = 0;
        var unboundedString = false;
        try
        {
            while (reader.Read())
            {
                // the reader itself validates structure and rejects a second top-level value
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject when ++objects > limits.MaxDepth:
                        return At(utf8, reader.TokenStartIndex, OperationOutcome.IssueType.TooCostly, limits.DepthMessage(objects));
                    case JsonTokenType.EndObject:
                        objects--;
                        break;
                    case JsonTokenType.PropertyName:
                        // base64 data and the narrative's XHTML (the official dicom-dcim CodeSystem carries a
                        // 1.1-million-character div) are bounded by the body size only.
                        unboundedString = reader.ValueTextEquals("data"u8) || reader.ValueTextEquals("div"u8);
                        break;
                    case JsonTokenType.String:
                        if (JsonStringCheck.Problem(ref reader, limits, unboundedString) is { } problem)
                        {
                            return At(utf8, reader.TokenStartIndex, problem.Code, problem.Message);
                        }
                        break;
                    case JsonTokenType.Number when !inexactNumbers:
                        inexactNumbers = DecimalLiteralCheck.MayLosePrecision(reader.ValueSpan);
                        break;
                }
            }
            return null;
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            // Arrays nested in arrays (never FHIR) reach the reader's own bound first: say which limit it was.
            var message = ex.Message.Contains("maximum configured depth", StringComparison.Ordinal) && limits.ChecksDepth
                ? limits.DepthMessage(limits.MaxDepth + 1)
                : $"Invalid JSON: {TrimPosition(ex.Message)}";
            return IssueFactory.Create(OperationOutcome.IssueSeverity.Fatal, OperationOutcome.IssueType.Structure, null, message, line, column);
        }
    }

    private static OperationOutcome.IssueComponent At(ReadOnlySpan<byte> utf8, long offset, OperationOutcome.IssueType code, string message)
    {
        // The reader knows its byte offset, not its line (only its exceptions do): count the lines before it.
        var before = utf8[..(int)offset];
        var line = before.Count((byte)'\n') + 1;
        var column = (int)offset - before.LastIndexOf((byte)'\n');
        return IssueFactory.Create(OperationOutcome.IssueSeverity.Fatal, code, null, message, line, column);
    }

    private static string TrimPosition(string message)
    {
        // System.Text.Json appends "LineNumber: n | BytePositionInLine: m." (0-based); the issue carries 1-based extensions instead.
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static ReadOnlySpan<byte> SkipBom(ReadOnlySpan<byte> utf8) =>
        utf8.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;
}
