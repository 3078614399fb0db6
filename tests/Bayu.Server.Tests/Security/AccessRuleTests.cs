using System.Text.Json.Nodes;
using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Security;

/// <summary>
/// The access rules (access-rules.json) as the people of the demo region meet them: a resident sees
/// their own record only, a family doctor the patients of their institution, a pharmacist only the
/// types their work needs, a regulator no records; what is outside answers as if it did not exist.
/// </summary>
public abstract class AccessRuleTests(SecurityFixture server)
{
    private async Task<HttpClient> SignedInAsync(string role, string scope)
    {
        using var token = await server.SignInAsync(server.Person(role), scope);
        return server.WithToken(token.RootElement.GetProperty("access_token").GetString()!);
    }

    private async Task<string> AnotherResidentAsync(string notThis)
    {
        var bundle = (await (await server.Client.GetAsync("/fhir/Patient?_count=50")).ExpectAsync(200))!;
        return bundle.Entries().Select(e => "Patient/" + e["resource"]!.AsObject().Id()).First(id => id != notThis);
    }

    [Fact]
    public async Task AResidentReadsTheirOwnRecord_AndAnotherResidentsDoesNotExistForThem()
    {
        var resident = server.Person("resident");
        using var client = await SignedInAsync("resident", "openid fhirUser launch/patient patient/*.cruds");
        var other = await AnotherResidentAsync(resident.FhirUser!);

        await (await client.GetAsync("/fhir/" + resident.FhirUser)).ExpectAsync(200);
        var refused = (await (await client.GetAsync("/fhir/" + other)).ExpectAsync(404))!;
        Assert.Contains("does not exist", refused.ToJsonString(), StringComparison.Ordinal);
        // The same answer as for an id that was never used: nothing tells the two apart.
        var never = (await (await client.GetAsync("/fhir/Patient/never-was-a-patient")).ExpectAsync(404))!;
        Assert.Equal(((string)refused["issue"]![0]!["diagnostics"]!).Replace(other, "", StringComparison.Ordinal),
            ((string)never["issue"]![0]!["diagnostics"]!).Replace("Patient/never-was-a-patient", "", StringComparison.Ordinal));

        var search = (await (await client.GetAsync("/fhir/Patient?_total=accurate&_count=50")).ExpectAsync(200))!;
        Assert.Equal(1, (int)search["total"]!);
        Assert.Single(search.Entries());
        var bySearch = (await (await client.GetAsync($"/fhir/Patient?_id={other["Patient/".Length..]}&_total=accurate")).ExpectAsync(200))!;
        Assert.Equal(0, (int)bySearch["total"]!);
    }

    [Fact]
    public async Task AResidentCannotWriteIntoAnotherResidentsRecord()
    {
        var resident = server.Person("resident");
        using var client = await SignedInAsync("resident", "openid fhirUser launch/patient patient/*.cruds");
        var other = await AnotherResidentAsync(resident.FhirUser!);
        var observation = $$$"""{"resourceType":"Observation","status":"final","code":{"text":"steps"},"subject":{"reference":"{{{other}}}"},"valueQuantity":{"value":9000}}""";
        await (await client.PostAsync("/fhir/Observation", observation)).ExpectAsync(403);
        var own = observation.Replace(other, resident.FhirUser!, StringComparison.Ordinal);
        await (await client.PostAsync("/fhir/Observation", own)).ExpectAsync(201);
    }

    [Fact]
    public async Task AFamilyDoctorSeesTheirInstitutionsPatients_NotTheWholeRegion()
    {
        using var doctor = await SignedInAsync("family-doctor", "openid fhirUser user/*.rs");
        var resident = server.Person("resident");
        await (await doctor.GetAsync("/fhir/" + resident.FhirUser)).ExpectAsync(200);
        var visible = (int)(await (await doctor.GetAsync("/fhir/Patient?_total=accurate&_count=1")).ExpectAsync(200))!["total"]!;
        Assert.InRange(visible, 1, SecurityFixture.Residents - 1);

        // A patient of another institution becomes visible once there is an encounter here.
        var organization = server.Person("family-doctor").Organization!;
        var stranger = await StrangerAsync(doctor);
        await (await doctor.GetAsync("/fhir/" + stranger)).ExpectAsync(404);
        var encounter = $$$"""{"resourceType":"Encounter","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},"subject":{"reference":"{{{stranger}}}"},"serviceProvider":{"reference":"{{{organization}}}"}}""";
        await (await server.Client.PostAsync("/fhir/Encounter", encounter)).ExpectAsync(201);
        await (await doctor.GetAsync("/fhir/" + stranger)).ExpectAsync(200);
    }

    [Fact]
    public async Task APractitionerBreaksTheGlass_WithAReason()
    {
        using var doctor = await SignedInAsync("family-doctor", "openid fhirUser user/*.rs");
        var stranger = await StrangerAsync(doctor);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/" + stranger);
        request.Headers.Add("X-Bayu-Break-Glass", "120 急救：患者昏迷，需查过敏史 / unconscious, allergies needed");
        await (await doctor.SendAsync(request)).ExpectAsync(200);
    }

    [Fact]
    public async Task APharmacistReadsMedicationData_ButNotEncounters()
    {
        using var pharmacist = await SignedInAsync("pharmacist", "openid fhirUser user/*.rs");
        await (await pharmacist.GetAsync("/fhir/MedicationRequest?_count=1")).ExpectAsync(200);
        await (await pharmacist.GetAsync("/fhir/Encounter?_count=1")).ExpectAsync(403);
    }

    [Fact]
    public async Task ARegulatorSeesNoRecords()
    {
        using var regulator = await SignedInAsync("regulator", "openid fhirUser user/*.rs");
        await (await regulator.GetAsync("/fhir/Patient?_count=1")).ExpectAsync(403);
        await (await regulator.GetAsync("/fhir/Organization?_count=1")).ExpectAsync(200);
    }

    /// <summary>A resident outside the doctor's institution's care (none of its encounters, not managed by it).</summary>
    private async Task<string> StrangerAsync(HttpClient doctor)
    {
        var all = (await (await server.Client.GetAsync("/fhir/Patient?_count=50")).ExpectAsync(200))!.Entries().Select(e => "Patient/" + e["resource"]!.AsObject().Id());
        var mine = (await (await doctor.GetAsync("/fhir/Patient?_count=50")).ExpectAsync(200))!.Entries().Select(e => "Patient/" + e["resource"]!.AsObject().Id()).ToHashSet();
        return all.First(id => !mine.Contains(id));
    }
}

public sealed class AccessRuleTestsOnSqlite(SqliteSecurityFixture server) : AccessRuleTests(server), IClassFixture<SqliteSecurityFixture>;

public sealed class AccessRuleTestsOnPostgres(PostgresSecurityFixture server) : AccessRuleTests(server), IClassFixture<PostgresSecurityFixture>;
