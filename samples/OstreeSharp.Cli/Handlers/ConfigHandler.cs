using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>config</c>: get, set or unset a key of the repository config.</summary>
public sealed class ConfigHandler : ICommandHandler<ConfigCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(ConfigCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        var config = repo.Config;
        switch (options.Operation)
        {
            case ConfigOperation.Get:
                if (!config.HasGroup(options.Section))
                    throw new CliException($"Key file does not have group \u201c{options.Section}\u201d");
                string value = config.GetString(options.Section, options.Key)
                    ?? throw new CliException($"Key file does not have key \u201c{options.Key}\u201d in group \u201c{options.Section}\u201d");
                context.Console.Out.Write(value + "\n");
                break;
            case ConfigOperation.Set:
                config.SetValue(options.Section, options.Key, options.Value ?? "");
                repo.SaveConfig();
                break;
            case ConfigOperation.Unset:
                if (config.RemoveKey(options.Section, options.Key))
                    repo.SaveConfig();
                break;
        }
        return Task.FromResult(0);
    }
}
