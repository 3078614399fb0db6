using System.Security.Cryptography;
using Bayu.Crypto.Sm;
using Microsoft.IdentityModel.Tokens;

namespace Bayu.Server.Security;

/// <summary>
/// The authorization server's keys, made on the first start and kept under
/// <c>{data}/keys</c> (owner read/write only), so tokens and accounts survive a restart: the RSA key
/// signing tokens (published in the JWKS), the key encrypting codes and refresh tokens, the
/// HMAC-SM3 key of login names and the SM4 key of phone numbers. Never logged.
/// </summary>
public sealed class SecurityKeys
{
    private SecurityKeys(RsaSecurityKey signing, SymmetricSecurityKey encryption, byte[] login, byte[] phone)
    {
        Signing = signing;
        Encryption = encryption;
        Login = login;
        Phone = phone;
    }

    public RsaSecurityKey Signing { get; }

    public SymmetricSecurityKey Encryption { get; }

    private byte[] Login { get; }

    private byte[] Phone { get; }

    public static SecurityKeys LoadOrCreate(string dataDirectory)
    {
        var directory = Path.Combine(dataDirectory, "keys");
        Directory.CreateDirectory(directory);
        var rsa = RSA.Create();
        var pemPath = Path.Combine(directory, "token-signing.pem");
        if (File.Exists(pemPath))
        {
            rsa.ImportFromPem(File.ReadAllText(pemPath));
        }
        else
        {
            rsa.KeySize = 2048;
            WriteSecret(pemPath, System.Text.Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem()));
            rsa.ImportFromPem(File.ReadAllText(pemPath));
        }
        var signing = new RsaSecurityKey(rsa) { KeyId = Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
        return new SecurityKeys(
            signing,
            new SymmetricSecurityKey(Secret(directory, "token-encryption.key", 32)),
            Secret(directory, "login-names.key", 32),
            Secret(directory, "phone-numbers.key", 16));
    }

    /// <summary>The account table's key of a login name: HMAC-SM3 over the kind and the name as typed, trimmed and upper-cased (an ID number's check letter X).</summary>
    public string LoginKey(Accounts.AccountKind kind, string name) =>
        Convert.ToHexStringLower(Sm3.Hmac(Login, System.Text.Encoding.UTF8.GetBytes($"{(int)kind}:{name.Trim().ToUpperInvariant()}")));

    public string ProtectPhone(string phone)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var sealedPhone = Sm4.EncryptGcm(Phone, nonce, System.Text.Encoding.UTF8.GetBytes(phone), "phone"u8);
        return Convert.ToBase64String([.. nonce, .. sealedPhone]);
    }

    public string UnprotectPhone(string cipher)
    {
        var bytes = Convert.FromBase64String(cipher);
        return System.Text.Encoding.UTF8.GetString(Sm4.DecryptGcm(Phone, bytes.AsSpan(0, 12), bytes.AsSpan(12), "phone"u8));
    }

    private static byte[] Secret(string directory, string name, int length)
    {
        var path = Path.Combine(directory, name);
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            return existing.Length == length ? existing : throw new InvalidDataException($"{name} under the data directory's keys has {existing.Length} bytes, not {length}");
        }
        WriteSecret(path, RandomNumberGenerator.GetBytes(length));
        return File.ReadAllBytes(path);
    }

    private static void WriteSecret(string path, byte[] content)
    {
        // Created with owner-only permissions before a byte is written; another process starting at
        // the same moment loses the race on CreateNew and reads the winner's key.
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using var stream = new FileStream(path, options);
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
    }
}
