using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bayu.Demo.Region;
using Bayu.Engine.Interactions;
using Bayu.Storage.Store;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Bayu.Server.Demo;

/// <summary>
/// On start with an empty store, writes the demo region before the server accepts requests (so the
/// first request already sees all of it); once listening, prints the URLs and what is there.
/// </summary>
internal sealed partial class DemoSeedingService(
    IOptions<DemoOptions> options,
    IResourceStore store,
    FhirEngine engine,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<DemoSeedingService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var generator = new DemoRegionGenerator(new DemoRegionOptions(settings.RandomSeed, settings.Residents));
        var seeded = false;
        if (settings.Seed && await DemoSeeder.IsEmptyAsync(store, cancellationToken).ConfigureAwait(false))
        {
            var total = generator.Counts().Values.Sum();
            LogSeeding(logger, total);
            var clock = Stopwatch.StartNew();
            var written = await DemoSeeder.SeedAsync(engine, generator, null, cancellationToken).ConfigureAwait(false);
            await store.RefreshStatisticsAsync(cancellationToken).ConfigureAwait(false);
            LogSeeded(logger, written, clock.Elapsed.TotalSeconds, written / Math.Max(clock.Elapsed.TotalSeconds, 0.001));
            seeded = true;
        }
        lifetime.ApplicationStarted.Register(() => PrintQuickStart(generator, seeded));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void PrintQuickStart(DemoRegionGenerator generator, bool seeded)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var text = new StringBuilder();
        text.AppendLine("Bayu FHIR server is ready (巴渝健康平台).");
        foreach (var address in addresses)
        {
            var fhirBase = address.TrimEnd('/') + "/fhir";
            text.AppendLine(CultureInfo.InvariantCulture, $"  FHIR base:        {fhirBase}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  Capabilities:     curl {fhirBase}/metadata");
            // Kestrel refuses raw non-ASCII in the request line, so the Chinese value goes percent-encoded.
            text.AppendLine(CultureInfo.InvariantCulture, $"  Demo residents:   curl -G {fhirBase}/Patient --data-urlencode \"address-city=重庆市\" -d _count=5");
            text.AppendLine(CultureInfo.InvariantCulture, $"  Hospitals:        curl \"{fhirBase}/Organization?type={DemoCodes.InstitutionTypeSystem}|hospital\"");
        }
        if (seeded)
        {
            var counts = generator.Counts();
            text.AppendLine(CultureInfo.InvariantCulture, $"Seeded the demo region {RegionCatalog.CityName}: {generator.DistrictCount} districts and counties,");
            foreach (var (type, count) in generator.InstitutionsByType())
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {count,4} {type}");
            }
            text.AppendLine(CultureInfo.InvariantCulture, $"  {counts["Practitioner"]} practitioners with roles, {counts["Patient"]} residents (seed {generator.Options.Seed}).");
        }
        LogQuickStart(logger, text.ToString());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Empty store: seeding the demo region ({Total} resources)…")]
    private static partial void LogSeeding(ILogger logger, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo region seeded: {Written} resources in {Seconds:F1} s ({Rate:F0} resources/s)")]
    private static partial void LogSeeded(ILogger logger, int written, double seconds, double rate);

    [LoggerMessage(Level = LogLevel.Information, Message = "{QuickStart}")]
    private static partial void LogQuickStart(ILogger logger, string quickStart);
}
