using System.Diagnostics;
using System.Text;
using Bayu.Crypto.Ledger;
using Bayu.Crypto.Sm;
using Bayu.Storage.Ledger;

namespace Bayu.Bench.Crypto;

/// <summary>Appends entries to a file-backed ledger, signs one tree head, then verifies everything.</summary>
internal static class LedgerBench
{
    public static (double AppendsPerSecond, TimeSpan VerifyTime, long FileBytes) Run(int entries)
    {
        var directory = Path.Combine(Path.GetTempPath(), "bayu-ledger-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var key = Sm2KeyPair.Generate();
            // A typical audit payload: who read which resource when, about 100 bytes of JSON.
            var payloads = Enumerable.Range(0, 1000)
                .Select(i => Encoding.UTF8.GetBytes($"{{\"agent\":\"Practitioner/{i % 97}\",\"action\":\"R\",\"entity\":\"Patient/{i:D8}\",\"outcome\":0}}"))
                .ToArray();

            var watch = Stopwatch.StartNew();
            using (var store = new FileLedgerStore(directory))
            {
                var log = new TransparencyLog(store, new Sm3MerkleHasher(), TimeProvider.System);
                for (var i = 0; i < entries; i++)
                {
                    log.Append(payloads[i % payloads.Length]);
                }
                log.SignTreeHead(key.PrivateKey); // flushes to disk
            }
            var appendsPerSecond = entries / watch.Elapsed.TotalSeconds;

            watch.Restart();
            LedgerVerification result;
            using (var store = new FileLedgerStore(directory))
            {
                result = LedgerVerifier.Verify(store, new Sm3MerkleHasher(), key.PublicKey);
            }
            var verifyTime = watch.Elapsed;
            if (!result.IsValid || result.EntriesChecked != entries)
            {
                throw new InvalidOperationException($"Benchmark ledger did not verify: {result.Problem}");
            }
            return (appendsPerSecond, verifyTime, new FileInfo(Path.Combine(directory, "entries.bin")).Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
