using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Verification;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>fsck</c>: verifies every reachable object, printing ostree's progress lines.</summary>
public sealed class FsckHandler : ICommandHandler<FsckCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(FsckCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (options.VerifyBindings || options.VerifyBackRefs)
            throw new CliException("This fsck option is not supported yet by ostree-sharp");
        using var repo = RepoOpener.Open(options.Repository);
        var o = context.Console.Out;
        var printer = new FsckProgressPrinter(o, options.Quiet, context.Console.IsOutputTerminal);
        FsckResult result;
        try
        {
            result = RepoFsck.Run(repo, new FsckOptions { ContinueOnError = options.All, DeleteCorrupt = options.Delete, AddTombstones = options.AddTombstones },
                printer, cancellationToken);
        }
        catch (FsckFailedException ex) when (ex.Error is { Object: { Type: Objects.ObjectType.Commit } missing } e && e.Message.StartsWith("Loading commit for ref", StringComparison.Ordinal))
        {
            // ostree reports the missing commit object itself before failing on the ref.
            context.Console.Error.Write($"Object missing: {missing}\n");
            throw;
        }
        finally
        {
            printer.Finish();
        }
        foreach (var c in result.TombstonesAdded)
            o.Write($"Adding tombstone for commit {c}\n");
        if (result.Errors.Count > 0)
        {
            foreach (var e in result.Errors)
            {
                context.Console.Error.Write(e.Message + "\n");
                foreach (var c in e.MarkedPartial ?? [])
                    context.Console.Error.Write($"Marking commit as partial: {c}\n");
            }
            throw new CliException("Repository corruption encountered");
        }
        if (result.PartialCommits > 0)
            o.Write($"{result.PartialCommits} partial commits not verified\n");
        if (result.FsckPartialCommits > 0)
            throw new CliException($"{result.FsckPartialCommits} partial commits from fsck-detected corruption");
        o.Write($"object fsck of {result.CommitsVerified} commits completed successfully - no errors found.\n");
        return Task.FromResult(0);
    }

    /// <summary>Synchronous progress sink writing ostree's fsck lines (first and last object when not a terminal).</summary>
    private sealed class FsckProgressPrinter(TextWriter o, bool quiet, bool terminal) : IProgress<FsckProgress>
    {
        private readonly object _gate = new();
        private long _lastPercent = -1;
        private bool _drawn;

        public void Report(FsckProgress value)
        {
            lock (_gate)
            {
                switch (value.Phase)
                {
                    case FsckPhase.ValidatingRefs when !quiet: o.Write("Validating refs...\n"); break;
                    case FsckPhase.ValidatingCollectionRefs when !quiet: o.Write("Validating refs in collections...\n"); break;
                    case FsckPhase.EnumeratingCommits when !quiet: o.Write("Enumerating commits...\n"); break;
                    case FsckPhase.VerifyingObjects when value.Done == 0:
                        if (!quiet)
                            o.Write($"Verifying content integrity of {value.Total} commit objects...\n");
                        break;
                    case FsckPhase.VerifyingObjects:
                        Progress(value.Done, value.Total);
                        break;
                }
            }
        }

        private void Progress(long done, long total)
        {
            long percent = done * 100 / total;
            if (terminal)
            {
                if (percent == _lastPercent && done != total)
                    return;
                _lastPercent = percent;
                const int width = 20;
                int filled = (int)(percent * width / 100);
                o.Write($"\u001b7fsck objects ({done}/{total}) [{new string('=', filled)}{new string(' ', width - filled)}] {percent,3}%\u001b8");
                o.Flush();
                _drawn = true;
                return;
            }
            if (done == 1 && _lastPercent < 0)
            {
                _lastPercent = percent;
                o.Write($"fsck objects ({done}/{total}) {percent}%\n");
            }
            else if (done == total && _lastPercent != 100)
            {
                _lastPercent = 100;
                o.Write($"fsck objects ({done}/{total}) {percent}%\n");
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                if (_drawn)
                    o.Write('\n');
                _drawn = false;
            }
        }
    }
}
