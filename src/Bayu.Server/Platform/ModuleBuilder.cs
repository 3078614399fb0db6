using Bayu.Engine.Operations;
using Bayu.Engine.Pipeline;
using Bayu.Storage.Jobs;
using Bayu.Storage.Outbox;
using Bayu.Storage.Schema;

namespace Bayu.Server.Platform;

/// <summary>
/// The seam every capability module is built on (docs/modules.md). A module's <c>Add&lt;Module&gt;</c>
/// starts here and declares, in one place, what it brings: typed options bound and validated at
/// start-up, its own versioned schema, its FHIR operations (listed in the CapabilityStatement), its
/// interceptors in the engine's pipeline, and its outbox handlers and job kinds. Its
/// <c>Map&lt;Module&gt;</c> then maps its endpoints.
/// </summary>
public sealed class ModuleBuilder
{
    internal ModuleBuilder(IHostApplicationBuilder host, string name)
    {
        Host = host;
        Name = name;
    }

    /// <summary>The module's name: its configuration section is <c>Bayu:Modules:&lt;Name&gt;</c>, its schema module the same name.</summary>
    public string Name { get; }

    public IHostApplicationBuilder Host { get; }

    public IServiceCollection Services => Host.Services;

    /// <summary>The configuration section of this module's options.</summary>
    public string Section => "Bayu:Modules:" + Name;

    /// <summary>Binds <typeparamref name="TOptions"/> to <see cref="Section"/> and validates it (data annotations) before the server listens.</summary>
    public ModuleBuilder WithOptions<TOptions>()
        where TOptions : class
    {
        Services.AddOptions<TOptions>().BindSection(Section).ValidateDataAnnotations().ValidateOnStart();
        return this;
    }

    /// <summary>The module's own tables: migrated with the store's at start-up, recorded under its module name.</summary>
    public ModuleBuilder WithMigrations(MigrationSet migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        if (migrations.Module != Name)
        {
            throw new InvalidOperationException($"module {Name} registers migrations named '{migrations.Module}'; a module's schema carries the module's name");
        }
        Services.AddSingleton(migrations);
        return this;
    }

    /// <summary>An operation the module serves through the engine (<c>$name</c> at the levels it declares); the CapabilityStatement lists it.</summary>
    public ModuleBuilder WithOperation<THandler>()
        where THandler : class, IOperationHandler
    {
        Services.AddSingleton<IOperationHandler, THandler>();
        return this;
    }

    /// <summary>A step in the engine's pipeline (authorisation, a business rule, an after-commit hook).</summary>
    public ModuleBuilder WithInterceptor<TInterceptor>()
        where TInterceptor : class, IFhirInterceptor
    {
        Services.AddSingleton<TInterceptor>();
        Services.AddSingleton<IFhirInterceptor>(services => services.GetRequiredService<TInterceptor>());
        return this;
    }

    /// <summary>
    /// A handler of outbox deliveries (at least once: it must be idempotent). Its subscription says
    /// which resource changes and events are written for it, in the transaction that causes them.
    /// </summary>
    public ModuleBuilder WithOutboxHandler<THandler>(Func<string, OutboxSubscription> subscription)
        where THandler : class, IOutboxHandler
    {
        ArgumentNullException.ThrowIfNull(subscription);
        Services.AddSingleton<THandler>();
        Services.AddSingleton<IOutboxHandler>(services => services.GetRequiredService<THandler>());
        Services.AddSingleton(services => subscription(services.GetRequiredService<THandler>().Name));
        return this;
    }

    /// <summary>A kind of durable job (long work with progress, cancel and resume from its checkpoint).</summary>
    public ModuleBuilder WithJob<THandler>()
        where THandler : class, IJobHandler
    {
        Services.AddSingleton<IJobHandler, THandler>();
        return this;
    }
}

/// <summary>What modules are installed (for logs and the capability statement's software section).</summary>
public sealed record InstalledModule(string Name);

public static class ModuleRegistration
{
    /// <summary>Starts the registration of module <paramref name="name"/> (once per module).</summary>
    public static ModuleBuilder AddModule(this IHostApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (builder.Services.Any(s => s.ServiceType == typeof(InstalledModule) && s.ImplementationInstance is InstalledModule m && m.Name == name))
        {
            throw new InvalidOperationException($"module {name} is registered twice");
        }
        builder.Services.AddSingleton(new InstalledModule(name));
        return new ModuleBuilder(builder, name);
    }
}
