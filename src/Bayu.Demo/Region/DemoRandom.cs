namespace Bayu.Demo.Region;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by its published algorithm, so the demo
/// region stays byte-identical across .NET versions (System.Random's seeded sequence is not a
/// documented contract) and each resident can be derived from (seed, index) on its own.
/// </summary>
internal struct DemoRandom(ulong seed)
{
    private ulong _state = seed;

    public static DemoRandom For(int seed, string stream, int index)
    {
        // Mix the stream name in with FNV-1a so residents and practitioners draw independent sequences.
        var hash = 14695981039346656037UL;
        foreach (var c in stream)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        var mixed = new DemoRandom(hash ^ ((ulong)(uint)seed << 32) ^ (uint)index);
        mixed.NextUInt64();
        return mixed;
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => (int)(NextUInt64() % (ulong)maxExclusive);

    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
