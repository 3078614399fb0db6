using Bayu.Cli.Import;
using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;

namespace Bayu.Cli.Demo;

/// <summary>Packs generated resources into batch units for the import pipeline (PUT under their ids).</summary>
internal static class DemoUnits
{
    public static IEnumerable<IImportItem> From(IEnumerable<Resource> resources, int batchSize)
    {
        var number = 0;
        foreach (var chunk in resources.Chunk(batchSize))
        {
            number++;
            var items = chunk.Select(r =>
            {
                var json = FhirFormats.Serialize(r, FhirFormat.Json);
                return new BatchItem(r.TypeName, r.Id, writer => writer.WriteRawValue(json, skipInputValidation: true));
            }).ToList();
            yield return BatchBundle.Build($"demo batch {number}", items, chunk.Length);
        }
    }
}
