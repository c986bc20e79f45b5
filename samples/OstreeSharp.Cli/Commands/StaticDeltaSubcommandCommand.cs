using System.CommandLine;

namespace OstreeSharp.Cli.Commands;

/// <summary>One <c>static-delta</c> subcommand: its GOption table (as <c>ostree static-delta SUB --help</c> prints it).</summary>
public sealed class StaticDeltaSubcommandCommand : CliCommand
{
    private readonly Option<string?>? _from;
    private readonly Option<string?>? _to;
    private readonly Option<bool>? _empty;
    private readonly Option<bool>? _inline;
    private readonly Option<bool>? _disableBsdiff;
    private readonly Option<bool>? _ifNotExists;
    private readonly Option<string?>? _setEndianness;
    private readonly Option<bool>? _swapEndianness;
    private readonly Option<string?>? _minFallback;
    private readonly Option<string?>? _maxBsdiff;
    private readonly Option<string?>? _maxChunk;
    private readonly Option<string?>? _filename;
    private readonly Option<string[]>? _sign;
    private readonly Option<string?>? _signType;
    private readonly Option<bool>? _lowMemory;

    /// <summary>Declares subcommand <paramref name="subcommand"/>.</summary>
    public StaticDeltaSubcommandCommand(StaticDeltaSubcommand subcommand)
        : base(InternalNamePrefix + NameOf(subcommand), SummaryOf(subcommand), ParametersOf(subcommand), usesRepository: true)
    {
        Subcommand = subcommand;
        switch (subcommand)
        {
            case StaticDeltaSubcommand.Generate:
                _from = AddString("from", null, "REV", "Create delta from revision REV");
                _empty = AddFlag("empty", null, "Create delta from scratch");
                _inline = AddFlag("inline", null, "Inline delta parts into main delta");
                _to = AddString("to", null, "REV", "Create delta to revision REV");
                _disableBsdiff = AddFlag("disable-bsdiff", null, "Disable use of bsdiff");
                _ifNotExists = AddFlag("if-not-exists", 'n', "Only generate if a delta does not already exist");
                _setEndianness = AddString("set-endianness", null, "ENDIAN", "Choose metadata endianness ('l' or 'B')");
                _swapEndianness = AddFlag("swap-endianness", null, "Swap metadata endianness from host order");
                _minFallback = AddString("min-fallback-size", null, null, "Minimum uncompressed size in megabytes for individual HTTP request");
                _maxBsdiff = AddString("max-bsdiff-size", null, null, "Maximum size in megabytes to consider bsdiff compression for input files");
                _maxChunk = AddString("max-chunk-size", null, null, "Maximum size of delta chunks in megabytes");
                _filename = AddString("filename", null, "PATH", "Write the delta content to PATH (a directory).  If not specified, the OSTree repository is used");
                _sign = AddStringArray("sign", null, "KEY_ID", "Sign the delta with");
                _signType = AddString("sign-type", null, "NAME", "Signature type to use (defaults to 'ed25519')");
                _lowMemory = AddFlag("low-memory", null, "Use a 1 MiB xz match finder tree: less memory, slightly larger parts (ostree-sharp extension)");
                break;
            case StaticDeltaSubcommand.ApplyOffline:
            case StaticDeltaSubcommand.Verify:
                _signType = AddString("sign-type", null, "NAME", "Signature type to use (defaults to 'ed25519')");
                break;
            case StaticDeltaSubcommand.Reindex:
                _to = AddString("to", null, "REV", "Only update delta index to revision REV");
                break;
        }
    }

    /// <summary>
    /// Prefix of <see cref="CliCommand.Name"/> (System.CommandLine forbids spaces in command names); help text
    /// shows <c>static-delta SUB</c> instead, see <see cref="FormatHelp"/>.
    /// </summary>
    public const string InternalNamePrefix = "static-delta-";

    /// <summary>The subcommand.</summary>
    public StaticDeltaSubcommand Subcommand { get; }

    /// <summary>The help text, as <c>ostree static-delta SUB --help</c> prints it.</summary>
    public string FormatHelp() =>
        Help.HelpFormatter.FormatCommand(this).Replace(" " + Name + " ", " static-delta " + NameOf(Subcommand) + " ", StringComparison.Ordinal);

    /// <summary>The subcommand's name on the command line.</summary>
    public static string NameOf(StaticDeltaSubcommand subcommand) => subcommand switch
    {
        StaticDeltaSubcommand.List => "list",
        StaticDeltaSubcommand.Show => "show",
        StaticDeltaSubcommand.Delete => "delete",
        StaticDeltaSubcommand.Generate => "generate",
        StaticDeltaSubcommand.ApplyOffline => "apply-offline",
        StaticDeltaSubcommand.Verify => "verify",
        StaticDeltaSubcommand.Indexes => "indexes",
        _ => "reindex",
    };

    /// <summary>The subcommand's one-line summary.</summary>
    public static string SummaryOf(StaticDeltaSubcommand subcommand) => subcommand switch
    {
        StaticDeltaSubcommand.List => "List static delta files",
        StaticDeltaSubcommand.Show => "Dump information on a delta",
        StaticDeltaSubcommand.Delete => "Remove a delta",
        StaticDeltaSubcommand.Generate => "Generate static delta files",
        StaticDeltaSubcommand.ApplyOffline => "Apply static delta file",
        StaticDeltaSubcommand.Verify => "Verify static delta signatures",
        StaticDeltaSubcommand.Indexes => "List static delta indexes",
        _ => "Regenerate static delta indexes",
    };

    private static string ParametersOf(StaticDeltaSubcommand subcommand) => subcommand switch
    {
        StaticDeltaSubcommand.Generate => "[TO]",
        StaticDeltaSubcommand.Verify => "STATIC-DELTA-FILE [KEY-ID...]",
        _ => string.Empty,
    };

    private T? Value<T>(CommandInvocation invocation, Option<T>? option) => option is null ? default : invocation.Get(option);

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var options = new StaticDeltaCommandOptions
        {
            Subcommand = Subcommand,
            Repository = ResolveRepository(invocation),
            Arguments = invocation.Positionals,
            From = Value(invocation, _from),
            To = Value(invocation, _to),
            Empty = Value(invocation, _empty),
            Inline = Value(invocation, _inline),
            DisableBsdiff = Value(invocation, _disableBsdiff),
            IfNotExists = Value(invocation, _ifNotExists),
            SetEndianness = Value(invocation, _setEndianness),
            SwapEndianness = Value(invocation, _swapEndianness),
            MinFallbackSize = Value(invocation, _minFallback),
            MaxBsdiffSize = Value(invocation, _maxBsdiff),
            MaxChunkSize = Value(invocation, _maxChunk),
            Filename = Value(invocation, _filename),
            Sign = Value(invocation, _sign) ?? [],
            SignType = Value(invocation, _signType),
            LowMemory = Value(invocation, _lowMemory),
        };
        return invocation.Handlers.StaticDelta.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
