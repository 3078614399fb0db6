using System.CommandLine;
using System.Security.Cryptography;
using Bayu.Cli.Infrastructure;
using Bayu.Crypto.Sm;

namespace Bayu.Cli.Crypto;

/// <summary><c>bayu crypto sm2</c>: keys in PKCS#8/SPKI PEM, DER signatures and GM/T 0009 ciphertexts, all as OpenSSL 3 writes them.</summary>
internal static class Sm2Commands
{
    public static Command Build() => new("sm2", "SM2 keys, signatures (SM3 digest, distinguishing ID) and public-key encryption")
    {
        BuildKeygen(), BuildSign(), BuildVerify(), BuildEncrypt(), BuildDecrypt(),
    };

    private static Option<string> IdOption() => new("--id") { Description = "Distinguishing ID", DefaultValueFactory = _ => Sm2.DefaultId };

    private static Command BuildKeygen()
    {
        var output = new Option<FileInfo>("--out") { Description = "Private key file (PKCS#8 PEM, mode 600)", Required = true };
        var publicOut = new Option<FileInfo?>("--pubout") { Description = "Also write the public key (SubjectPublicKeyInfo PEM)" };
        var command = new Command("keygen", "Generate an SM2 key pair on the recommended curve") { output, publicOut };
        command.SetAction(parseResult =>
        {
            var pair = Sm2KeyPair.Generate();
            CliInput.WritePrivate(parseResult.GetValue(output)!.FullName, pair.PrivateKey.ToPem());
            if (parseResult.GetValue(publicOut) is { } pub)
            {
                File.WriteAllText(pub.FullName, pair.PublicKey.ToPem());
            }
            return CliRunner.Ok;
        });
        return command;
    }

    private static Command BuildSign()
    {
        var key = new Option<FileInfo>("--key") { Description = "Private key (PKCS#8 PEM)", Required = true };
        var id = IdOption();
        var output = new Option<FileInfo>("--out") { Description = "Signature file (DER)", Required = true };
        var file = new Argument<FileInfo>("FILE") { Description = "File to sign" };
        var command = new Command("sign", "Sign FILE; same result as 'openssl pkeyutl -sign -rawin -digest sm3 -pkeyopt distid:ID'") { key, id, output, file };
        command.SetAction(parseResult =>
        {
            var privateKey = CliInput.PrivateKey(parseResult.GetValue(key)!.FullName);
            var signature = CliInput.Guard(() => privateKey.Sign(File.ReadAllBytes(parseResult.GetValue(file)!.FullName), parseResult.GetValue(id)!));
            File.WriteAllBytes(parseResult.GetValue(output)!.FullName, signature);
            return CliRunner.Ok;
        });
        return command;
    }

    private static Command BuildVerify()
    {
        var publicKey = new Option<FileInfo>("--pubkey") { Description = "Public key (SubjectPublicKeyInfo PEM)", Required = true };
        var signature = new Option<FileInfo>("--sig") { Description = "Signature file (DER)", Required = true };
        var id = IdOption();
        var file = new Argument<FileInfo>("FILE") { Description = "Signed file" };
        var command = new Command("verify", "Verify a signature; exit 0 when valid, 1 when not") { publicKey, signature, id, file };
        command.SetAction(parseResult =>
        {
            var key = CliInput.PublicKey(parseResult.GetValue(publicKey)!.FullName);
            var valid = CliInput.Guard(() => key.Verify(
                File.ReadAllBytes(parseResult.GetValue(file)!.FullName),
                File.ReadAllBytes(parseResult.GetValue(signature)!.FullName),
                parseResult.GetValue(id)!));
            parseResult.InvocationConfiguration.Output.WriteLine(valid ? "Signature OK" : "Signature INVALID");
            return valid ? CliRunner.Ok : CliRunner.Problems;
        });
        return command;
    }

    private static Command BuildEncrypt()
    {
        var publicKey = new Option<FileInfo>("--pubkey") { Description = "Recipient public key (PEM)", Required = true };
        var input = new Argument<FileInfo>("IN");
        var output = new Argument<FileInfo>("OUT");
        var command = new Command("encrypt", "Encrypt IN to OUT as a DER SM2Cipher (C1C3C2, GM/T 0009), readable by 'openssl pkeyutl -decrypt'") { publicKey, input, output };
        command.SetAction(parseResult =>
        {
            var key = CliInput.PublicKey(parseResult.GetValue(publicKey)!.FullName);
            var ciphertext = CliInput.Guard(() => Sm2Ciphertext.ToAsn1(key.Encrypt(File.ReadAllBytes(parseResult.GetValue(input)!.FullName))));
            File.WriteAllBytes(parseResult.GetValue(output)!.FullName, ciphertext);
            return CliRunner.Ok;
        });
        return command;
    }

    private static Command BuildDecrypt()
    {
        var privateKey = new Option<FileInfo>("--key") { Description = "Private key (PKCS#8 PEM)", Required = true };
        var input = new Argument<FileInfo>("IN");
        var output = new Argument<FileInfo>("OUT");
        var command = new Command("decrypt", "Decrypt a DER SM2Cipher; exit 1 when it does not decrypt under this key") { privateKey, input, output };
        command.SetAction(parseResult =>
        {
            var key = CliInput.PrivateKey(parseResult.GetValue(privateKey)!.FullName);
            var c1c3c2 = CliInput.Guard(() => Sm2Ciphertext.FromAsn1(File.ReadAllBytes(parseResult.GetValue(input)!.FullName)));
            try
            {
                File.WriteAllBytes(parseResult.GetValue(output)!.FullName, key.Decrypt(c1c3c2));
                return CliRunner.Ok;
            }
            catch (CryptographicException ex)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"error: {ex.Message}");
                return CliRunner.Problems;
            }
        });
        return command;
    }
}
