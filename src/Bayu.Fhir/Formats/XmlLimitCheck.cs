using System.Xml;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Formats;

/// <summary>
/// The XML side of <see cref="ParseLimits"/>: one pass of a plain XmlReader (which does not
/// recurse) before the SDK's deserializer (which recurses once per element and, beyond a few
/// thousand levels, overflows the stack and kills the process). XML syntax errors are left to the
/// parse that follows, which reports them with their position.
/// </summary>
internal static class XmlLimitCheck
{
    private const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";

    public static OperationOutcome.IssueComponent? Scan(XmlReader reader, ParseLimits limits)
    {
        // Inside the narrative's XHTML (like base64 data) only the body size bounds the text.
        var narrativeDepth = -1;
        try
        {
            while (reader.Read())
            {
                if (narrativeDepth >= 0 && reader.Depth <= narrativeDepth && reader.NodeType != XmlNodeType.Element)
                {
                    narrativeDepth = reader.NodeType == XmlNodeType.EndElement && reader.Depth == narrativeDepth ? -1 : narrativeDepth;
                }
                var inNarrative = narrativeDepth >= 0;
                if (reader.NodeType == XmlNodeType.Element)
                {
                    // Depth is 0 at the root; a primitive's element is level of its parent in JSON terms.
                    if (reader.Depth > limits.MaxDepth)
                    {
                        return At(reader, OperationOutcome.IssueType.TooCostly, limits.DepthMessage(reader.Depth));
                    }
                    if (!inNarrative && reader.LocalName == "div" && reader.NamespaceURI == XhtmlNamespace && !reader.IsEmptyElement)
                    {
                        narrativeDepth = reader.Depth;
                        inNarrative = true;
                    }
                    if (limits.ChecksStrings && !inNarrative && reader.LocalName != "data" && reader.MoveToFirstAttribute())
                    {
                        do
                        {
                            if (reader.Value.Length > limits.MaxStringLength)
                            {
                                return At(reader, OperationOutcome.IssueType.TooLong, limits.StringMessage(reader.Value.Length));
                            }
                        }
                        while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                    }
                }
                else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && limits.ChecksStrings && !inNarrative && reader.Value.Length > limits.MaxStringLength)
                {
                    return At(reader, OperationOutcome.IssueType.TooLong, limits.StringMessage(reader.Value.Length));
                }
            }
        }
        catch (XmlException)
        {
            // Reported, with its position, by the deserializing pass.
        }
        return null;
    }

    private static OperationOutcome.IssueComponent At(XmlReader reader, OperationOutcome.IssueType code, string message)
    {
        var info = (IXmlLineInfo)reader;
        return IssueFactory.Create(OperationOutcome.IssueSeverity.Fatal, code, null, message, info.LineNumber, info.LinePosition);
    }
}
