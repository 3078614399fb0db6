using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// Counts the server's "unhandled exception" log entries by exception type, route and throwing
/// frame, so a fuzz summary says what each 5xx was, not only that it happened.
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(ServerErrorLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < LogLevel.Error || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }
            string? Value(string name) => values.FirstOrDefault(v => v.Key == name).Value?.ToString();
            if (Value("Exceptions") is not { } exceptions)
            {
                return;
            }
            var frame = Value("StackTrace")?.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Length > 0)?.Split('(')[0] ?? "";
            log._counts.AddOrUpdate($"{exceptions} in {Value("Route")} {frame}", 1, (_, n) => n + 1);
        }
    }
}
