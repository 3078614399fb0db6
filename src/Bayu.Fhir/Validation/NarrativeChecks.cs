using System.Xml;
using System.Xml.Linq;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Validation;

/// <summary>
/// The narrative invariants txt-1 and txt-2. R4 states both as the one FHIRPath call
/// <c>htmlChecks()</c>, and the SDK's implementation of it fails on either rule, so an empty
/// narrative also failed txt-1. The XPath forms in the same definitions say what each one means:
/// txt-1 the allowed XHTML elements and attributes, txt-2 some non-whitespace text or an image.
/// </summary>
internal static class NarrativeChecks
{
    private const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";

    // The SDK's message for the txt-2 part of its combined check.
    private const string NoContentMessage = "The narrative SHALL have some non-whitespace content";

    /// <summary>The keys checked here instead of by evaluating their FHIRPath.</summary>
    public static bool Handles(string key, string expression) => key is "txt-1" or "txt-2" && expression.Trim() == "htmlChecks()";

    /// <summary>Whether the narrative <paramref name="div"/> satisfies the invariant; null when the element holds no XHTML.</summary>
    public static bool? Check(string key, Base div)
    {
        if (div is not XHtml { Value: { Length: > 0 } xhtml })
        {
            return null;
        }
        return key == "txt-1" ? OnlyAllowedMarkup(xhtml) : HasContent(xhtml);
    }

    /// <summary>txt-1: the SDK's narrative schema check (elements, attributes, well-formedness) without its content rule.</summary>
    public static bool OnlyAllowedMarkup(string xhtml) =>
        XHtml.IsValidNarrativeXhtml(xhtml, out _, out var errors)
        || (errors ?? []).All(e => e.StartsWith(NoContentMessage, StringComparison.Ordinal));

    /// <summary>txt-2, as its XPath states it: <c>descendant::text()[normalize-space(.)!=''] or descendant::h:img[@src]</c>.</summary>
    public static bool HasContent(string xhtml)
    {
        XElement root;
        try
        {
            root = XElement.Parse(xhtml, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException)
        {
            // Not well-formed: txt-1 reports it; nothing can be said about the content.
            return true;
        }
        return root.DescendantNodes().OfType<XText>().Any(t => !string.IsNullOrWhiteSpace(t.Value))
            || root.Descendants(XName.Get("img", XhtmlNamespace)).Any(i => i.Attribute("src") is not null);
    }
}
