using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>sign</c>: sign a commit with the signature API (ed25519), verify, or delete signatures.</summary>
public sealed class SignCommand : CliCommand
{
    private readonly Option<bool> _delete;
    private readonly Option<bool> _verify;
    private readonly Option<string?> _signType;
    private readonly Option<string?> _keysFile;

    /// <summary>Declares the options of <c>ostree sign</c>.</summary>
    public SignCommand() : base("sign", "Sign a commit", "COMMIT KEY-ID...", usesRepository: true)
    {
        _delete = AddFlag("delete", 'd', "Delete signatures having any of the KEY-IDs");
        _verify = AddFlag("verify", null, "Verify signatures");
        _signType = AddString("sign-type", 's', "NAME", "Signature type to use (defaults to 'ed25519')");
        _keysFile = AddString("keys-file", null, "PATH", "Read key(s) from file (ostree-sharp extension)");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        bool verify = invocation.Get(_verify);
        if (invocation.Positionals.Count < 1)
        {
            throw new CliUsageException("Need a COMMIT to sign or verify", blankLineAfterUsage: false);
        }
        string? keysFile = invocation.Get(_keysFile);
        if (invocation.Positionals.Count < 2 && !verify && keysFile is null)
        {
            throw new CliUsageException("Need at least one KEY-ID to sign with", blankLineAfterUsage: false);
        }
        var options = new SignCommandOptions
        {
            Repository = repo,
            Commit = invocation.Positionals[0],
            Keys = invocation.Positionals.Skip(1).ToList(),
            Delete = invocation.Get(_delete),
            Verify = verify,
            SignType = invocation.Get(_signType),
            KeysFile = keysFile,
        };
        return invocation.Handlers.Sign.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
