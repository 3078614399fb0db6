using Bayu.Cli.Infrastructure;
using Bayu.Crypto.Ledger;
using Bayu.Crypto.Sm;

namespace Bayu.Cli.Ledger;

/// <summary>Checks a <see cref="ProofDocument"/>: tree-head signatures first, then the Merkle path.</summary>
internal static class ProofChecker
{
    public static (bool Valid, string Message) Check(ProofDocument document, Sm2PublicKey key, byte[]? payload)
    {
        var hasher = new Sm3MerkleHasher();
        var path = document.Path.Select(Convert.FromHexString).ToList();
        switch (document.Kind)
        {
            case "inclusion":
                var head = Require(document.TreeHead, "treeHead").ToSignedTreeHead();
                if (!head.VerifySignature(key))
                {
                    return (false, "the tree head signature does not verify with this key");
                }
                var index = Require(document.LeafIndex, "leafIndex");
                var leafHash = Convert.FromHexString(Require(document.LeafHash, "leafHash"));
                if (payload is not null)
                {
                    var entry = new LedgerEntry(index, DateTimeOffset.FromUnixTimeMilliseconds(Require(document.EntryTimestamp, "entryTimestamp")), payload);
                    if (!entry.LeafHash(hasher).AsSpan().SequenceEqual(leafHash))
                    {
                        return (false, $"the payload is not entry {index} of the proof");
                    }
                }
                var proof = new InclusionProof(index, head.Head.TreeSize, leafHash, path);
                return proof.Verify(hasher, head.Head.RootHash)
                    ? (true, $"entry {index} is in the signed tree of size {head.Head.TreeSize}" + (payload is null ? "" : " and the payload matches"))
                    : (false, $"the path does not lead from entry {index} to the signed root");
            case "consistency":
                var first = Require(document.First, "first").ToSignedTreeHead();
                var second = Require(document.Second, "second").ToSignedTreeHead();
                if (!first.VerifySignature(key) || !second.VerifySignature(key))
                {
                    return (false, "a tree head signature does not verify with this key");
                }
                var consistency = new ConsistencyProof(first.Head.TreeSize, second.Head.TreeSize, path);
                return consistency.Verify(hasher, first.Head.RootHash, second.Head.RootHash)
                    ? (true, $"the tree of size {second.Head.TreeSize} only appended to the tree of size {first.Head.TreeSize}")
                    : (false, $"the tree of size {second.Head.TreeSize} does not extend the tree of size {first.Head.TreeSize}");
            default:
                throw new CliUsageException($"Unknown proof kind '{document.Kind}'.");
        }
    }

    private static T Require<T>(T? value, string name) where T : class =>
        value ?? throw new CliUsageException($"The proof has no {name}.");

    private static T Require<T>(T? value, string name) where T : struct =>
        value ?? throw new CliUsageException($"The proof has no {name}.");
}
