using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Validation.ValidationAssert;

namespace Bayu.Fhir.Tests.Validation;

/// <summary>
/// Element constraints hold at every depth: an extension nested inside extensions is checked
/// against the Extension definition like the outermost one (ext-1: "Must have either extensions
/// or value[x], not both").
/// </summary>
public class NestedExtensionTests
{
    private const string Url = "http://x.org/y";

    public static TheoryData<int> Depths => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Theory]
    [MemberData(nameof(Depths))]
    public void GivenEmptyExtensionNestedAtDepth_WhenValidated_ThenExt1AtTheInnermost(int depth)
    {
        var patient = new Patient();
        patient.Extension.Add(Nest(depth, null));
        ExactErrors(Validate(patient), ("ext-1", InnermostPath("Patient", depth)));
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void GivenEmptyExtensionNestedOnHumanName_WhenValidated_ThenExt1AtTheInnermost(int depth)
    {
        var patient = new Patient { Name = [new HumanName { Family = "王" }] };
        patient.Name[0].Extension.Add(Nest(depth, null));
        ExactErrors(Validate(patient), ("ext-1", InnermostPath("Patient.name[0]", depth)));
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void GivenExtensionWithValueAndChildrenNestedAtDepth_WhenValidated_ThenExt1(int depth)
    {
        var patient = new Patient();
        var outer = Nest(depth, new FhirString("v"));
        Innermost(outer).Extension.Add(new Extension(Url, new FhirString("w")));
        patient.Extension.Add(outer);
        ExactErrors(Validate(patient), ("ext-1", InnermostPath("Patient", depth)));
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void GivenValuedExtensionNestedAtDepth_WhenValidated_ThenNoErrors(int depth)
    {
        var patient = new Patient();
        patient.Extension.Add(Nest(depth, new FhirString("v")));
        NoErrors(Validate(patient));
    }

    [Fact]
    public void GivenTheIssueReproductionAsJson_WhenValidated_ThenExt1AtDepthThree()
    {
        var patient = Parse<Patient>("""{"resourceType":"Patient","extension":[{"url":"http://x.org/y","extension":[{"url":"http://x.org/y","extension":[{"url":"http://x.org/y"}]}]}]}""");
        ExactErrors(Validate(patient), ("ext-1", "Patient.extension[0].extension[0].extension[0]"));
    }

    [Fact]
    public void GivenPeriodEndingBeforeItStartsDeepInsideExtensions_WhenValidated_ThenPer1()
    {
        // A value of another type several levels down is still walked against its own definition.
        var patient = new Patient();
        patient.Extension.Add(Nest(5, new Period { Start = "2024-03-01", End = "2024-01-01" }));
        ExactErrors(Validate(patient), ("per-1", InnermostPath("Patient", 5) + ".value.ofType(Period)"));
    }

    /// <summary>An extension chain <paramref name="depth"/> deep whose innermost extension has <paramref name="value"/>.</summary>
    private static Extension Nest(int depth, DataType? value)
    {
        var innermost = new Extension { Url = Url, Value = value };
        var current = innermost;
        for (var i = 1; i < depth; i++)
        {
            current = new Extension { Url = Url, Extension = [current] };
        }
        return current;
    }

    private static Extension Innermost(Extension extension)
    {
        while (extension.Extension.Count > 0)
        {
            extension = extension.Extension[0];
        }
        return extension;
    }

    private static string InnermostPath(string holder, int depth) => holder + string.Concat(Enumerable.Repeat(".extension[0]", depth));
}
