using OstreeSharp.Archive;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>export</c>: writes the commit as a PAX tar (xattrs kept) to <c>--output</c> or standard output.</summary>
public sealed class ExportHandler : ICommandHandler<ExportCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(ExportCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        var commit = RevResolver.Resolve(repo, options.Commit);
        var exportOptions = new TarExportOptions { Subpath = options.Subpath, Prefix = options.Prefix, SkipXattrs = options.NoXattrs };
        if (options.Subpath is { } sp && !repo.TryResolvePath(commit, "/" + sp.Trim('/'), out _))
            throw new CliException($"No such file or directory: /{sp.Trim('/')}");
        if (options.Output is { } path)
        {
            FileStream fs;
            try
            {
                fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"Failed to open '{path}'");
            }
            using (fs)
                TarExporter.Export(repo, commit, fs, exportOptions, cancellationToken);
        }
        else
        {
            var raw = context.Console.OpenRawOutput(); // owned by the console: not disposed here
            TarExporter.Export(repo, commit, raw, exportOptions, cancellationToken);
            raw.Flush();
        }
        return Task.FromResult(0);
    }
}
