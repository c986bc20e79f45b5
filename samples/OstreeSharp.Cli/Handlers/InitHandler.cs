using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Repository;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>init</c>: creates a repository; an existing one is left as it is.</summary>
public sealed class InitHandler : ICommandHandler<InitCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(InitCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        string modeText = options.Mode ?? "bare";
        if (!RepoModeExtensions.TryParse(modeText, out var mode) || mode == RepoMode.BareSplitXattrs)
            throw new CliException($"Invalid mode '{modeText}' in repository configuration");
        if (options.CollectionId is { } collectionId && !NameValidation.IsValidCollectionId(collectionId))
            throw new CliException($"Invalid collection ID {collectionId}");
        using var repo = OstreeRepo.Create(options.Repository, mode, options.CollectionId);
        return Task.FromResult(0);
    }
}
