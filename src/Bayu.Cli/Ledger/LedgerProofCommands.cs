using System.CommandLine;
using Bayu.Cli.Crypto;
using Bayu.Cli.Infrastructure;
using Bayu.Crypto.Ledger;
using Bayu.Storage.Ledger;

namespace Bayu.Cli.Ledger;

/// <summary><c>bayu ledger prove</c> and <c>check-proof</c>: inclusion and consistency proofs against signed tree heads.</summary>
internal static class LedgerProofCommands
{
    public static Command BuildProve()
    {
        var ledger = LedgerCommands.LedgerOption();
        var index = new Option<long?>("--index") { Description = "Inclusion proof for this entry" };
        var treeSize = new Option<long?>("--tree-size") { Description = "Inclusion: size of the signed tree head to prove against (default: the latest)" };
        var from = new Option<long?>("--from") { Description = "Consistency proof from this signed tree size" };
        var to = new Option<long?>("--to") { Description = "Consistency: to this signed tree size (default: the latest)" };
        var output = new Option<FileInfo>("--out") { Description = "Proof file (JSON)", Required = true };
        var command = new Command("prove", "Write an inclusion proof (--index) or a consistency proof (--from) against signed tree heads") { ledger, index, treeSize, from, to, output };
        command.SetAction(parseResult =>
        {
            using var store = new FileLedgerStore(parseResult.GetValue(ledger)!.FullName);
            var heads = store.ReadTreeHeads();
            if (heads.Count == 0)
            {
                throw new CliUsageException("The ledger has no signed tree head yet; append first.");
            }
            var log = new TransparencyLog(store, new Sm3MerkleHasher(), TimeProvider.System);
            var document = (parseResult.GetValue(index), parseResult.GetValue(from)) switch
            {
                ({ } i, null) => Inclusion(log, store, FindHead(heads, parseResult.GetValue(treeSize)), i),
                (null, { } f) => Consistency(log, FindHead(heads, f), FindHead(heads, parseResult.GetValue(to))),
                _ => throw new CliUsageException("Give exactly one of --index N (inclusion) or --from SIZE (consistency)."),
            };
            File.WriteAllText(parseResult.GetValue(output)!.FullName, document.ToJson());
            return CliRunner.Ok;
        });
        return command;
    }

    public static Command BuildCheckProof()
    {
        var publicKey = new Option<FileInfo>("--pubkey") { Description = "SM2 public key of the ledger", Required = true };
        var payload = new Option<FileInfo?>("--payload") { Description = "Inclusion: the entry's content, to check it is the proven leaf" };
        var proof = new Argument<FileInfo>("PROOF") { Description = "Proof file written by 'bayu ledger prove'" };
        var command = new Command("check-proof", "Check a proof and the signatures of its tree heads; exit 0 valid, 1 invalid") { publicKey, payload, proof };
        command.SetAction(parseResult =>
        {
            var key = CliInput.PublicKey(parseResult.GetValue(publicKey)!.FullName);
            var file = parseResult.GetValue(proof)!;
            var document = ProofDocument.Parse(File.ReadAllText(file.FullName), file.Name);
            var payloadBytes = parseResult.GetValue(payload) is { } p ? File.ReadAllBytes(p.FullName) : null;
            var (valid, message) = CliInput.Guard(() => ProofChecker.Check(document, key, payloadBytes), file.Name);
            parseResult.InvocationConfiguration.Output.WriteLine((valid ? "OK: " : "INVALID: ") + message);
            return valid ? CliRunner.Ok : CliRunner.Problems;
        });
        return command;
    }

    private static SignedTreeHead FindHead(IReadOnlyList<SignedTreeHead> heads, long? size) => size is null
        ? heads[^1]
        : heads.LastOrDefault(h => h.Head.TreeSize == size)
          ?? throw new CliUsageException($"No signed tree head of size {size}; signed sizes: {string.Join(", ", heads.Select(h => h.Head.TreeSize).Distinct())}.");

    private static ProofDocument Inclusion(TransparencyLog log, ILedgerStore store, SignedTreeHead head, long index)
    {
        if (index < 0 || index >= head.Head.TreeSize)
        {
            throw new CliUsageException($"Entry {index} is not covered by the signed tree head of size {head.Head.TreeSize}.");
        }
        var proof = log.ProveInclusion(index, head.Head.TreeSize);
        return new ProofDocument
        {
            Kind = "inclusion",
            LeafIndex = index,
            EntryTimestamp = store.Read(index).Entry.Timestamp.ToUnixTimeMilliseconds(),
            LeafHash = Convert.ToHexString(proof.LeafHash),
            TreeHead = TreeHeadJson.From(head),
            Path = [.. proof.Path.Select(Convert.ToHexString)],
        };
    }

    private static ProofDocument Consistency(TransparencyLog log, SignedTreeHead first, SignedTreeHead second)
    {
        if (first.Head.TreeSize > second.Head.TreeSize)
        {
            throw new CliUsageException($"--from {first.Head.TreeSize} is after --to {second.Head.TreeSize}.");
        }
        var proof = log.ProveConsistency(first.Head.TreeSize, second.Head.TreeSize);
        return new ProofDocument
        {
            Kind = "consistency",
            First = TreeHeadJson.From(first),
            Second = TreeHeadJson.From(second),
            Path = [.. proof.Path.Select(Convert.ToHexString)],
        };
    }
}
