namespace Bayu.Server.Security.Accounts;

/// <summary>Sends a one-time sign-in code to a phone; an SMS gateway in production (pluggable), a file in the demo.</summary>
public interface IOneTimeCodeSender
{
    Task SendAsync(string phone, string code, CancellationToken ct);
}

/// <summary>
/// The demo's "SMS gateway": appends <c>time phone code</c> to <c>{data}/demo-sms.log</c>, so a
/// person trying the quick start (or a script) reads the code there. Only for demo phones: the
/// file holds phone numbers, so a production deployment registers a real sender instead.
/// </summary>
public sealed class DemoFileCodeSender(string dataDirectory) : IOneTimeCodeSender
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string FilePath { get; } = Path.Combine(dataDirectory, "demo-sms.log");

    public async Task SendAsync(string phone, string code, CancellationToken ct)
    {
        await Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await File.AppendAllTextAsync(FilePath, $"{DateTimeOffset.UtcNow:O} {phone} {code}\n", ct).ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }
    }
}
