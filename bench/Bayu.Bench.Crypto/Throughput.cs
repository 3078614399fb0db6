using System.Diagnostics;
using System.Globalization;

namespace Bayu.Bench.Crypto;

/// <summary>Measures MB/s of a bulk operation and of <c>openssl speed</c> on the same buffer size.</summary>
internal static class Throughput
{
    public const int BufferSize = 16 * 1024;

    /// <summary>Runs <paramref name="operation"/> on 16 KiB buffers for about <paramref name="seconds"/> and returns MB/s (10^6 bytes).</summary>
    public static double Measure(Action<byte[]> operation, double seconds)
    {
        var buffer = new byte[BufferSize];
        Random.Shared.NextBytes(buffer);
        for (var i = 0; i < 50; i++)
        {
            operation(buffer); // warm-up, including tiered JIT
        }
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 64; i++)
            {
                operation(buffer);
            }
            bytes += 64L * BufferSize;
        }
        return bytes / watch.Elapsed.TotalSeconds / 1e6;
    }

    /// <summary><c>openssl speed -evp NAME</c> on 16 KiB blocks; null when OpenSSL is missing or lacks the algorithm.</summary>
    public static double? OpenSsl(string evpName, int seconds)
    {
        try
        {
            var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "speed", "-mr", "-elapsed", "-seconds", seconds.ToString(CultureInfo.InvariantCulture), "-bytes", BufferSize.ToString(CultureInfo.InvariantCulture), "-evp", evpName })
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            _ = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            // Machine-readable result line: +F:<n>:<name>:<bytes per second>
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("+F:", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line.Split(':')[^1], CultureInfo.InvariantCulture) / 1e6;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
