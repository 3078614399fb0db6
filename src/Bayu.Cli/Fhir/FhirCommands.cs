using System.CommandLine;

namespace Bayu.Cli.Fhir;

/// <summary><c>bayu fhir</c>: work with FHIR resource files (JSON or XML, detected from content).</summary>
public static class FhirCommands
{
    // Each subcommand builds itself; add new ones (validate, …) to this list.
    public static Command Build() => new("fhir", "FHIR resource files: convert between JSON and XML, check them for format problems")
    {
        ConvertCommand.Build(),
        CheckCommand.Build(),
        ValidateCommand.Build(),
    };
}
