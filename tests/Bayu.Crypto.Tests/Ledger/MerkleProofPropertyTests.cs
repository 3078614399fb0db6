using Bayu.Crypto.Ledger;
using FsCheck;
using FsCheck.Xunit;

namespace Bayu.Crypto.Tests.Ledger;

public class MerkleProofPropertyTests
{
    private static readonly int[] s_edgeSizes = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025];

    [Property(MaxTest = 200)]
    public void GivenARandomSize_WhenEveryInclusionProofIsChecked_ThenAllVerifyAndAWrongLeafFails(NonNegativeInt sizeSeed, NonNegativeInt indexSeed)
    {
        var n = PickSize(sizeSeed.Get);
        var hasher = new Sm3MerkleHasher();
        var leaves = Leaves(hasher, n);
        var root = MerkleTree.Root(hasher, leaves);
        if (n == 0)
        {
            Assert.False(MerkleTree.VerifyInclusion(hasher, 0, 0, hasher.HashLeaf([]), [], root));
            return;
        }
        var m = indexSeed.Get % n;
        var path = MerkleTree.InclusionPath(hasher, leaves, m, n);

        Assert.True(MerkleTree.VerifyInclusion(hasher, m, n, leaves[m], path, root));
        Assert.False(MerkleTree.VerifyInclusion(hasher, m, n, hasher.HashLeaf("forged"u8), path, root));
        // The path alone does not pin the size (RFC 9162 binds it through the signed root), so the
        // root of a one-larger tree must refuse it.
        var largerRoot = MerkleTree.Root(hasher, [.. leaves, hasher.HashLeaf("next"u8)]);
        Assert.False(MerkleTree.VerifyInclusion(hasher, m, n + 1, leaves[m], path, largerRoot));
        if (n > 1)
        {
            Assert.False(MerkleTree.VerifyInclusion(hasher, (m + 1) % n, n, leaves[m], path, root));
            Assert.False(MerkleTree.VerifyInclusion(hasher, m, n, leaves[m], path.Skip(1).ToList(), root));
        }
    }

    [Property(MaxTest = 200)]
    public void GivenTwoRandomSizes_WhenTheConsistencyProofIsChecked_ThenItVerifiesAndFailsForOtherRoots(NonNegativeInt sizeSeed, NonNegativeInt firstSeed)
    {
        var n = PickSize(sizeSeed.Get);
        var m = n == 0 ? 0 : firstSeed.Get % (n + 1);
        var hasher = new Sm3MerkleHasher();
        var leaves = Leaves(hasher, n);
        var firstRoot = MerkleTree.Root(hasher, leaves.Take(m).ToList());
        var secondRoot = MerkleTree.Root(hasher, leaves);
        var path = MerkleTree.ConsistencyPath(hasher, leaves, m, n);

        Assert.True(MerkleTree.VerifyConsistency(hasher, m, n, firstRoot, secondRoot, path));
        if (m > 0 && m < n)
        {
            var forged = hasher.HashLeaf("forged"u8);
            Assert.False(MerkleTree.VerifyConsistency(hasher, m, n, forged, secondRoot, path));
            Assert.False(MerkleTree.VerifyConsistency(hasher, m, n, firstRoot, forged, path));
            Assert.False(MerkleTree.VerifyConsistency(hasher, m, n, firstRoot, secondRoot, path.Take(path.Count - 1).ToList()));
        }
    }

    [Property(MaxTest = 100)]
    public void GivenLeavesAppendedOneByOne_WhenTheAccumulatorReportsItsRoot_ThenItEqualsTheRecursiveRoot(NonNegativeInt sizeSeed)
    {
        var n = PickSize(sizeSeed.Get);
        var hasher = new Sm3MerkleHasher();
        var leaves = Leaves(hasher, n);
        var accumulator = new MerkleAccumulator(hasher);
        foreach (var leaf in leaves)
        {
            accumulator.Append(leaf);
        }
        Assert.Equal(MerkleTree.Root(hasher, leaves), accumulator.Root());
    }

    [Fact]
    public void GivenAnEmptyTree_WhenRooted_ThenTheRootIsSm3OfNothing() =>
        Assert.Equal(Bayu.Crypto.Sm.Sm3.Hash([]), MerkleTree.Root(new Sm3MerkleHasher(), []));

    [Fact]
    public void GivenEveryEdgeSize_WhenAllProofsToTheEndAreChecked_ThenAllVerify()
    {
        var hasher = new Sm3MerkleHasher();
        var all = Leaves(hasher, s_edgeSizes[^1]);
        foreach (var n in s_edgeSizes)
        {
            var leaves = all.Take(n).ToList();
            var root = MerkleTree.Root(hasher, leaves);
            foreach (var m in EdgeIndices(n).Where(m => m < n))
            {
                Assert.True(MerkleTree.VerifyInclusion(hasher, m, n, leaves[m], MerkleTree.InclusionPath(hasher, leaves, m, n), root), $"inclusion {m} in {n}");
            }
            foreach (var m in EdgeIndices(n).Append(n))
            {
                var firstRoot = MerkleTree.Root(hasher, leaves.Take(m).ToList());
                Assert.True(MerkleTree.VerifyConsistency(hasher, m, n, firstRoot, root, MerkleTree.ConsistencyPath(hasher, leaves, m, n)), $"consistency {m} to {n}");
            }
        }
    }

    // Sizes are drawn so that edge sizes (0, 1, powers of two and their neighbours) come up often.
    private static int PickSize(int seed) => seed % 3 == 0 ? s_edgeSizes[seed / 3 % s_edgeSizes.Length] : seed % 300;

    private static IEnumerable<int> EdgeIndices(int n) =>
        s_edgeSizes.Where(m => m <= n).Concat([n / 2, Math.Max(0, n - 1)]).Distinct();

    private static List<byte[]> Leaves(IMerkleHasher hasher, int n) =>
        [.. Enumerable.Range(0, n).Select(i => hasher.HashLeaf(BitConverter.GetBytes(i)))];
}
