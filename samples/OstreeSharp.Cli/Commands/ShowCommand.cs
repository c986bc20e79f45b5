using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>show</c>: output a metadata object. Only the first positional is used, as ostree does.</summary>
public sealed class ShowCommand : CliCommand
{
    private readonly Option<bool> _printRelated;
    private readonly Option<string?> _printVariantType;
    private readonly Option<string?> _printMetadataKey;
    private readonly Option<string?> _printDetachedMetadataKey;
    private readonly Option<bool> _printSizes;
    private readonly Option<bool> _raw;
    private readonly Option<bool> _noByteswap;
    private readonly Option<string?> _gpgHomedir;
    private readonly Option<string?> _gpgVerifyRemote;

    /// <summary>Declares the options of <c>ostree show</c>.</summary>
    public ShowCommand() : base("show", "Output a metadata object", "OBJECT", usesRepository: true)
    {
        _printRelated = AddFlag("print-related", null, "Show the \"related\" commits");
        _printVariantType = AddString("print-variant-type", null, "TYPE", "Memory map OBJECT (in this case a filename) to the GVariant type string");
        _printMetadataKey = AddString("print-metadata-key", null, "KEY", "Print string value of metadata key");
        _printDetachedMetadataKey = AddString("print-detached-metadata-key", null, "KEY", "Print string value of detached metadata key");
        _printSizes = AddFlag("print-sizes", null, "Show the commit size metadata");
        _raw = AddFlag("raw", null, "Show raw variant data");
        _noByteswap = AddFlag("no-byteswap", 'B', "Do not automatically convert variant data from big endian");
        _gpgHomedir = AddString("gpg-homedir", null, "HOMEDIR", "GPG Homedir to use when looking for keyrings");
        _gpgVerifyRemote = AddString("gpg-verify-remote", null, "REMOTE", "Use REMOTE name for GPG configuration");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        if (invocation.Positionals.Count < 1)
        {
            throw new CliUsageException("An object argument is required");
        }
        var options = new ShowCommandOptions
        {
            Repository = repo,
            Object = invocation.Positionals[0],
            PrintRelated = invocation.Get(_printRelated),
            PrintVariantType = invocation.Get(_printVariantType),
            PrintMetadataKey = invocation.Get(_printMetadataKey),
            PrintDetachedMetadataKey = invocation.Get(_printDetachedMetadataKey),
            PrintSizes = invocation.Get(_printSizes),
            Raw = invocation.Get(_raw),
            NoByteswap = invocation.Get(_noByteswap),
            GpgHomedir = invocation.Get(_gpgHomedir),
            GpgVerifyRemote = invocation.Get(_gpgVerifyRemote),
        };
        return invocation.Handlers.Show.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
