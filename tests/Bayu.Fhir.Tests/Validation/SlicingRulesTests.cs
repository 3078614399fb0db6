using Bayu.Fhir.Definitions;
using Bayu.Fhir.Profiles;
using Bayu.Fhir.Tests.Profiles;
using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Validation.ValidationAssert;

namespace Bayu.Fhir.Tests.Validation;

/// <summary>
/// Slicing by every discriminator type (value, pattern is covered by the CN profiles; type, profile,
/// exists here) and the slicing rules closed, open, openAtEnd and ordered, on small profiles that
/// only state a differential (the snapshot is generated).
/// </summary>
public class SlicingRulesTests
{
    private const string Base = "http://example.org/fhir/StructureDefinition/slicing-";
    private const string Mrn = "http://example.org/mrn";
    private const string Ssn = "http://example.org/ssn";

    static SlicingRulesTests()
    {
        DefinitionRegistry.Default.Add(IdentifierSlices("closed-ordered", "closed", ordered: true));
        DefinitionRegistry.Default.Add(IdentifierSlices("open-at-end", "openAtEnd", ordered: false));
        DefinitionRegistry.Default.Add(Profile("entry-type", "Bundle", """
            {"id":"Bundle.entry","path":"Bundle.entry","slicing":{"discriminator":[{"type":"type","path":"resource"}],"rules":"open"}},
            {"id":"Bundle.entry:patient","path":"Bundle.entry","sliceName":"patient","min":1,"max":"1"},
            {"id":"Bundle.entry:patient.resource","path":"Bundle.entry.resource","type":[{"code":"Patient"}]}
            """));
        DefinitionRegistry.Default.Add(Profile("entry-profile", "Bundle", $$$"""
            {"id":"Bundle.entry","path":"Bundle.entry","slicing":{"discriminator":[{"type":"profile","path":"resource"}],"rules":"open"}},
            {"id":"Bundle.entry:resident","path":"Bundle.entry","sliceName":"resident","min":1,"max":"*"},
            {"id":"Bundle.entry:resident.resource","path":"Bundle.entry.resource","type":[{"code":"Patient","profile":["{{{BayuProfiles.PatientProfile}}}"]}]}
            """));
        DefinitionRegistry.Default.Add(Profile("component-exists", "Observation", """
            {"id":"Observation.component","path":"Observation.component","slicing":{"discriminator":[{"type":"exists","path":"value"}],"rules":"closed"}},
            {"id":"Observation.component:measured","path":"Observation.component","sliceName":"measured","min":1,"max":"*"},
            {"id":"Observation.component:measured.value[x]","path":"Observation.component.value[x]","min":1},
            {"id":"Observation.component:absent","path":"Observation.component","sliceName":"absent","min":0,"max":"*"},
            {"id":"Observation.component:absent.value[x]","path":"Observation.component.value[x]","max":"0"},
            {"id":"Observation.component:absent.dataAbsentReason","path":"Observation.component.dataAbsentReason","min":1}
            """));
    }

    [Fact]
    public void GivenClosedOrderedSlicesInOrder_WhenValidated_ThenNoErrors() =>
        NoErrors(Validate(PatientWith(Mrn, Ssn), Base + "closed-ordered"));

    [Fact]
    public void GivenAnItemOutsideEverySliceOfAClosedSlicing_WhenValidated_ThenThatItemIsRefused()
    {
        var outcome = Validate(PatientWith(Mrn, Ssn, "http://example.org/other"), Base + "closed-ordered");
        ExactErrors(outcome, ("slicing", "Patient.identifier[2]"));
        Assert.Contains("the slicing is closed (slices: mrn, ssn)", Errors(outcome)[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenOrderedSlicesOutOfOrder_WhenValidated_ThenTheLaterSliceItemIsRefused()
    {
        var outcome = Validate(PatientWith(Ssn, Mrn), Base + "closed-ordered");
        ExactErrors(outcome, ("slicing", "Patient.identifier[1]"));
        Assert.Contains("out of order", Errors(outcome)[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenOpenAtEndSlicing_WhenUnslicedItemsComeLast_ThenAcceptedButNotBeforeASlicedItem()
    {
        NoErrors(Validate(PatientWith(Mrn, "http://example.org/other"), Base + "open-at-end"));
        var outcome = Validate(PatientWith("http://example.org/other", Mrn), Base + "open-at-end");
        ExactErrors(outcome, ("slicing", "Patient.identifier[1]"));
        Assert.Contains("after an unsliced item", Errors(outcome)[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenATypeDiscriminator_WhenTheBundleHasExactlyOnePatient_ThenOtherEntriesAreFreeButNoneOrTwoPatientsAreNot()
    {
        NoErrors(Validate(BundleOf(new Patient { Id = "p1" }, Observation("o1")), Base + "entry-type"));

        var none = Validate(BundleOf(Observation("o1")), Base + "entry-type");
        ExactErrors(none, ("slicing", "Bundle.entry"));
        Assert.Contains("slice 'patient' requires at least 1 item(s), found 0", Errors(none)[0].Details!.Text, StringComparison.Ordinal);

        var two = Validate(BundleOf(new Patient { Id = "p1" }, new Patient { Id = "p2" }), Base + "entry-type");
        ExactErrors(two, ("slicing", "Bundle.entry"));
        Assert.Contains("slice 'patient' allows at most 1 item(s), found 2", Errors(two)[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAProfileDiscriminator_WhenOnlyAPatientMissingTheProfilesRequirementsIsPresent_ThenTheSliceIsEmpty()
    {
        NoErrors(Validate(BundleOf(ProfileFixtures.ValidPatient()), Base + "entry-profile"));

        var plain = ProfileFixtures.ValidPatient();
        plain.Gender = null; // cn-patient requires gender, so this Patient does not conform
        var outcome = Validate(BundleOf(plain), Base + "entry-profile");
        ExactErrors(outcome, ("slicing", "Bundle.entry"));
        Assert.Contains("slice 'resident' requires at least 1 item(s), found 0", Errors(outcome)[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnExistsDiscriminator_WhenComponentsHaveOrLackAValue_ThenEachGoesToItsSliceAndTheSliceRulesApply()
    {
        var observation = CardinalityAndTypeTests.ValidObservation();
        observation.Component.Add(Component(new Quantity(120, "mm[Hg]")));
        observation.Component.Add(Component(null, absent: true));
        NoErrors(Validate(observation, Base + "component-exists"));

        // A component without a value and without a reason lands in 'absent' and breaks its minimum.
        observation.Component.Add(Component(null, absent: false));
        ExactErrors(Validate(observation, Base + "component-exists"), ("cardinality", "Observation.component[2].dataAbsentReason"));

        var onlyAbsent = CardinalityAndTypeTests.ValidObservation();
        onlyAbsent.Component.Add(Component(null, absent: true));
        ExactErrors(Validate(onlyAbsent, Base + "component-exists"), ("slicing", "Observation.component"));
    }

    private static Patient PatientWith(params string[] systems) =>
        new() { Identifier = [.. systems.Select((s, i) => new Identifier(s, "A" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))] };

    private static Observation Observation(string id)
    {
        var observation = CardinalityAndTypeTests.ValidObservation();
        observation.Id = id;
        return observation;
    }

    private static Bundle BundleOf(params Resource[] resources) => new()
    {
        Type = Bundle.BundleType.Collection,
        Entry = [.. resources.Select((r, i) => new Bundle.EntryComponent { FullUrl = $"urn:uuid:00000000-0000-0000-0000-00000000000{i}", Resource = r })],
    };

    private static Observation.ComponentComponent Component(DataType? value, bool absent = false) => new()
    {
        Code = new CodeableConcept("http://loinc.org", "8480-6"),
        Value = value,
        DataAbsentReason = absent ? new CodeableConcept("http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-performed") : null,
    };

    private static StructureDefinition IdentifierSlices(string name, string rules, bool ordered) => Profile(name, "Patient", $$$"""
        {"id":"Patient.identifier","path":"Patient.identifier","slicing":{"discriminator":[{"type":"value","path":"system"}],"rules":"{{{rules}}}","ordered":{{{(ordered ? "true" : "false")}}}}},
        {"id":"Patient.identifier:mrn","path":"Patient.identifier","sliceName":"mrn","min":1,"max":"1"},
        {"id":"Patient.identifier:mrn.system","path":"Patient.identifier.system","min":1,"fixedUri":"{{{Mrn}}}"},
        {"id":"Patient.identifier:ssn","path":"Patient.identifier","sliceName":"ssn","min":0,"max":"1"},
        {"id":"Patient.identifier:ssn.system","path":"Patient.identifier.system","min":1,"fixedUri":"{{{Ssn}}}"}
        """);

    private static StructureDefinition Profile(string name, string type, string differential) => Parse<StructureDefinition>($$$"""
        {"resourceType":"StructureDefinition","url":"{{{Base}}}{{{name}}}","name":"Slicing{{{name.Replace("-", "", StringComparison.Ordinal)}}}","status":"active",
         "fhirVersion":"4.0.1","kind":"resource","abstract":false,"type":"{{{type}}}",
         "baseDefinition":"http://hl7.org/fhir/StructureDefinition/{{{type}}}","derivation":"constraint",
         "differential":{"element":[{{{differential}}}]}}
        """);
}
