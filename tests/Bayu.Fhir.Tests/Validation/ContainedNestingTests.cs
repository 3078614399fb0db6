using System.Diagnostics;
using Bayu.Fhir.Formats;
using Bayu.Fhir.Validation;
using Hl7.Fhir.Model;
using Xunit.Abstractions;
using static Bayu.Fhir.Tests.Validation.ValidationAssert;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Tests.Validation;

/// <summary>
/// dom-2: "If the resource is contained in another resource, it SHALL NOT contain nested
/// Resources" (R4 DomainResource). The pure check finds it without validating; the validator
/// reports it once on the outer resource and does not walk the nesting.
/// </summary>
public class ContainedNestingTests(ITestOutputHelper output)
{
    [Fact]
    public void GivenFlatContained_WhenChecked_ThenNoIssues()
    {
        var patient = PatientWith(new Organization { Id = "o1", Name = "a" }, new Practitioner { Id = "pr" });
        Assert.Empty(ContainedNesting.Check(patient));
        Assert.Empty(ContainedNesting.Check(new Patient()));
    }

    [Fact]
    public void GivenContainedInsideContained_WhenChecked_ThenDom2AtTheNestedResource()
    {
        var patient = PatientWith(new Practitioner { Id = "pr" }, Nested(2));
        var issue = Assert.Single(ContainedNesting.Check(patient));
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Equal(IssueType.Invariant, issue.Code);
        Assert.Equal("dom-2", ValidationIssue.RuleOf(issue));
        Assert.Equal("Patient.contained[1].contained[0]", issue.Expression.Single());
        Assert.Contains("dom-2", issue.Diagnostics, StringComparison.Ordinal);
        Assert.Contains("Patient.contained[1]", issue.Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenNestingInBundleEntriesAndParameters_WhenChecked_ThenEachIsFoundWithItsPath()
    {
        var inner = new Bundle { Type = Bundle.BundleType.Collection, Entry = [new() { Resource = PatientWith(Nested(3)) }] };
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry = [new() { Resource = PatientWith(new Organization { Id = "o1" }) }, new() { Resource = PatientWith(Nested(2)) }, new() { Resource = inner }],
        };
        Assert.Equal(["Bundle.entry[1].resource.contained[0].contained[0]", "Bundle.entry[2].resource.entry[0].resource.contained[0].contained[0]"],
            ContainedNesting.Check(bundle).Select(i => i.Expression.Single()));

        var parameters = new Parameters();
        parameters.Parameter.Add(new Parameters.ParameterComponent { Name = "ok", Resource = PatientWith(new Organization { Id = "o1" }) });
        parameters.Parameter.Add(new Parameters.ParameterComponent { Name = "resource", Resource = PatientWith(Nested(2)) });
        parameters.Parameter.Add(new Parameters.ParameterComponent
        {
            Name = "group",
            Part = [new() { Name = "a" , Value = new FhirString("x") }, new() { Name = "b", Resource = bundle }],
        });
        Assert.Equal(
            [
                "Parameters.parameter[1].resource.contained[0].contained[0]",
                "Parameters.parameter[2].part[1].resource.entry[1].resource.contained[0].contained[0]",
                "Parameters.parameter[2].part[1].resource.entry[2].resource.entry[0].resource.contained[0].contained[0]",
            ],
            ContainedNesting.Check(parameters).Select(i => i.Expression.Single()));
    }

    [Fact]
    public void GivenContainedBundleWithNestedContainedInItsEntries_WhenChecked_ThenOnlyTheContainedLevelCounts()
    {
        // A contained Bundle (not a DomainResource) has no contained of its own: its entries are its content.
        var patient = PatientWith(new Bundle { Id = "b", Type = Bundle.BundleType.Collection, Entry = [new() { Resource = PatientWith(Nested(2)) }] });
        Assert.Empty(ContainedNesting.Check(patient));
    }

    [Fact]
    public void GivenTwoHundredLevelsAsJson_WhenCheckedAndValidated_ThenDom2OnceAndQuickly()
    {
        var json = NestedJson(200);
        output.WriteLine($"body: {json.Length / 1024.0:F1} KB");
        // Warm up the parser and the Patient and Organization definitions, so the figures are the nesting's own cost.
        Validate(Assert.IsType<Patient>(FhirFormats.Parse(NestedJson(1), FhirFormat.Json, ParseMode.Lenient).Resource));
        // Lenient, as $validate parses: the SDK's own nesting complaint becomes a warning there. Without
        // the door's depth limit (which refuses 200 levels before any model exists), because the check
        // guards the validator whatever built the model.
        var watch = Stopwatch.StartNew();
        var patient = Assert.IsType<Patient>(FhirFormats.Parse(json, FhirFormat.Json, ParseMode.Lenient, ParseLimits.Stored).Resource);
        var parseTime = watch.Elapsed;

        watch.Restart();
        var issues = ContainedNesting.Check(patient);
        var checkTime = watch.Elapsed;
        Assert.Equal("Patient.contained[0].contained[0]", Assert.Single(issues).Expression.Single());

        watch.Restart();
        var outcome = Validate(patient);
        var validateTime = watch.Elapsed;
        ExactErrors(outcome, ("dom-2", "Patient"));
        output.WriteLine($"parse (lenient): {parseTime.TotalMilliseconds:F1} ms; ContainedNesting.Check: {checkTime.TotalMilliseconds:F2} ms; ResourceValidator.Validate: {validateTime.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public void GivenNestedContainedWithErrorsDeepInside_WhenValidated_ThenOnlyDom2OnTheOuterResource()
    {
        // What lies inside a nested contained is not walked: dom-2 already refuses it, and walking it costs time per level.
        var deepest = new Organization { Id = "bad", ActiveElement = new FhirBoolean(null) };
        var patient = PatientWith(Nested(3, deepest));
        ExactErrors(Validate(patient), ("dom-2", "Patient"));
    }

    [Fact]
    public void GivenLegalContained_WhenValidated_ThenItsContentIsStillChecked()
    {
        var patient = PatientWith(new Organization { Id = "o1", Name = "a", ActiveElement = new FhirBoolean(null) });
        ExactErrors(Validate(patient), ("ele-1", "Patient.contained[0].active"));
    }

    [Fact]
    public void GivenNestedContainedInABundleEntry_WhenValidated_ThenDom2OnceOnTheEntry()
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Entry = [new() { FullUrl = "urn:uuid:5b3c1a3e-1f0a-4e4b-9a43-0c4e6f1d2a11", Resource = PatientWith(Nested(4)) }] };
        ExactErrors(Validate(bundle), ("dom-2", "Bundle.entry[0].resource"));
    }

    /// <summary>A Patient referring to its first contained resource, so dom-3 (every contained resource is referenced) holds.</summary>
    private static Patient PatientWith(params Resource[] contained) => new()
    {
        Contained = [.. contained],
        ManagingOrganization = contained.FirstOrDefault() is { Id: { } id } ? new ResourceReference("#" + id) : null,
        Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>" },
    };

    /// <summary>Organizations <paramref name="depth"/> levels deep, each contained in the one before.</summary>
    private static Organization Nested(int depth, Organization? deepest = null)
    {
        var current = deepest ?? new Organization { Id = "o" + depth, Name = "level " + depth };
        for (var level = depth - 1; level >= 1; level--)
        {
            current = new Organization { Id = "o" + level, Name = "level " + level, Contained = [current] };
        }
        return current;
    }

    private static string NestedJson(int depth)
    {
        var inner = "";
        for (var level = depth; level >= 1; level--)
        {
            var contained = inner.Length == 0 ? "" : $",\"contained\":[{inner}]";
            inner = $"{{\"resourceType\":\"Organization\",\"id\":\"o{level}\",\"name\":\"n\"{contained}}}";
        }
        return $"{{\"resourceType\":\"Patient\",\"text\":{{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">x</div>\"}},\"managingOrganization\":{{\"reference\":\"#o1\"}},\"contained\":[{inner}]}}";
    }
}
