using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace Bayu.Fhir.Formats;

/// <summary>Parses FHIR XML with the SDK's XmlReader-based deserializer and collects every issue.</summary>
internal static class XmlResourceParser
{
    private static readonly FhirXmlDeserializer s_deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    // No DTDs and no external resolution: FHIR XML never needs them and they are an XXE risk.
    private static readonly XmlReaderSettings s_readerSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        CloseInput = false,
    };

    /// <param name="utf8">A seekable stream: the limits are checked in a first pass over it.</param>
    public static ParseResult Parse(Stream utf8, ParseMode mode, ParseLimits limits)
    {
        var start = utf8.Position;
        if (limits.ChecksDepth || limits.ChecksStrings)
        {
            using var scan = XmlReader.Create(utf8, s_readerSettings);
            if (XmlLimitCheck.Scan(scan, limits) is { } refused)
            {
                return JsonResourceParser.Failed([refused]);
            }
            utf8.Position = start;
        }
        using var reader = XmlReader.Create(utf8, s_readerSettings);
        return Parse(reader, mode);
    }

    public static ParseResult Parse(string text, ParseMode mode, ParseLimits limits)
    {
        if (limits.ChecksDepth || limits.ChecksStrings)
        {
            using var scan = XmlReader.Create(new StringReader(text), s_readerSettings);
            if (XmlLimitCheck.Scan(scan, limits) is { } refused)
            {
                return JsonResourceParser.Failed([refused]);
            }
        }
        using var reader = XmlReader.Create(new StringReader(text), s_readerSettings);
        return Parse(reader, mode);
    }

    private static ParseResult Parse(XmlReader reader, ParseMode mode)
    {
        var issues = new List<OperationOutcome.IssueComponent>();
        Resource? resource;
        IEnumerable<CodedException> sdkIssues;
        try
        {
            s_deserializer.TryDeserializeResource(reader, out resource, out sdkIssues);
            // Anything after the root element (a second root, stray text) is a syntax error too.
            while (reader.Read())
            {
                if (reader.NodeType is XmlNodeType.Element or XmlNodeType.Text or XmlNodeType.CDATA)
                {
                    var info = (IXmlLineInfo)reader;
                    issues.Add(IssueFactory.Create(
                        OperationOutcome.IssueSeverity.Fatal, OperationOutcome.IssueType.Structure, null,
                        "Unexpected content after the resource's root element.", info.LineNumber, info.LinePosition));
                    return JsonResourceParser.Failed(issues);
                }
            }
        }
        catch (XmlException ex)
        {
            issues.Add(IssueFactory.Create(
                OperationOutcome.IssueSeverity.Fatal, OperationOutcome.IssueType.Structure, null,
                $"Invalid XML: {ex.Message}", ex.LineNumber == 0 ? null : ex.LineNumber, ex.LinePosition == 0 ? null : ex.LinePosition));
            return JsonResourceParser.Failed(issues);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            issues.Add(IssueFactory.Create(OperationOutcome.IssueSeverity.Fatal, OperationOutcome.IssueType.Structure, null, ex.Message));
            return JsonResourceParser.Failed(issues);
        }

        var rootType = resource is not null && ModelInfo.IsKnownResource(resource.TypeName) ? resource.TypeName : null;
        issues.AddRange(SdkIssueMapper.Map(sdkIssues, rootType, mode));
        return JsonResourceParser.Finish(resource, rootType, issues);
    }
}
