namespace Bayu.Demo.Region;

/// <summary>What to generate: the same options always give the same resources, byte for byte.</summary>
public sealed record DemoRegionOptions(int Seed = DemoRegionOptions.DefaultSeed, int Residents = DemoRegionOptions.DefaultResidents)
{
    public const int DefaultSeed = 2018_179;
    public const int DefaultResidents = 3000;

    /// <summary>Birth dates and ages are computed from this fixed day, never from the clock.</summary>
    public static readonly DateOnly ReferenceDate = new(2025, 1, 1);
}
