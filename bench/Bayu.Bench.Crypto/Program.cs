using System.Globalization;
using System.Security.Cryptography;
using Bayu.Bench.Crypto;
using Bayu.Crypto.Sm;

// Usage: dotnet run -c Release --project bench/Bayu.Bench.Crypto [-- SECONDS [LEDGER-ENTRIES]]
// Reports figures; asserts nothing. OpenSSL runs in the same process tree, one measurement at a time.
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2.0;
var entries = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
var opensslSeconds = Math.Max(1, (int)Math.Round(seconds));

var key = RandomNumberGenerator.GetBytes(16);
var iv = RandomNumberGenerator.GetBytes(16);
using var aes = Aes.Create();
aes.Key = key;

var sm3 = Throughput.Measure(b => Sm3.Hash(b), seconds);
var sm3OpenSsl = Throughput.OpenSsl("sm3", opensslSeconds);
var sha256 = Throughput.Measure(b => SHA256.HashData(b), seconds);
var sm4 = Throughput.Measure(b => Sm4.EncryptCbc(key, iv, b), seconds);
var sm4OpenSsl = Throughput.OpenSsl("sm4-cbc", opensslSeconds);
var aesCbc = Throughput.Measure(b => aes.EncryptCbc(b, iv), seconds);

Console.WriteLine($"Bulk throughput, 16 KiB buffers, MB/s (10^6 bytes), {Environment.ProcessorCount} cores, load average {LoadAverage()}");
Console.WriteLine("| algorithm | Bayu (BouncyCastle) | OpenSSL 3 | .NET baseline | Bayu / OpenSSL |");
Console.WriteLine("|---|---|---|---|---|");
Console.WriteLine($"| SM3 | {sm3:F1} | {Show(sm3OpenSsl)} | SHA-256: {sha256:F1} | {Ratio(sm3, sm3OpenSsl)} |");
Console.WriteLine($"| SM4-CBC (encrypt) | {sm4:F1} | {Show(sm4OpenSsl)} | AES-128-CBC: {aesCbc:F1} | {Ratio(sm4, sm4OpenSsl)} |");

var (appends, verify, bytes) = LedgerBench.Run(entries);
Console.WriteLine();
Console.WriteLine($"Ledger, {entries:N0} entries of ~100 bytes, file-backed, SM3 Merkle tree:");
Console.WriteLine($"  appends/s (incl. one SM2-signed tree head and fsync at the end): {appends:N0}");
Console.WriteLine($"  full verification (re-hash every entry, recompute root, check signature): {verify.TotalSeconds:F2} s");
Console.WriteLine($"  entries.bin: {bytes / 1e6:F1} MB");

static string Show(double? value) => value is null ? "n/a" : value.Value.ToString("F1", CultureInfo.InvariantCulture);

static string Ratio(double bayu, double? openssl) => openssl is null ? "n/a" : (bayu / openssl.Value).ToString("F2", CultureInfo.InvariantCulture) + "×";

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
