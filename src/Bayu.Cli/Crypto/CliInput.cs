using Bayu.Cli.Infrastructure;
using Bayu.Crypto.Sm;

namespace Bayu.Cli.Crypto;

/// <summary>Turns command-line text and files into keys and bytes, reporting bad input as <see cref="CliUsageException"/>.</summary>
internal static class CliInput
{
    public static byte[] Hex(string? value, string option, int expectedBytes)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CliUsageException($"{option} is required here.");
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(value.Trim());
        }
        catch (FormatException)
        {
            // Never echo the value: it is usually a key.
            throw new CliUsageException($"{option} is not hexadecimal (expected {expectedBytes * 2} hex digits).");
        }
        return bytes.Length == expectedBytes
            ? bytes
            : throw new CliUsageException($"{option} must be {expectedBytes * 2} hex digits ({expectedBytes} bytes); got {bytes.Length * 2}.");
    }

    public static Sm2PrivateKey PrivateKey(string path) => Guard(() => Sm2PrivateKey.FromPem(File.ReadAllText(path)), path);

    public static Sm2PublicKey PublicKey(string path) => Guard(() => Sm2PublicKey.FromPem(File.ReadAllText(path)), path);

    /// <summary>Runs <paramref name="action"/>, turning the library's input errors into usage errors.</summary>
    public static T Guard<T>(Func<T> action, string? context = null)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new CliUsageException(context is null ? ex.Message : $"{context}: {ex.Message}");
        }
    }

    /// <summary>Writes a file that only the owner may read (private keys).</summary>
    public static void WritePrivate(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
