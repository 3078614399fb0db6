using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Bayu.Crypto.Sm;

/// <summary>The SM2 recommended curve (sm2p256v1, GB/T 32918.5) and key plumbing shared by the key classes.</summary>
internal static class Sm2Curve
{
    public static readonly ECNamedDomainParameters Domain = CreateDomain();

    private static ECNamedDomainParameters CreateDomain()
    {
        var curve = GMNamedCurves.GetByOid(GMObjectIdentifiers.sm2p256v1);
        return new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, curve);
    }

    public static byte[] ReadPem(string pem, string label, string what)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new FormatException($"No PEM block found in the {what} (expected -----BEGIN {label}-----).");
        }
        var foundLabel = pem[fields.Label];
        if (foundLabel != label)
        {
            throw new FormatException($"The {what} is a '{foundLabel}' PEM block; expected '{label}'.");
        }
        try
        {
            return Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"The {what} PEM body is not valid base64.", ex);
        }
    }

    public static bool IsSm2(ECDomainParameters parameters) =>
        parameters.Curve.Equals(Domain.Curve) && parameters.G.Equals(Domain.G);
}

/// <summary>An SM2 key pair on the recommended curve.</summary>
public sealed class Sm2KeyPair
{
    private Sm2KeyPair(Sm2PrivateKey privateKey) => PrivateKey = privateKey;

    /// <summary>The private key.</summary>
    public Sm2PrivateKey PrivateKey { get; }

    /// <summary>The public key.</summary>
    public Sm2PublicKey PublicKey => PrivateKey.PublicKey;

    /// <summary>Generates a fresh key pair from the system CSPRNG.</summary>
    public static Sm2KeyPair Generate()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Sm2Curve.Domain, new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        return new Sm2KeyPair(new Sm2PrivateKey((ECPrivateKeyParameters)pair.Private));
    }
}

/// <summary>An SM2 private key. <see cref="ToString"/> never reveals the key.</summary>
public sealed class Sm2PrivateKey
{
    internal Sm2PrivateKey(ECPrivateKeyParameters parameters)
    {
        Parameters = parameters;
        var q = Sm2Curve.Domain.G.Multiply(parameters.D).Normalize();
        PublicKey = new Sm2PublicKey(new ECPublicKeyParameters(q, Sm2Curve.Domain));
    }

    internal ECPrivateKeyParameters Parameters { get; }

    /// <summary>The matching public key.</summary>
    public Sm2PublicKey PublicKey { get; }

    /// <summary>Builds a key from its 32-byte big-endian scalar d (1 ≤ d ≤ n − 2).</summary>
    public static Sm2PrivateKey FromScalar(ReadOnlySpan<byte> d)
    {
        var value = new BigInteger(1, d.ToArray());
        if (value.SignValue <= 0 || value.CompareTo(Sm2Curve.Domain.N.Subtract(BigInteger.One)) >= 0)
        {
            throw new ArgumentException("An SM2 private scalar must lie in [1, n − 2].", nameof(d));
        }
        return new Sm2PrivateKey(new ECPrivateKeyParameters(value, Sm2Curve.Domain));
    }

    /// <summary>Reads a PKCS#8 <c>PRIVATE KEY</c> PEM block (as <c>openssl genpkey</c> writes it).</summary>
    public static Sm2PrivateKey FromPem(string pem)
    {
        var der = Sm2Curve.ReadPem(pem, "PRIVATE KEY", "private key");
        AsymmetricKeyParameter key;
        try
        {
            key = PrivateKeyFactory.CreateKey(der);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or SecurityUtilityException)
        {
            throw new FormatException("The private key is not a readable PKCS#8 structure (truncated or damaged).", ex);
        }
        return key is ECPrivateKeyParameters ec && Sm2Curve.IsSm2(ec.Parameters)
            ? new Sm2PrivateKey(new ECPrivateKeyParameters(ec.D, Sm2Curve.Domain))
            : throw new FormatException("The private key is not an SM2 (sm2p256v1) key.");
    }

    /// <summary>Writes the key as a PKCS#8 <c>PRIVATE KEY</c> PEM block, readable by OpenSSL 3.</summary>
    public string ToPem()
    {
        var info = PrivateKeyInfoFactory.CreatePrivateKeyInfo(Parameters);
        return PemEncoding.WriteString("PRIVATE KEY", info.GetDerEncoded()) + "\n";
    }

    /// <summary>Signs <paramref name="message"/> with SM2/SM3 and the distinguishing ID; returns the DER signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message, string distinguishingId = Sm2.DefaultId) =>
        Sm2.Sign(this, message, distinguishingId, new SecureRandom());

    /// <summary>Decrypts an SM2 ciphertext in C1C3C2 layout (see <see cref="Sm2Ciphertext"/> for the ASN.1 form).</summary>
    public byte[] Decrypt(ReadOnlySpan<byte> c1c3c2) => Sm2.Decrypt(this, c1c3c2);

    /// <inheritdoc />
    public override string ToString() => "Sm2PrivateKey(redacted)";
}

/// <summary>An SM2 public key.</summary>
public sealed class Sm2PublicKey
{
    internal Sm2PublicKey(ECPublicKeyParameters parameters) => Parameters = parameters;

    internal ECPublicKeyParameters Parameters { get; }

    /// <summary>The uncompressed point 04 || x || y (65 bytes).</summary>
    public byte[] Encoded => Parameters.Q.GetEncoded(false);

    /// <summary>Builds a key from an encoded point (uncompressed 04||x||y or compressed).</summary>
    public static Sm2PublicKey FromPoint(ReadOnlySpan<byte> encoded)
    {
        try
        {
            var q = Sm2Curve.Domain.Curve.DecodePoint(encoded.ToArray());
            return new Sm2PublicKey(new ECPublicKeyParameters(q, Sm2Curve.Domain));
        }
        catch (ArgumentException ex)
        {
            throw new FormatException("Not a point on the SM2 curve.", ex);
        }
    }

    /// <summary>Reads an X.509 SubjectPublicKeyInfo <c>PUBLIC KEY</c> PEM block (as <c>openssl pkey -pubout</c> writes it).</summary>
    public static Sm2PublicKey FromPem(string pem)
    {
        var der = Sm2Curve.ReadPem(pem, "PUBLIC KEY", "public key");
        AsymmetricKeyParameter key;
        try
        {
            key = PublicKeyFactory.CreateKey(der);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or SecurityUtilityException)
        {
            throw new FormatException("The public key is not a readable SubjectPublicKeyInfo structure (truncated or damaged).", ex);
        }
        return key is ECPublicKeyParameters ec && Sm2Curve.IsSm2(ec.Parameters)
            ? new Sm2PublicKey(new ECPublicKeyParameters(ec.Q, Sm2Curve.Domain))
            : throw new FormatException("The public key is not an SM2 (sm2p256v1) key.");
    }

    /// <summary>Writes the key as a SubjectPublicKeyInfo <c>PUBLIC KEY</c> PEM block.</summary>
    public string ToPem()
    {
        var info = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(Parameters);
        return PemEncoding.WriteString("PUBLIC KEY", info.GetDerEncoded()) + "\n";
    }

    /// <summary>Verifies a DER SM2/SM3 signature made with the same distinguishing ID.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> derSignature, string distinguishingId = Sm2.DefaultId) =>
        Sm2.Verify(this, message, derSignature, distinguishingId);

    /// <summary>Encrypts to this key; returns C1C3C2 (C1 uncompressed).</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext) => Sm2.Encrypt(this, plaintext, new SecureRandom());

    /// <summary>Equal keys have equal points.</summary>
    public bool SameAs(Sm2PublicKey other) => Parameters.Q.Equals(other.Parameters.Q);

    /// <inheritdoc />
    public override string ToString() => $"Sm2PublicKey({Convert.ToHexString(Encoded)})";
}
