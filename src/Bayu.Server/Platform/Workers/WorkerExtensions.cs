using Bayu.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace Bayu.Server.Platform.Workers;

/// <summary>Registers the outbox (its schema, the dispatcher, the admin queue) and runs the workers in process unless told not to.</summary>
public static class WorkerExtensions
{
    public static IHostApplicationBuilder AddPlatformWorkers(this IHostApplicationBuilder builder, bool forceInProcess = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(OutboxSchema.Migrations);
        builder.Services.AddSingleton(services => new OutboxDispatcher(
            services.GetRequiredService<Bayu.Storage.Store.IResourceStore>(),
            services.GetServices<IOutboxHandler>(),
            services.GetRequiredService<IOptions<WorkerOptions>>().Value.ToOutboxOptions(),
            logger: services.GetRequiredService<ILogger<OutboxDispatcher>>()));
        builder.Services.AddSingleton(services => new OutboxQueue(services.GetRequiredService<Bayu.Storage.Store.IResourceStore>()));
        var inProcess = forceInProcess || builder.Configuration.GetValue($"{WorkerOptions.Section}:{nameof(WorkerOptions.InProcess)}", true);
        if (inProcess)
        {
            builder.Services.AddHostedService<OutboxWorker>();
        }
        return builder;
    }
}
