using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bayu.Demo.Region;
using Bayu.Server.Demo;
using Bayu.Server.Security.Accounts;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace Bayu.Server.Security;

/// <summary>
/// The demo's sign-ins: on a start that seeded (or found) the demo region, one account per role
/// over the region's own people (a resident, their family doctor, a pharmacist, a nurse, CDC staff,
/// a regulator, an administrator), and the confidential backend client <c>bayu-demo-backend</c>
/// whenever <c>Bayu:Demo:ClientSecret</c> is set (also without demo data, for scripts), printed once
/// the server listens.
/// </summary>
internal sealed partial class DemoSignIns(IServiceScopeFactory scopes, IOptions<DemoOptions> demo, IConfiguration configuration,
    IHostApplicationLifetime lifetime, ILogger<DemoSignIns> logger) : IHostedService
{
    public const string BackendClientId = "bayu-demo-backend";
    public const string PortalClientId = "bayu-demo-app";
    public const string DefaultPassword = "Bayu@2026";

    public async System.Threading.Tasks.Task StartAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var givenSecret = configuration["Bayu:Demo:ClientSecret"];
        using var scope = scopes.CreateScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        if (demo.Value.Seed || !string.IsNullOrEmpty(givenSecret))
        {
            var secret = string.IsNullOrEmpty(givenSecret) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : givenSecret;
            await clients.AddOrUpdateAsync(BackendClientId, "Bayu demo backend service", [], secret, null, "system/*.cruds system/*.*", cancellationToken, resourceServer: true).ConfigureAwait(false);
            text.AppendLine(CultureInfo.InvariantCulture, $"  Backend client:   {BackendClientId}, secret {(string.IsNullOrEmpty(givenSecret) ? secret : "(Bayu:Demo:ClientSecret)")}, scopes system/*.cruds");
        }
        if (demo.Value.Seed)
        {
            await clients.AddOrUpdateAsync(PortalClientId, "Bayu demo SMART app", ["http://localhost:5173/callback", "http://127.0.0.1:5173/callback"], null, null, null, cancellationToken).ConfigureAwait(false);
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            var password = configuration["Bayu:Demo:Password"] is { Length: > 0 } p ? p : DefaultPassword;
            foreach (var person in People(new DemoRegionGenerator(new DemoRegionOptions(demo.Value.RandomSeed, demo.Value.Residents))))
            {
                if (await accounts.FindAsync(person.Kind, person.Login, cancellationToken).ConfigureAwait(false) is null)
                {
                    await accounts.CreateAsync(person.Kind, person.Login, password, person.Roles, person.FhirUser, person.Phone, person.PractitionerRole, person.Organization, ct: cancellationToken).ConfigureAwait(false);
                }
                text.AppendLine(CultureInfo.InvariantCulture, $"  {person.Label,-16}  kind={KindName(person.Kind)} username={person.Login} password={password}{(person.Phone is null ? "" : " (one-time code in data/demo-sms.log)")}");
            }
        }
        if (text.Length > 0)
        {
            lifetime.ApplicationStarted.Register(() => LogSignIns(logger, "Demo sign-ins (演示账号), at /auth/login:\n" + text));
        }
    }

    public System.Threading.Tasks.Task StopAsync(CancellationToken cancellationToken) => System.Threading.Tasks.Task.CompletedTask;

    internal sealed record DemoPerson(string Label, AccountKind Kind, string Login, string Roles, string? FhirUser, string? Phone, string? PractitionerRole, string? Organization);

    /// <summary>The demo people, chosen from the generated region so their records connect (the resident's own family doctor).</summary>
    internal static IEnumerable<DemoPerson> People(DemoRegionGenerator generator)
    {
        var infrastructure = generator.Infrastructure().ToList();
        var practitioners = infrastructure.OfType<Practitioner>().ToDictionary(p => p.Id!, StringComparer.Ordinal);
        var roles = infrastructure.OfType<PractitionerRole>().ToList();
        var resident = generator.Residents().First();
        yield return new DemoPerson("Resident 居民", AccountKind.Resident, resident.Identifier[0].Value!, "resident", "Patient/" + resident.Id, resident.Telecom[0].Value, null, null);
        var doctorId = resident.GeneralPractitioner[0].Reference!["Practitioner/".Length..];
        DemoPerson Staff(string label, string extraRoles, PractitionerRole role)
        {
            var practitioner = practitioners[role.Practitioner!.Reference!["Practitioner/".Length..]];
            return new DemoPerson(label, AccountKind.Practitioner, practitioner.Identifier[0].Value!, extraRoles, "Practitioner/" + practitioner.Id, null, "PractitionerRole/" + role.Id, role.Organization!.Reference);
        }
        var doctorRole = roles.First(r => r.Practitioner?.Reference == "Practitioner/" + doctorId);
        yield return Staff("Family doctor 家庭医生", "doctor family-doctor", doctorRole);
        if (roles.FirstOrDefault(r => r.Organization?.Reference == doctorRole.Organization?.Reference && r.Code[0].Coding[0].Code == "nurse") is { } nurse)
        {
            yield return Staff("Nurse 护士", "nurse", nurse);
        }
        if (roles.FirstOrDefault(r => r.Code[0].Coding[0].Code == "pharmacist") is { } pharmacist)
        {
            yield return Staff("Pharmacist 药师", "pharmacist", pharmacist);
        }
        yield return new DemoPerson("CDC staff 疾控", AccountKind.Administrator, "cdc", "cdc-staff", null, null, null, null);
        yield return new DemoPerson("Regulator 监管", AccountKind.Administrator, "regulator", "regulator", null, null, null, null);
        yield return new DemoPerson("Administrator 管理员", AccountKind.Administrator, "admin", "platform-admin", null, null, null, null);
    }

    private static string KindName(AccountKind kind) => kind switch { AccountKind.Resident => "resident", AccountKind.Practitioner => "practitioner", _ => "administrator" };

    [LoggerMessage(Level = LogLevel.Information, Message = "{SignIns}")]
    private static partial void LogSignIns(ILogger logger, string signIns);
}
