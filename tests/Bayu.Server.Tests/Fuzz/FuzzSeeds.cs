namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// Valid starting points for mutation. Every resource a fuzz request writes carries the marker
/// identifier, so conditional writes and the transaction check touch fuzz data only, never the demo region.
/// </summary>
internal static class FuzzSeeds
{
    public const string MarkerSystem = "urn:bayu:fuzz";

    /// <summary>Ids in the seeded store: the fuzz reads, updates and references them.</summary>
    internal sealed record Ids(IReadOnlyList<string> Patients, IReadOnlyList<string> Organizations, IReadOnlyList<string> Practitioners, IReadOnlyList<string> Locations);

    public static string PatientJson(string marker) =>
        $$$"""{"resourceType":"Patient","identifier":[{"system":"{{{MarkerSystem}}}","value":"{{{marker}}}"}],"active":true,"name":[{"family":"Fuzz","given":["Ada","Li"]}],"telecom":[{"system":"phone","value":"+86 23 6543 2100"}],"gender":"female","birthDate":"1980-02-29","address":[{"city":"重庆市","district":"渝中区","postalCode":"400010"}]}""";

    public static string ObservationJson(string marker, string patientId) =>
        $$$"""{"resourceType":"Observation","identifier":[{"system":"{{{MarkerSystem}}}","value":"{{{marker}}}"}],"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},"subject":{"reference":"Patient/{{{patientId}}}"},"effectiveDateTime":"2024-05-01T08:30:00+08:00","valueQuantity":{"value":72,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}""";

    public static string OrganizationJson(string marker, string parentId) =>
        $$$"""{"resourceType":"Organization","identifier":[{"system":"{{{MarkerSystem}}}","value":"{{{marker}}}"}],"active":true,"name":"Fuzz Community Clinic","partOf":{"reference":"Organization/{{{parentId}}}"}}""";

    public static string PatientXml(string marker) =>
        $"""<Patient xmlns="http://hl7.org/fhir"><identifier><system value="{MarkerSystem}"/><value value="{marker}"/></identifier><active value="true"/><name><family value="Fuzz"/><given value="Ada"/></name><gender value="male"/><birthDate value="1975-06-01"/><address><city value="重庆市"/></address></Patient>""";

    public static string ObservationXml(string marker, string patientId) =>
        $"""<Observation xmlns="http://hl7.org/fhir"><identifier><system value="{MarkerSystem}"/><value value="{marker}"/></identifier><status value="final"/><code><coding><system value="http://loinc.org"/><code value="8310-5"/></coding></code><subject><reference value="Patient/{patientId}"/></subject><effectiveDateTime value="2024-05-01T08:30:00+08:00"/><valueQuantity><value value="36.6"/><unit value="Cel"/><system value="http://unitsofmeasure.org"/><code value="Cel"/></valueQuantity></Observation>""";

    public static string OrganizationXml(string marker, string parentId) =>
        $"""<Organization xmlns="http://hl7.org/fhir"><identifier><system value="{MarkerSystem}"/><value value="{marker}"/></identifier><active value="true"/><name value="Fuzz Clinic"/><partOf><reference value="Organization/{parentId}"/></partOf></Organization>""";

    /// <summary>The types the fuzz writes, and each one's search by marker.</summary>
    public static readonly string[] WrittenTypes = ["Patient", "Observation", "Organization"];

    /// <summary>The demo region's types, compared before and after a run.</summary>
    public static readonly string[] DemoTypes = ["Organization", "Location", "Practitioner", "PractitionerRole", "Patient"];
}
