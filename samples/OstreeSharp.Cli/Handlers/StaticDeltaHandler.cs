using System.Globalization;
using System.Text;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Deltas;
using OstreeSharp.Maintenance;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>static-delta</c> subcommands, printing what <c>ostree static-delta</c> 2022.7 prints.</summary>
public sealed class StaticDeltaHandler : ICommandHandler<StaticDeltaCommandOptions>
{
    private const string SignNotImplemented = "Requested signature type is not implemented";

    /// <inheritdoc/>
    public Task<int> ExecuteAsync(StaticDeltaCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        TextWriter output = context.Console.Out;
        switch (options.Subcommand)
        {
            case StaticDeltaSubcommand.List:
                using (var repo = RepoOpener.Open(options.Repository))
                {
                    var deltas = StaticDeltaStore.List(repo);
                    if (deltas.Count == 0)
                        output.Write("(No static deltas)\n");
                    foreach (var d in deltas)
                        output.Write(d + "\n");
                }
                return Task.FromResult(0);
            case StaticDeltaSubcommand.Indexes:
                using (var repo = RepoOpener.Open(options.Repository))
                {
                    var indexes = StaticDeltaStore.ListIndexes(repo);
                    if (indexes.Count == 0)
                        output.Write("(No static deltas indexes)\n");
                    foreach (var i in indexes)
                        output.Write(i + "\n");
                }
                return Task.FromResult(0);
            case StaticDeltaSubcommand.Reindex:
                using (var repo = RepoOpener.Open(options.Repository))
                {
                    Checksum? to = options.To is null ? null : RevResolver.Resolve(repo, options.To);
                    StaticDeltaStore.Reindex(repo, to);
                }
                return Task.FromResult(0);
            case StaticDeltaSubcommand.Show:
                using (var repo = RepoOpener.Open(options.Repository))
                {
                    var name = ParseName(options.Arguments);
                    Show(repo, name, output);
                }
                return Task.FromResult(0);
            case StaticDeltaSubcommand.Delete:
                using (var repo = RepoOpener.Open(options.Repository))
                    StaticDeltaStore.Delete(repo, ParseName(options.Arguments));
                return Task.FromResult(0);
            case StaticDeltaSubcommand.Verify:
                if (options.Arguments.Count == 0)
                    throw new CliException("DELTA must be specified");
                throw new CliException(SignNotImplemented);
            case StaticDeltaSubcommand.ApplyOffline:
                return Task.FromResult(ApplyOffline(options, cancellationToken));
            default:
                return Task.FromResult(Generate(options, context, cancellationToken));
        }
    }

    private static StaticDeltaName ParseName(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0)
            throw new CliException("DELTA must be specified");
        if (!StaticDeltaName.TryParse(arguments[0], out var name))
        {
            string bad = arguments[0];
            int dash = bad.IndexOf('-', StringComparison.Ordinal);
            if (dash >= 0 && Checksum.IsValidLowerHex(bad.AsSpan(0, dash)))
                bad = bad[(dash + 1)..];
            else if (dash >= 0)
                bad = bad[..dash];
            throw new CliException($"Invalid rev {bad}");
        }
        return name;
    }

    private static void Show(OstreeRepo repo, StaticDeltaName name, TextWriter output)
    {
        var sb = StaticDeltaStore.ReadSuperblock(repo, name);
        var text = new StringBuilder();
        text.Append("Delta: ").Append(name).Append('\n');
        text.Append("Signed: ").Append(sb.IsSigned ? "yes" : "no").Append('\n');
        if (sb.From is { } from)
            text.Append("From: ").Append(from).Append('\n');
        else
            text.Append("From <scratch>\n");
        text.Append("To: ").Append(sb.To).Append('\n');
        text.Append("Endianness: ").Append(sb.Endianness == DeltaEndianness.Big ? "big" : "little").Append('\n');
        text.Append("Timestamp: ").Append(sb.Timestamp.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("Number of parents: ").Append(sb.RecursiveDeltaCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("Number of fallback entries: ").Append(sb.Fallbacks.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        ulong fbSize = 0, fbUsize = 0;
        foreach (var fb in sb.Fallbacks)
        {
            text.Append("  ").Append(fb.Object.Checksum).Append('\n');
            fbSize += fb.CompressedSize;
            fbUsize += fb.UncompressedSize;
        }
        AppendSize(text, "Total Fallback Size", fbSize);
        AppendSize(text, "Total Fallback Uncompressed Size", fbUsize);
        text.Append("Number of parts: ").Append(sb.Parts.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        string dir = StaticDeltaStore.GetDirectory(repo, name);
        ulong partSize = 0, partUsize = 0;
        for (int i = 0; i < sb.Parts.Count; i++)
        {
            var p = sb.Parts[i];
            string n = i.ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"PartMeta{n}: nobjects={p.Objects.Count} size={p.CompressedSize} usize={p.UncompressedSize}\n");
            var info = StaticDeltaApplier.InspectPart(sb, i, dir, Path.Combine(repo.Path, "tmp"), StaticDeltaLimits.For(repo.Limits));
            text.Append(CultureInfo.InvariantCulture, $"PartPayload{n}: nmodes={info.ModeCount} nxattrs={info.XattrSetCount} blobsize={info.BlobSize} opsize={info.OperationsSize}\n");
            var c = info.Operations;
            text.Append(CultureInfo.InvariantCulture,
                $"PartPayloadOps{n}: openspliceclose={c.OpenSpliceAndClose} open={c.Open} write={c.Write} setread={c.SetReadSource} unsetread={c.UnsetReadSource} close={c.Close} bspatch={c.Bspatch}\n");
            partSize += p.CompressedSize;
            partUsize += p.UncompressedSize;
        }
        AppendSize(text, "Total Part Size", partSize);
        AppendSize(text, "Total Part Uncompressed Size", partUsize);
        AppendSize(text, "Total Size", partSize + fbSize);
        AppendSize(text, "Total Uncompressed Size", partUsize + fbUsize);
        output.Write(text.ToString());
    }

    private static void AppendSize(StringBuilder text, string label, ulong size) =>
        text.Append(label).Append(": ").Append(size.ToString(CultureInfo.InvariantCulture)).Append(" (").Append(ByteSize.Format(size)).Append(")\n");

    private static int ApplyOffline(StaticDeltaCommandOptions options, CancellationToken cancellationToken)
    {
        if (options.Arguments.Count == 0)
            throw new CliException("PATH must be specified");
        string path = options.Arguments[0];
        if (!Directory.Exists(path) && !File.Exists(path))
            throw new CliException("openat(O_DIRECTORY): No such file or directory");
        using var repo = RepoOpener.Open(options.Repository);
        var limits = StaticDeltaLimits.For(repo.Limits);
        var superblock = StaticDeltaApplier.ReadSuperblock(path, limits);
        if (superblock.Fallbacks.Count > 0)
            throw new CliException("Cannot execute delta offline: contains nonempty http fallback entries");
        string partsDir = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        new StaticDeltaApplier(repo).Apply(superblock, partsDir, cancellationToken);
        return 0;
    }

    /// <summary>Megabytes as ostree reads them (<c>g_ascii_strtoull</c>: leading digits, else 0) times 10^6.</summary>
    private static ulong? Megabytes(string? text)
    {
        if (text is null)
            return null;
        ulong value = 0;
        foreach (char ch in text.TrimStart())
        {
            if (!char.IsAsciiDigit(ch))
                break;
            value = unchecked(value * 10 + (ulong)(ch - '0'));
        }
        return value * 1_000_000;
    }

    private static int Generate(StaticDeltaCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        if (options.Empty && options.From is not null)
            throw new CliException("Cannot specify both --empty and --from=REV");
        string? toRev = options.To ?? (options.Arguments.Count > 0 ? options.Arguments[0] : null);
        if (toRev is null)
            throw new CliException("TO revision must be specified");
        var endianness = BitConverter.IsLittleEndian ? DeltaEndianness.Little : DeltaEndianness.Big;
        if (options.SetEndianness is { } e)
        {
            endianness = e switch
            {
                "l" => DeltaEndianness.Little,
                "B" => DeltaEndianness.Big,
                _ => throw new CliException($"Invalid endianness '{e}'"),
            };
        }
        if (options.SwapEndianness)
            endianness = BitConverter.IsLittleEndian ? DeltaEndianness.Big : DeltaEndianness.Little;
        if (options.Sign.Count > 0)
            throw new CliException(SignNotImplemented);

        using var repo = RepoOpener.Open(options.Repository);
        var to = RevResolver.Resolve(repo, toRev);
        Checksum? from = null;
        if (options.From is { } fromRev)
        {
            from = RevResolver.Resolve(repo, fromRev);
        }
        else if (!options.Empty)
        {
            from = repo.ReadCommit(to).Parent ?? throw new CliException($"Commit {to} has no parent");
        }
        var name = new StaticDeltaName(from, to);
        if (options.IfNotExists && StaticDeltaStore.Exists(repo, name))
        {
            context.Console.Out.Write($"Delta {name} already exists.\n");
            return 0;
        }
        context.Console.Out.Write($"Generating static delta:\n  From: {(from is { } f ? f.ToString() : "empty")}\n  To:   {to}\n");
        context.Console.Out.Flush();

        var generatorOptions = new StaticDeltaGeneratorOptions
        {
            Inline = options.Inline,
            DisableBsdiff = options.DisableBsdiff,
            Endianness = endianness,
            Filename = options.Filename,
        };
        if (Megabytes(options.MinFallbackSize) is { } minFallback)
            generatorOptions.MinFallbackSize = minFallback;
        if (Megabytes(options.MaxBsdiffSize) is { } maxBsdiff)
            generatorOptions.MaxBsdiffSize = maxBsdiff;
        if (Megabytes(options.MaxChunkSize) is { } maxChunk)
            generatorOptions.MaxChunkSize = maxChunk;
        var r = new StaticDeltaGenerator(repo, generatorOptions).Generate(from, to, cancellationToken);

        var err = new StringBuilder();
        err.Append(CultureInfo.InvariantCulture, $"modified: {r.Modified}\n");
        err.Append(CultureInfo.InvariantCulture, $"new reachable: metadata={r.NewMetadata} content regular={r.NewRegularFiles} symlink={r.NewSymlinks}\n");
        err.Append(CultureInfo.InvariantCulture, $"rollsum for {r.RollsumObjects}/{r.Modified} modified\n");
        for (int i = 0; i < r.BsdiffObjects; i++)
            err.Append(CultureInfo.InvariantCulture, $"processing bsdiff: [{i}/{r.BsdiffObjects}]\n");
        for (int i = 0; i < r.Parts.Count; i++)
            err.Append(CultureInfo.InvariantCulture, $"part {i + 1} n:{r.Parts[i].Objects} compressed:{r.Parts[i].Size} uncompressed:{r.Parts[i].UncompressedSize}\n");
        err.Append(CultureInfo.InvariantCulture, $"uncompressed={r.TotalUncompressed} compressed={r.TotalCompressed} loose={r.TotalLoose}\n");
        err.Append(CultureInfo.InvariantCulture, $"rollsum={r.RollsumObjects} objects, {r.RollsumBytes} bytes\n");
        err.Append(CultureInfo.InvariantCulture, $"bsdiff={r.BsdiffObjects} objects\n");
        context.Console.Error.Write(err.ToString());
        return 0;
    }
}
