namespace Bayu.Fhir.Tests.Formats;

/// <summary>
/// The committed list of official examples that cannot round-trip, one per line:
/// <c>file&lt;TAB&gt;kind&lt;TAB&gt;reason</c> (kind: parse, json or xml). The test asserts the list
/// exactly, so a newly failing example and a newly passing one are both noticed.
/// </summary>
internal static class KnownExceptions
{
    public static Dictionary<(string File, string Kind), string> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Formats", "RoundTripExceptions.txt");
        var result = new Dictionary<(string, string), string>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split('\t', 3);
            result[(parts[0], parts[1])] = parts.Length > 2 ? parts[2] : "";
        }
        return result;
    }
}
