using Bayu.Cli.Infrastructure;
using Bayu.Cli.Tests.Crypto;

namespace Bayu.Cli.Tests.Ledger;

public sealed class LedgerCommandsTests : CliHarness
{
    [Fact]
    public void GivenAppendedEntries_WhenVerifiedProvedAndChecked_ThenAllSucceed()
    {
        var ledger = Setup(5);

        var verify = Run("ledger", "verify", "--ledger", ledger, "--pubkey", PathOf("pub.pem"));
        Assert.Equal(CliRunner.Ok, verify.Code);
        Assert.Contains("OK: 5 entries, 5 signed tree heads", verify.Stdout, StringComparison.Ordinal);

        Assert.Equal(CliRunner.Ok, Run("ledger", "prove", "--ledger", ledger, "--index", "2", "--out", PathOf("incl.json")).Code);
        var check = Run("ledger", "check-proof", "--pubkey", PathOf("pub.pem"), "--payload", Write("p2", "event 2"), PathOf("incl.json"));
        Assert.Equal(CliRunner.Ok, check.Code);
        Assert.Contains("entry 2 is in the signed tree of size 5 and the payload matches", check.Stdout, StringComparison.Ordinal);

        var wrongPayload = Run("ledger", "check-proof", "--pubkey", PathOf("pub.pem"), "--payload", Write("p3", "event 3"), PathOf("incl.json"));
        Assert.Equal(CliRunner.Problems, wrongPayload.Code);

        Assert.Equal(CliRunner.Ok, Run("ledger", "prove", "--ledger", ledger, "--from", "2", "--out", PathOf("cons.json")).Code);
        var consistency = Run("ledger", "check-proof", "--pubkey", PathOf("pub.pem"), PathOf("cons.json"));
        Assert.Equal(CliRunner.Ok, consistency.Code);
        Assert.Contains("size 5 only appended to the tree of size 2", consistency.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnEditedEntry_WhenVerified_ThenExit1NamingTheIndex()
    {
        var ledger = Setup(4);
        var bytes = File.ReadAllBytes(Path.Combine(ledger, "entries.bin"));
        // Hashes and timestamps are binary and may contain '2' too, so locate the whole payload text.
        var at = bytes.AsSpan().IndexOf("event 2"u8) + "event ".Length;
        bytes[at] = (byte)'9';
        File.WriteAllBytes(Path.Combine(ledger, "entries.bin"), bytes);

        var (code, stdout, _) = Run("ledger", "verify", "--ledger", ledger, "--pubkey", PathOf("pub.pem"));

        Assert.Equal(CliRunner.Problems, code);
        Assert.Contains("TAMPERED: first bad index 2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAProofCheckedWithAnotherKey_WhenChecked_ThenExit1()
    {
        var ledger = Setup(3);
        Run("ledger", "prove", "--ledger", ledger, "--index", "0", "--out", PathOf("incl.json"));
        Run("crypto", "sm2", "keygen", "--out", PathOf("other.pem"), "--pubout", PathOf("other.pub"));

        var (code, stdout, _) = Run("ledger", "check-proof", "--pubkey", PathOf("other.pub"), PathOf("incl.json"));

        Assert.Equal(CliRunner.Problems, code);
        Assert.Contains("signature", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnEditedProofPath_WhenChecked_ThenExit1()
    {
        var ledger = Setup(6);
        Run("ledger", "prove", "--ledger", ledger, "--index", "4", "--out", PathOf("incl.json"));
        var json = File.ReadAllText(PathOf("incl.json"));
        var firstHex = json.IndexOf("\"path\": [", StringComparison.Ordinal) + "\"path\": [".Length;
        var quote = json.IndexOf('"', firstHex) + 1;
        var edited = json[..quote] + (json[quote] == '0' ? '1' : '0') + json[(quote + 1)..];
        Write("incl.json", edited);

        Assert.Equal(CliRunner.Problems, Run("ledger", "check-proof", "--pubkey", PathOf("pub.pem"), PathOf("incl.json")).Code);
    }

    [Fact]
    public void GivenAnIndexBeyondTheSignedTree_WhenProving_ThenExit2() =>
        AssertBadInput(Run("ledger", "prove", "--ledger", Setup(2), "--index", "7", "--out", PathOf("p.json")), "not covered");

    [Fact]
    public void GivenAnUnsignedSize_WhenProvingConsistency_ThenExit2ListingSignedSizes() =>
        AssertBadInput(Run("ledger", "prove", "--ledger", Setup(2), "--from", "9", "--out", PathOf("p.json")), "signed sizes: 1, 2");

    [Fact]
    public void GivenBothTextAndFile_WhenAppending_ThenExit2()
    {
        Run("crypto", "sm2", "keygen", "--out", PathOf("key.pem"));
        AssertBadInput(Run("ledger", "append", "--ledger", PathOf("l"), "--key", PathOf("key.pem"), "--text", "a", Write("f", "b")), "exactly one");
    }

    [Fact]
    public void GivenNoLedger_WhenVerifying_ThenExit2()
    {
        Run("crypto", "sm2", "keygen", "--out", PathOf("key.pem"), "--pubout", PathOf("pub.pem"));
        AssertBadInput(Run("ledger", "verify", "--ledger", PathOf("missing"), "--pubkey", PathOf("pub.pem")), "No ledger");
    }

    [Fact]
    public void GivenANonProofFile_WhenChecked_ThenExit2()
    {
        Run("crypto", "sm2", "keygen", "--out", PathOf("key.pem"), "--pubout", PathOf("pub.pem"));
        AssertBadInput(Run("ledger", "check-proof", "--pubkey", PathOf("pub.pem"), Write("x.json", "[1,2]")), "not a proof file");
    }

    private string Setup(int entries)
    {
        Run("crypto", "sm2", "keygen", "--out", PathOf("key.pem"), "--pubout", PathOf("pub.pem"));
        var ledger = PathOf("ledger");
        for (var i = 0; i < entries; i++)
        {
            var (code, stdout, stderr) = Run("ledger", "append", "--ledger", ledger, "--key", PathOf("key.pem"), "--text", $"event {i}");
            Assert.True(code == CliRunner.Ok, stderr);
            Assert.StartsWith($"appended entry {i}; tree size {i + 1}", stdout, StringComparison.Ordinal);
        }
        return ledger;
    }
}
