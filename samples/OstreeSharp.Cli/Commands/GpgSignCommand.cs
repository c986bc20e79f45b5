using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>gpg-sign</c>: add (or with <c>-d</c> delete) GPG signatures of a commit.</summary>
public sealed class GpgSignCommand : CliCommand
{
    private readonly Option<bool> _delete;
    private readonly Option<string?> _gpgHomedir;

    /// <summary>Declares the options of <c>ostree gpg-sign</c>.</summary>
    public GpgSignCommand() : base("gpg-sign", "Sign a commit", "COMMIT KEY-ID...", usesRepository: true)
    {
        _delete = AddFlag("delete", 'd', "Delete signatures having any of the GPG KEY-IDs");
        _gpgHomedir = AddString("gpg-homedir", null, "HOMEDIR", "GPG Homedir to use when looking for keyrings");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        if (invocation.Positionals.Count < 1)
        {
            throw new CliUsageException("Need a COMMIT to sign", blankLineAfterUsage: false);
        }
        if (invocation.Positionals.Count < 2)
        {
            throw new CliUsageException("Need at least one GPG KEY-ID to sign with", blankLineAfterUsage: false);
        }
        var options = new GpgSignCommandOptions
        {
            Repository = repo,
            Commit = invocation.Positionals[0],
            KeyIds = invocation.Positionals.Skip(1).ToList(),
            Delete = invocation.Get(_delete),
            GpgHomedir = invocation.Get(_gpgHomedir),
        };
        return invocation.Handlers.GpgSign.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
