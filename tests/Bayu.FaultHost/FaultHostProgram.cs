using Bayu.Server;
using Bayu.Server.Platform.Workers;

namespace Bayu.FaultHost;

/// <summary>
/// Bayu.Server's Program with the probe module added, server or (<c>worker ...</c>) worker. A
/// class rather than top-level statements: those would declare a second global <c>Program</c>
/// next to the server's.
/// </summary>
internal static class FaultHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["worker", .. var workerArgs])
        {
            return await WorkerHost.RunAsync(workerArgs, builder => builder.AddFaultProbe());
        }
        await ServerHost.Build(args, builder => builder.AddFaultProbe()).RunAsync();
        return 0;
    }
}
