using System.CommandLine;

namespace Bayu.Cli.Infrastructure;

/// <summary>Runs the root command with Bayu's exit-code convention.</summary>
/// <remarks>
/// Exit codes: 0 success, 1 a check found problems (invalid resource, failed verification),
/// 2 bad usage or bad input (unknown option, unreadable file, malformed key). Commands report
/// bad input by throwing <see cref="CliUsageException"/>; no stack trace ever reaches the user.
/// </remarks>
public static class CliRunner
{
    public const int Ok = 0;
    public const int Problems = 1;
    public const int BadInput = 2;

    public static int Run(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var output = stdout ?? Console.Out;
        var error = stderr ?? Console.Error;
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }
            error.WriteLine("Run with --help for usage.");
            return BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (CliUsageException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {ex.Message}");
            return BadInput;
        }
    }
}

/// <summary>Thrown by a command when its input is unusable; the runner prints the message and exits with 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
