using System.ComponentModel.DataAnnotations;
using Bayu.Demo.Region;

namespace Bayu.Server.Demo;

/// <summary>Section <c>Bayu:Demo</c>: whether and how the demo region is seeded into an empty store.</summary>
public sealed class DemoOptions
{
    public const string Section = "Bayu:Demo";

    /// <summary>Seed the demo region on the first start with an empty store.</summary>
    public bool Seed { get; set; } = true;

    [Range(0, 1_000_000)]
    public int Residents { get; set; } = DemoRegionOptions.DefaultResidents;

    public int RandomSeed { get; set; } = DemoRegionOptions.DefaultSeed;
}
