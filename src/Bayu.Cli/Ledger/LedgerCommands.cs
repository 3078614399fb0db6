using System.CommandLine;
using System.Text;
using Bayu.Cli.Crypto;
using Bayu.Cli.Infrastructure;
using Bayu.Crypto.Ledger;
using Bayu.Storage.Ledger;

namespace Bayu.Cli.Ledger;

/// <summary><c>bayu ledger</c>: the tamper-evident SM3 Merkle ledger (区块链存证-style notarisation without a chain).</summary>
public static class LedgerCommands
{
    public static Command Build() => new("ledger", "Tamper-evident ledger: RFC 9162 Merkle tree with SM3, SM2-signed tree heads (全程留痕)")
    {
        BuildAppend(), BuildVerify(), LedgerProofCommands.BuildProve(), LedgerProofCommands.BuildCheckProof(),
    };

    internal static Option<DirectoryInfo> LedgerOption() => new("--ledger") { Description = "Ledger directory", Required = true };

    private static Command BuildAppend()
    {
        var ledger = LedgerOption();
        var key = new Option<FileInfo>("--key") { Description = "SM2 private key that signs the new tree head", Required = true };
        var text = new Option<string?>("--text") { Description = "Append this UTF-8 text instead of a file" };
        var file = new Argument<FileInfo?>("FILE") { Description = "File whose bytes become the entry", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("append", "Append one entry and sign the new tree head") { ledger, key, text, file };
        command.SetAction(parseResult =>
        {
            var payload = (parseResult.GetValue(text), parseResult.GetValue(file)) switch
            {
                ({ } t, null) => Encoding.UTF8.GetBytes(t),
                (null, { } f) => File.ReadAllBytes(f.FullName),
                _ => throw new CliUsageException("Give exactly one of --text TEXT or FILE."),
            };
            var privateKey = CliInput.PrivateKey(parseResult.GetValue(key)!.FullName);
            using var store = new FileLedgerStore(parseResult.GetValue(ledger)!.FullName);
            var log = new TransparencyLog(store, new Sm3MerkleHasher(), TimeProvider.System);
            var entry = CliInput.Guard(() => log.Append(payload));
            var head = log.SignTreeHead(privateKey);
            parseResult.InvocationConfiguration.Output.WriteLine(
                $"appended entry {entry.Index}; tree size {head.Head.TreeSize}, root {Convert.ToHexStringLower(head.Head.RootHash)}");
            return CliRunner.Ok;
        });
        return command;
    }

    private static Command BuildVerify()
    {
        var ledger = LedgerOption();
        var publicKey = new Option<FileInfo>("--pubkey") { Description = "SM2 public key of the ledger", Required = true };
        var command = new Command("verify", "Re-read the whole ledger; exit 0 intact, 1 tampered (names the first bad index)") { ledger, publicKey };
        command.SetAction(parseResult =>
        {
            var key = CliInput.PublicKey(parseResult.GetValue(publicKey)!.FullName);
            var directory = parseResult.GetValue(ledger)!;
            if (!directory.Exists)
            {
                throw new CliUsageException($"No ledger at {directory.FullName}.");
            }
            using var store = new FileLedgerStore(directory.FullName);
            var result = LedgerVerifier.Verify(store, new Sm3MerkleHasher(), key);
            var output = parseResult.InvocationConfiguration.Output;
            if (result.IsValid)
            {
                output.WriteLine($"OK: {result.EntriesChecked} entries, {result.TreeHeadsChecked} signed tree heads verified"
                    + (result.UnsignedEntries > 0 ? $", {result.UnsignedEntries} entries after the last signed head" : ""));
                return CliRunner.Ok;
            }
            output.WriteLine($"TAMPERED: first bad index {result.FirstBadIndex}: {result.Problem}");
            return CliRunner.Problems;
        });
        return command;
    }
}
