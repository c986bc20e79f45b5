using System.CommandLine;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>summary</c>: regenerate or print the repository summary. Here <c>-v</c> is <c>--view</c>.</summary>
public sealed class SummaryCommand : CliCommand
{
    private readonly Option<bool> _update;
    private readonly Option<bool> _view;
    private readonly Option<bool> _raw;
    private readonly Option<string[]> _gpgSign;
    private readonly Option<string?> _gpgHomedir;
    private readonly Option<string[]> _sign;
    private readonly Option<string?> _signType;
    private readonly Option<string[]> _addMetadata;

    /// <summary>Declares the options of <c>ostree summary</c>.</summary>
    public SummaryCommand() : base("summary", "Manage summary metadata", string.Empty, usesRepository: true)
    {
        _update = AddFlag("update", 'u', "Update the summary");
        _view = AddFlag("view", 'v', "View the local summary file");
        _raw = AddFlag("raw", null, "View the raw bytes of the summary file");
        _gpgSign = AddStringArray("gpg-sign", null, "KEY-ID", "GPG Key ID to sign the summary with");
        _gpgHomedir = AddString("gpg-homedir", null, "HOMEDIR", "GPG Homedir to use when looking for keyrings");
        _sign = AddStringArray("sign", null, "KEY-ID", "Key ID to sign the summary with");
        _signType = AddString("sign-type", null, "NAME", "Signature type to use (defaults to 'ed25519')");
        _addMetadata = AddStringArray("add-metadata", 'm', "KEY=VALUE", "Additional metadata field to add to the summary");
    }

    /// <inheritdoc/>
    protected override char? VerboseShortName => null;

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var options = new SummaryCommandOptions
        {
            Repository = ResolveRepository(invocation),
            Update = invocation.Get(_update),
            View = invocation.Get(_view),
            Raw = invocation.Get(_raw),
            GpgSign = invocation.GetAll(_gpgSign),
            GpgHomedir = invocation.Get(_gpgHomedir),
            Sign = invocation.GetAll(_sign),
            SignType = invocation.Get(_signType),
            AddMetadata = invocation.GetAll(_addMetadata),
        };
        return invocation.Handlers.Summary.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
