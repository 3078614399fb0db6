using System.CommandLine;
using System.Security.Cryptography;
using Bayu.Cli.Infrastructure;
using Bayu.Crypto.Sm;

namespace Bayu.Cli.Crypto;

/// <summary><c>bayu crypto</c>: SM3 digests, SM4 file encryption and SM2 keys and signatures (国密).</summary>
public static class CryptoCommands
{
    public static Command Build() => new("crypto", "National commercial cryptography: SM2, SM3, SM4 (国产商用密码)")
    {
        BuildSm3(),
        BuildSm4(),
        Sm2Commands.Build(),
    };

    private static Command BuildSm3()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "Files to hash", Arity = ArgumentArity.OneOrMore };
        var command = new Command("sm3", "Print SM3 digests as 'HEX  FILE' lines, like sha256sum") { files };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var buffer = new byte[1 << 16];
            foreach (var file in parseResult.GetValue(files)!)
            {
                using var stream = File.OpenRead(file.FullName);
                var hasher = Sm3.CreateHasher();
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    hasher.Append(buffer.AsSpan(0, read));
                }
                output.WriteLine($"{Convert.ToHexStringLower(hasher.GetHashAndReset())}  {file}");
            }
            return CliRunner.Ok;
        });
        return command;
    }

    private static Command BuildSm4() => new("sm4", "SM4 file encryption; ECB and CBC use PKCS#7 padding as 'openssl enc' does, GCM appends a 16-byte tag")
    {
        BuildSm4Direction("encrypt", encrypt: true),
        BuildSm4Direction("decrypt", encrypt: false),
    };

    private static Command BuildSm4Direction(string name, bool encrypt)
    {
        var mode = new Option<string>("--mode") { Description = "ecb, cbc or gcm", Required = true };
        mode.AcceptOnlyFromAmong("ecb", "cbc", "gcm");
        var key = new Option<string>("--key") { Description = "128-bit key as 32 hex digits", Required = true };
        var iv = new Option<string?>("--iv") { Description = "CBC: 16-byte IV (32 hex digits); GCM: 12-byte nonce (24 hex digits); ECB: none" };
        var input = new Argument<FileInfo>("IN") { Description = "Input file" };
        var output = new Argument<FileInfo>("OUT") { Description = "Output file" };
        var command = new Command(name, encrypt ? "Encrypt IN into OUT" : "Decrypt IN into OUT") { mode, key, iv, input, output };
        command.SetAction(parseResult =>
        {
            var sm4Mode = parseResult.GetValue(mode) switch
            {
                "ecb" => Sm4Mode.Ecb,
                "cbc" => Sm4Mode.Cbc,
                _ => Sm4Mode.Gcm,
            };
            var keyBytes = CliInput.Hex(parseResult.GetValue(key), "--key", Sm4.KeySize);
            var ivText = parseResult.GetValue(iv);
            byte[] ivBytes = sm4Mode switch
            {
                Sm4Mode.Ecb when ivText is not null => throw new CliUsageException("--iv is not used with --mode ecb."),
                Sm4Mode.Ecb => [],
                Sm4Mode.Cbc => CliInput.Hex(ivText, "--iv (CBC IV)", Sm4.BlockSize),
                _ => CliInput.Hex(ivText, "--iv (GCM nonce)", Sm4.GcmNonceSize),
            };
            var data = File.ReadAllBytes(parseResult.GetValue(input)!.FullName);
            byte[] result;
            try
            {
                result = encrypt ? Sm4.Encrypt(sm4Mode, keyBytes, ivBytes, data) : Sm4.Decrypt(sm4Mode, keyBytes, ivBytes, data);
            }
            catch (CryptographicException ex)
            {
                // Decryption that does not check out is a failed verification, not a usage mistake.
                parseResult.InvocationConfiguration.Error.WriteLine($"error: {ex.Message}");
                return CliRunner.Problems;
            }
            File.WriteAllBytes(parseResult.GetValue(output)!.FullName, result);
            return CliRunner.Ok;
        });
        return command;
    }
}
