using Bayu.Crypto.Ledger;
using Bayu.Crypto.Tests.Support;

namespace Bayu.Crypto.Tests.Ledger;

public class MerkleTreeRfc9162Tests
{
    private static readonly Sha256MerkleHasher s_sha256 = new();

    // The eight leaves of the Certificate Transparency reference test suite.
    private static readonly byte[][] s_ctLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    [Theory]
    [InlineData(0, "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData(1, "6E340B9CFFB37A989CA544E6BB780A2C78901D3FB33738768511A30617AFA01D")]
    [InlineData(2, "FAC54203E7CC696CF0DFCB42C92A1D9DBAF70AD9E621F4BD8D98662F00E3C125")]
    [InlineData(3, "AEB6BCFE274B70A14FB067A5E5578264DB0FA9B51AF5E0BA159158F329E06E77")]
    [InlineData(4, "D37EE418976DD95753C1C73862B9398FA2A2CF9B4FF0FDFE8B30CD95209614B7")]
    [InlineData(5, "4E3BBB1F7B478DCFE71FB631631519A3BCA12C9AEFCA1612BFCE4C13A86264D4")]
    [InlineData(6, "76E67DADBCDF1E10E1B74DDC608ABD2F98DFB16FBCE75277B5232A127F2087EF")]
    [InlineData(7, "DDB89BE403809E325750D3D263CD78929C2942B7942A34B77E122C9594A74C8C")]
    [InlineData(8, "5DC9DA79A70659A9AD559CB701DED9A2AB9D823AAD2F4960CFE370EFF4604328")]
    public void GivenTheCtReferenceLeaves_WhenRootedWithSha256_ThenBothImplementationsGiveTheKnownRoot(int size, string expected)
    {
        var leaves = s_ctLeaves[..size];
        Assert.Equal(expected, Convert.ToHexString(Rfc9162Reference.Mth(leaves)));
        Assert.Equal(expected, Convert.ToHexString(MerkleTree.Root(s_sha256, LeafHashes(leaves))));
    }

    [Fact]
    public void GivenTheRfcSevenLeafExample_WhenProving_ThenPathsAreTheOnesTheRfcLists()
    {
        // RFC 9162 §2.1.5: leaves d0..d6 are a..f and j; g = (a,b), h = (c,d), i = (e,f), k = (g,h), l = (i,j).
        byte[][] d = [.. Enumerable.Range(0, 7).Select(i => new[] { (byte)i })];
        var leaf = LeafHashes(d);
        var (a, b, c, dd, e, f, j) = (leaf[0], leaf[1], leaf[2], leaf[3], leaf[4], leaf[5], leaf[6]);
        var g = s_sha256.HashChildren(a, b);
        var h = s_sha256.HashChildren(c, dd);
        var i = s_sha256.HashChildren(e, f);
        var k = s_sha256.HashChildren(g, h);
        var l = s_sha256.HashChildren(i, j);

        Assert.Equal([b, h, l], MerkleTree.InclusionPath(s_sha256, leaf, 0, 7));
        Assert.Equal([c, g, l], MerkleTree.InclusionPath(s_sha256, leaf, 3, 7));
        Assert.Equal([f, j, k], MerkleTree.InclusionPath(s_sha256, leaf, 4, 7));
        Assert.Equal([i, k], MerkleTree.InclusionPath(s_sha256, leaf, 6, 7));
        Assert.Equal([c, dd, g, l], MerkleTree.ConsistencyPath(s_sha256, leaf, 3, 7));
        Assert.Equal([l], MerkleTree.ConsistencyPath(s_sha256, leaf, 4, 7));
        Assert.Equal([i, j, k], MerkleTree.ConsistencyPath(s_sha256, leaf, 6, 7));
        Assert.Equal(s_sha256.HashChildren(k, l), MerkleTree.Root(s_sha256, leaf));
    }

    [Theory]
    [MemberData(nameof(InterestingSizes))]
    public void GivenASize_WhenTheLibraryAndTheReferenceBuildTreesAndProofs_ThenTheyAgreeAndVerify(int n)
    {
        byte[][] d = [.. Enumerable.Range(0, n).Select(i => BitConverter.GetBytes(i * 7919))];
        var leaves = LeafHashes(d);
        var root = MerkleTree.Root(s_sha256, leaves);
        Assert.Equal(Rfc9162Reference.Mth(d), root);

        foreach (var m in Sample(n, 0))
        {
            var path = MerkleTree.InclusionPath(s_sha256, leaves, m, n);
            Assert.Equal(Rfc9162Reference.Path(m, d), path);
            Assert.True(MerkleTree.VerifyInclusion(s_sha256, m, n, leaves[m], path, root));
        }
        foreach (var m in Sample(n, 1).Where(m => m < n))
        {
            var path = MerkleTree.ConsistencyPath(s_sha256, leaves, m, n);
            Assert.Equal(Rfc9162Reference.Proof(m, d), path);
            Assert.True(MerkleTree.VerifyConsistency(s_sha256, m, n, Rfc9162Reference.Mth(d[..m]), root, path));
        }
    }

    public static TheoryData<int> InterestingSizes() => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129];

    internal static List<byte[]> LeafHashes(byte[][] data) => [.. data.Select(x => s_sha256.HashLeaf(x))];

    private static IEnumerable<int> Sample(int n, int from) => Enumerable.Range(from, Math.Max(0, n - from));
}
