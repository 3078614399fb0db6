using Hl7.Fhir.Model;

namespace Bayu.Storage.Indexing;

/// <summary>Reads FHIR references: local <c>Type/id</c> (optionally with <c>_history</c>) versus URLs.</summary>
public static class ReferenceParts
{
    public static bool TryParseLocal(string reference, out string type, out string id)
    {
        type = "";
        id = "";
        if (reference.Contains(':', StringComparison.Ordinal) || reference.StartsWith('#'))
        {
            return false;
        }
        var parts = reference.Split('/');
        if (parts.Length is not (2 or 4) || !ModelInfo.IsKnownResource(parts[0]) || parts[1].Length == 0)
        {
            return false;
        }
        type = parts[0];
        id = parts[1];
        return true;
    }

    /// <summary>The resource type of an absolute RESTful URL (<c>http://x/fhir/Patient/1</c>), when it has one.</summary>
    public static string? TypeOfAbsolute(string url)
    {
        var parts = TrimHistory(url.Split('/'));
        return parts.Length >= 2 && ModelInfo.IsKnownResource(parts[^2]) ? parts[^2] : null;
    }

    public static string? IdOfAbsolute(string url)
    {
        var parts = TrimHistory(url.Split('/'));
        return parts.Length >= 2 && ModelInfo.IsKnownResource(parts[^2]) ? parts[^1] : null;
    }

    private static string[] TrimHistory(string[] parts) =>
        parts.Length >= 4 && parts[^2] == "_history" ? parts[..^2] : parts;
}
