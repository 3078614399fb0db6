using Bayu.Cli.Infrastructure;
using Bayu.Fhir.Formats;

namespace Bayu.Cli.Fhir;

/// <summary>Reads a FHIR file for the <c>fhir</c> commands and tells its format from its content.</summary>
internal static class FhirFile
{
    public static byte[] Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliUsageException($"file not found: {file.FullName}");
        }
        return File.ReadAllBytes(file.FullName);
    }

    /// <summary>The format by content (file extensions lie); <c>null</c> when it is neither JSON nor XML.</summary>
    public static FhirFormat? Detect(byte[] content) => FhirFormats.DetectFormat(content);

    public static FhirFormat ParseFormatName(string name) => name.ToLowerInvariant() switch
    {
        "json" => FhirFormat.Json,
        "xml" => FhirFormat.Xml,
        _ => throw new CliUsageException($"unknown format '{name}': use json or xml"),
    };
}
