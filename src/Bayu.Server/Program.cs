using Bayu.Server;
using Bayu.Server.Platform.Workers;

if (args is ["worker", .. var workerArgs])
{
    return await WorkerHost.RunAsync(workerArgs);
}

await ServerHost.Build(args).RunAsync();
return 0;
