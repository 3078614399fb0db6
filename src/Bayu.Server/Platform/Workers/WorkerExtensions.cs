using Bayu.Engine.Jobs;
using Bayu.Storage.Jobs;
using Bayu.Storage.Outbox;
using Bayu.Storage.Store;
using Microsoft.Extensions.Options;

namespace Bayu.Server.Platform.Workers;

/// <summary>
/// Registers the outbox and the durable jobs (their schemas, the dispatcher and runner, the queues
/// the API reads) and runs both workers in process unless told not to.
/// </summary>
public static class WorkerExtensions
{
    public static IHostApplicationBuilder AddPlatformWorkers(this IHostApplicationBuilder builder, bool forceInProcess = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WorkerOptions>().BindSection(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(OutboxSchema.Migrations);
        builder.Services.AddSingleton(services => new OutboxDispatcher(
            services.GetRequiredService<IResourceStore>(),
            services.GetServices<IOutboxHandler>(),
            services.GetRequiredService<IOptions<WorkerOptions>>().Value.ToOutboxOptions(),
            logger: services.GetRequiredService<ILogger<OutboxDispatcher>>()));
        builder.Services.AddSingleton(services => new OutboxQueue(services.GetRequiredService<IResourceStore>()));
        builder.Services.AddSingleton(JobSchema.Migrations);
        builder.Services.AddSingleton<IJobHandler>(services => new ReindexJob(services.GetRequiredService<IResourceStore>()));
        builder.Services.AddSingleton<Bayu.Engine.Operations.IOperationHandler, ReindexOperation>();
        builder.Services.AddSingleton(services => new JobQueue(services.GetRequiredService<IResourceStore>()));
        builder.Services.AddSingleton(services => new JobRunner(
            services.GetRequiredService<IResourceStore>(),
            services.GetServices<IJobHandler>(),
            services.GetRequiredService<IOptions<WorkerOptions>>().Value.ToJobRunnerOptions(),
            logger: services.GetRequiredService<ILogger<JobRunner>>()));
        var inProcess = forceInProcess || builder.Configuration.GetValue($"{WorkerOptions.Section}:{nameof(WorkerOptions.InProcess)}", true);
        if (inProcess)
        {
            // AddSingleton, not AddHostedService: that adds one service per implementation type, and
            // both loops are PlatformWorkers.
            builder.Services.AddSingleton<IHostedService>(services =>
            {
                var dispatcher = services.GetRequiredService<OutboxDispatcher>();
                return new PlatformWorker("Outbox", dispatcher.Owner, dispatcher.RunAsync, services.GetRequiredService<ILogger<PlatformWorker>>());
            });
            builder.Services.AddSingleton<IHostedService>(services =>
            {
                var runner = services.GetRequiredService<JobRunner>();
                return new PlatformWorker("Job", runner.Owner, runner.RunAsync, services.GetRequiredService<ILogger<PlatformWorker>>());
            });
        }
        return builder;
    }

    /// <summary>Maps the job and outbox endpoints (the server only; a worker process has none).</summary>
    public static IEndpointRouteBuilder MapPlatformWorkers(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapJobs();
        app.MapOutbox();
        return app;
    }
}
